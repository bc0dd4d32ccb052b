import type { ExecutionProviderName } from './execution-providers.js';
import { loadOrt, type OrtLoader, type OrtModule } from './load-ort.js';
import { type CreatedSession, createSession, type SessionSettings } from './session-factory.js';

/** How a pool creates sessions. */
export interface SessionPoolOptions {
  /** Providers to try, in order. */
  order: readonly ExecutionProviderName[];
  /** Session options. */
  settings: SessionSettings;
  /** No fallback: the first provider must work. */
  strict: boolean;
  /** Where `onnxruntime-node` comes from. */
  loadOrt?: OrtLoader;
}

/**
 * The sessions of one model: each graph file gets one session, created on first use and reused by
 * every later call; `dispose` releases them all. Execution-provider failures are remembered across the
 * model's graphs so a missing provider is tried once.
 */
export class SessionPool {
  private readonly sessions = new Map<string, Promise<CreatedSession>>();
  private readonly failures = new Map<ExecutionProviderName, string>();
  private ort: Promise<OrtModule> | undefined;
  private creating: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SessionPoolOptions) {}

  /** The onnxruntime module (imported lazily on first use). */
  runtime(): Promise<OrtModule> {
    this.ort ??= loadOrt(this.options.loadOrt);
    this.ort.catch(() => {
      this.ort = undefined;
    });
    return this.ort;
  }

  /** The session for a graph file, created once. */
  get(modelPath: string): Promise<CreatedSession> {
    let entry = this.sessions.get(modelPath);
    if (!entry) {
      // One at a time, so a provider that fails for the first graph is not tried again for the others.
      entry = this.creating.then(() =>
        this.runtime().then((ort) =>
          createSession(
            ort,
            modelPath,
            this.options.order,
            this.options.settings,
            this.options.strict,
            this.failures,
          ),
        ),
      );
      this.creating = entry.catch(() => undefined);
      this.sessions.set(modelPath, entry);
      entry.catch(() => this.sessions.delete(modelPath));
    }
    return entry;
  }

  /** How many sessions are open. */
  get size(): number {
    return this.sessions.size;
  }

  /** Releases every session. Safe to call twice; later calls create sessions again. */
  async dispose(): Promise<void> {
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    this.failures.clear();
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await (await entry).session.release();
        } catch {
          // A session that failed to create has nothing to release.
        }
      }),
    );
  }
}
