// Fault injection against the fake Workers AI on 127.0.0.1: many requests in flight through
// `createImageClient(workersAI(…))` with `retry()` outside `timeout()`, while the server answers a
// share of them (every attempt drawn anew) with a fault of every kind. Each request must end as the
// exact image the server meant for it or as a typed `PictorError`; the report counts anything else
// (corrupt images, untyped errors, hangs) and watches the server's open sockets and the heap.
// Used by `fault-injection.test.ts` (CI size) and `test/bench/workers-ai-faults.bench.ts` (10,000).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createImageClient, type ImageClient, PictorError, retry, timeout } from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import {
  type FakeBehaviour,
  type FakeWorkersAI,
  noiseJpeg,
  noisePng,
  startFakeWorkersAI,
} from '../fake-workers-ai/index.js';

const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';
const SCHNELL = '@cf/black-forest-labs/flux-1-schnell';

/** Every fault the server injects. */
export const FAULT_KINDS = [
  'rate-limit', // 429 + Retry-After (seconds, an HTTP date, negative, garbage)
  'server-error', // 500 / 502 / 503 envelopes
  'reset-before-headers',
  'reset-mid-body',
  'truncated', // a clean close short of the declared length
  'over-cap', // a body that never ends (past maxResponseBytes)
  'content-length-short', // declared shorter than sent: the client reads a cut image
  'content-length-long', // declared longer than sent, then the connection closes
  'json-error-200', // { success: false } with HTTP 200
  'garbage', // 200 with a body that is not an image (raw) or not base64 (envelope)
  'stall-headers', // no answer within the timeout
  'stall-body', // headers, then a body that comes after the timeout
  'redirect', // a 307 elsewhere: never followed
  'header-valid-garbage', // a real PNG signature, IHDR and IEND around random bytes (raw and base64)
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** What `runFaultInjection` is asked to do. */
export interface FaultRunOptions {
  requests: number;
  inFlight: number;
  /** Share of attempts answered with a fault (0–1). */
  faultRate: number;
  kinds?: readonly FaultKind[];
  /** The per-attempt timeout (`timeout()` inside `retry()`, default 1 s: generous for a loaded machine); stalls outlast it by 300 ms. */
  timeoutMs?: number;
  /** A request not settled after this long counts as a hang. */
  hangMs?: number;
  seed?: number;
}

/** What happened. */
export interface FaultReport {
  requests: number;
  images: number;
  /** Typed errors by code. */
  typedErrors: Record<string, number>;
  corrupt: number;
  untyped: string[];
  hangs: number;
  /** Faults injected, by kind (attempts, retries included). */
  injected: Record<string, number>;
  attempts: number;
  maxOpenSockets: number;
  /** Open sockets on the server once every request settled (idle keep-alive connections). */
  finalOpenSockets: number;
  /** Heap + ArrayBuffers after a GC, once a quarter of the requests were done and at the end (bytes). */
  memoryAtQuarter: number;
  memoryAtEnd: number;
  elapsedMs: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memory(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PNG whose signature, IHDR and IEND are right around random bytes (not a decodable image). */
function headerValidGarbage(like: Uint8Array, next: () => number): Uint8Array {
  const out = new Uint8Array(like);
  for (let i = 41; i < out.length - 12; i++) out[i] = Math.floor(next() * 256);
  return out;
}

const MAX_RESPONSE_BYTES = 64 * 1024;
const POOL = 16;

export async function runFaultInjection(options: FaultRunOptions): Promise<FaultReport> {
  const kinds = options.kinds ?? FAULT_KINDS;
  const timeoutMs = options.timeoutMs ?? 1000;
  const hangMs = options.hangMs ?? 15_000;
  const next = random(options.seed ?? 1);
  const pngs = await Promise.all(Array.from({ length: POOL }, (_, i) => noisePng(1500, i + 1)));
  const jpegs = Array.from({ length: POOL }, (_, i) => noiseJpeg(24, 24, 90, i + 1));
  const injected: Record<string, number> = {};
  let attempts = 0;

  const fault = (kind: FaultKind, model: string, image: Uint8Array): FakeBehaviour => {
    const envelope = model === SCHNELL;
    switch (kind) {
      case 'rate-limit': {
        const values = ['0', '1', '-5', 'soon', new Date(Date.now() - 5000).toUTCString()];
        return {
          type: 'error',
          status: 429,
          code: 3040,
          message: 'Capacity temporarily exceeded',
          retryAfter: values[Math.floor(next() * values.length)]!,
        };
      }
      case 'server-error':
        return { type: 'error', status: [500, 502, 503][Math.floor(next() * 3)]!, code: 7000 };
      case 'reset-before-headers':
        return { type: 'reset' };
      case 'reset-mid-body':
        return { type: 'cut', at: 0.5, how: 'destroy', bytes: image };
      case 'truncated':
        return { type: 'cut', at: 0.7, how: 'end', bytes: image };
      case 'over-cap':
        return {
          type: 'endless',
          contentType: envelope ? 'application/json' : 'image/png',
          chunkBytes: 16 * 1024,
        };
      case 'content-length-short':
        return { type: 'wrong-length', by: -100, bytes: image };
      case 'content-length-long':
        return { type: 'wrong-length', by: 100, bytes: image };
      case 'json-error-200':
        return {
          type: 'raw',
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            success: false,
            errors: [{ code: 3040, message: 'Capacity temporarily exceeded' }],
            messages: [],
            result: null,
          }),
        };
      case 'garbage':
        return envelope
          ? {
              type: 'raw',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ result: { image: 'this is not base64!' }, success: true, errors: [] }),
            }
          : { type: 'garbage', contentType: 'image/png', body: 'this is not an image' };
      case 'header-valid-garbage': {
        const garbage = headerValidGarbage(pngs[0]!, next);
        return envelope
          ? {
              type: 'raw',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                result: { image: Buffer.from(garbage).toString('base64') },
                success: true,
              }),
            }
          : { type: 'garbage', contentType: 'image/png', body: garbage };
      }
      case 'stall-headers':
        return { type: 'delay', ms: timeoutMs + 300, bytes: image };
      case 'stall-body':
        return { type: 'slow-body', ms: timeoutMs + 300, bytes: image };
      case 'redirect':
        return { type: 'redirect', status: 307, location: 'http://127.0.0.1:9/elsewhere' };
    }
  };

  const expectedOf = (model: string, index: number) => (model === SCHNELL ? jpegs : pngs)[index % POOL]!;
  const fake: FakeWorkersAI = await startFakeWorkersAI({
    record: false,
    decide: ({ model, json }) => {
      attempts++;
      const index = Number(/request (\d+)/.exec(String((json as { prompt?: unknown })?.prompt))?.[1]);
      const image = expectedOf(model, index);
      if (next() < options.faultRate) {
        const kind = kinds[Math.floor(next() * kinds.length)]!;
        injected[kind] = (injected[kind] ?? 0) + 1;
        return fault(kind, model, image);
      }
      return { type: 'image', bytes: image, contentType: 'image/png' };
    },
  });

  const middleware = [retry({ maxRetries: 4, initialDelayMs: 2, maxDelayMs: 20 }), timeout(timeoutMs)];
  const clients: { model: string; client: ImageClient }[] = [];
  for (const http of ['undici', 'fetch'] as const) {
    const provider = createWorkersAI({ ...fake.settings, http, maxResponseBytes: MAX_RESPONSE_BYTES });
    for (const model of [SDXL, SCHNELL] as const)
      clients.push({ model, client: createImageClient({ provider: provider(model), middleware }) });
  }

  const report: FaultReport = {
    requests: options.requests,
    images: 0,
    typedErrors: {},
    corrupt: 0,
    untyped: [],
    hangs: 0,
    injected,
    attempts: 0,
    maxOpenSockets: 0,
    finalOpenSockets: 0,
    memoryAtQuarter: 0,
    memoryAtEnd: 0,
    elapsedMs: 0,
  };
  const sampler = setInterval(() => {
    report.maxOpenSockets = Math.max(report.maxOpenSockets, fake.openSockets);
  }, 10);
  const start = performance.now();
  let issued = 0;
  let settled = 0;
  const one = async (index: number) => {
    const { model, client } = clients[index % clients.length]!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), hangMs);
    });
    const outcome = await Promise.race([
      client.generate({ prompt: `request ${index}` }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
      hang,
    ]);
    clearTimeout(timer);
    if (outcome === 'hang') report.hangs++;
    else if ('error' in outcome) {
      if (PictorError.isInstance(outcome.error))
        report.typedErrors[outcome.error.code] = (report.typedErrors[outcome.error.code] ?? 0) + 1;
      else report.untyped.push(String(outcome.error));
    } else {
      const bytes = outcome.result.images[0]?.bytes;
      const expected = expectedOf(model, index);
      if (bytes && Buffer.from(bytes).equals(Buffer.from(expected))) report.images++;
      else report.corrupt++;
    }
  };
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (issued < options.requests) {
        await one(issued++);
        settled++;
        if (settled === Math.floor(options.requests / 4)) report.memoryAtQuarter = memory();
      }
    }),
  );
  report.elapsedMs = performance.now() - start;
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 50));
  report.finalOpenSockets = fake.openSockets;
  report.memoryAtEnd = memory();
  report.attempts = attempts;
  await fake.close();
  return report;
}
