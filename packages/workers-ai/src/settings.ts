import { z } from 'zod';
import { type GatewayOptions, gatewayOptionsSchema } from './run/gateway.js';
import type { AiBinding } from './run/runner.js';

/** REST settings: an account id and an API token with the "Workers AI Read" permission. */
export interface WorkersAIRestSettings {
  /** The Cloudflare account id. */
  accountId: string;
  /** An API token with "Workers AI Read" (never logged; redacted from every error). */
  apiToken: string;
  /** API base URL. Default `https://api.cloudflare.com/client/v4`. */
  baseURL?: string;
  /** AI Gateway base URL. Default `https://gateway.ai.cloudflare.com/v1`. */
  gatewayBaseURL?: string;
  /** Route every call through this AI Gateway. */
  gateway?: GatewayOptions;
  /** An undici `Dispatcher` (Agent with keep-alive, ProxyAgent…) for undici's `request` (Node only; undici is imported lazily). */
  dispatcher?: unknown;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** A custom `fetch`; when given, every call goes through it. */
  fetch?: typeof fetch;
  /**
   * The HTTP client: `auto` (default) uses undici's `request` on Node (about twice the throughput of
   * `fetch` for image bodies) and `fetch` elsewhere (Workers, browsers); `fetch` or `undici` force one.
   */
  http?: 'auto' | 'fetch' | 'undici';
  /**
   * The largest response body read, in bytes. Default 64 MiB (`DEFAULT_MAX_RESPONSE_BYTES`), far above
   * any image a model returns. A body that declares or sends more is refused while it streams
   * (`InvalidResponseError`) and nothing is allocated past it; error bodies are read to 8 KiB.
   */
  maxResponseBytes?: number;
  binding?: never;
}

/** Binding settings, inside a Worker: `{ binding: env.AI }`. */
export interface WorkersAIBindingSettings {
  /** The Workers AI binding (`env.AI`). */
  binding: AiBinding;
  /** Route every call through this AI Gateway (the binding's `gateway` option). */
  gateway?: GatewayOptions;
  accountId?: never;
  apiToken?: never;
  baseURL?: never;
  gatewayBaseURL?: never;
  dispatcher?: never;
  headers?: never;
  fetch?: never;
  http?: never;
  maxResponseBytes?: never;
}

/** Settings of `createWorkersAI`: REST credentials or a binding, never both. */
export type WorkersAISettings = WorkersAIRestSettings | WorkersAIBindingSettings;

/** The zod schema of the REST settings that can come from a config file (secrets as `{ env }` refs, resolved). */
export const workersAISettingsSchema = z
  .object({
    accountId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'must be a Cloudflare account id'),
    apiToken: z.string().min(8, 'must be a Cloudflare API token'),
    baseURL: z.url().optional(),
    gatewayBaseURL: z.url().optional(),
    gateway: gatewayOptionsSchema.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    http: z.enum(['auto', 'fetch', 'undici']).optional(),
    maxResponseBytes: z
      .int()
      .min(1024)
      .optional()
      .describe(
        'Largest response body read, in bytes (default 67108864, 64 MiB); a longer one is refused while it streams.',
      ),
  })
  .strict();
