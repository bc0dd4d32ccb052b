import { AbortError, InvalidResponseError, ProviderError, redactSecrets } from '@pictor/core';
import { capEventStream } from '../text/sse.js';
import { type GatewayOptions, gatewayHeaders } from './gateway.js';
import {
  canUseUndici,
  fetchPost,
  type HttpPost,
  type HttpRequest,
  type HttpResponse,
  importUndici,
  undiciPost,
} from './http.js';
import { mapWorkersAIError, parseRetryAfter } from './map-error.js';
import { modelPath } from './model-path.js';
import { parseJsonBody } from './parse-json-body.js';
import { BodyTooLargeError, utf8Text } from './read-body.js';
import type { AiRunner, MultipartInputs, RunOptions } from './runner.js';

/** Settings of the REST runner. */
export interface RestRunnerSettings {
  accountId: string;
  apiToken: string;
  /** Default `https://api.cloudflare.com/client/v4`. */
  baseURL?: string;
  /** Default `https://gateway.ai.cloudflare.com/v1`. */
  gatewayBaseURL?: string;
  /** Default gateway for every run. */
  gateway?: GatewayOptions;
  /** An undici `Dispatcher` (Agent, ProxyAgent…) for undici's `request` (Node only; undici is imported lazily). */
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
   * The largest response body read, in bytes (default `DEFAULT_MAX_RESPONSE_BYTES`, 64 MiB). A body
   * that declares or sends more is refused while it streams (`InvalidResponseError`); nothing is
   * allocated past it. Error bodies are read to `ERROR_BODY_BYTES` only.
   */
  maxResponseBytes?: number;
}

/** The default cap on a response body: 64 MiB, far above any image a Workers AI model returns. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** How much of an error body is read (the rest is dropped with the connection). */
export const ERROR_BODY_BYTES = 8 * 1024;
/** The deepest JSON nesting accepted in a response (Workers AI answers are a few levels deep). */
export const MAX_JSON_DEPTH = 64;

const DEFAULT_BASE = 'https://api.cloudflare.com/client/v4';
const DEFAULT_GATEWAY_BASE = 'https://gateway.ai.cloudflare.com/v1';

function isMultipart(inputs: Record<string, unknown> | MultipartInputs): inputs is MultipartInputs {
  const part = (inputs as MultipartInputs).multipart;
  return typeof part === 'object' && part !== null && 'body' in part;
}

async function readErrorText(response: HttpResponse): Promise<string> {
  try {
    return utf8Text(await response.bytes({ maxBytes: ERROR_BODY_BYTES, over: 'truncate' }));
  } catch {
    return '';
  }
}

/** Whether `value` nests deeper than `max` (walked with an explicit stack: no recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

function parseEnvelope(text: string): { code?: number; message?: string } {
  try {
    const json = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = Array.isArray(json?.errors) ? json.errors[0] : undefined;
    if (!first) return {};
    return {
      ...(typeof first.code === 'number' ? { code: first.code } : {}),
      ...(typeof first.message === 'string' ? { message: first.message } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The REST implementation of the run seam: `POST {baseURL}/accounts/{id}/ai/run/{model}` with a
 * bearer token, or `{gatewayBaseURL}/{id}/{gateway}/workers-ai/{model}` through AI Gateway.
 * Uses undici's `request` on Node (imported lazily) and `fetch` everywhere else.
 */
export function createRestRunner(settings: RestRunnerSettings): AiRunner {
  const base = (settings.baseURL ?? DEFAULT_BASE).replace(/\/+$/, '');
  const gatewayBase = (settings.gatewayBaseURL ?? DEFAULT_GATEWAY_BASE).replace(/\/+$/, '');
  const maxResponseBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let postPromise: Promise<HttpPost> | undefined;
  const getPost = (): Promise<HttpPost> => {
    if (settings.fetch) return Promise.resolve(fetchPost(settings.fetch));
    // On Node, undici's request (a dependency) is much faster than fetch for image bodies; Workers use fetch.
    const useUndici =
      settings.http === 'undici' ||
      (settings.http !== 'fetch' && (settings.dispatcher !== undefined || canUseUndici()));
    if (!useUndici) return Promise.resolve(fetchPost(globalThis.fetch));
    postPromise ??= importUndici().then(undiciPost, (error: unknown) => {
      if (settings.http === 'undici' || settings.dispatcher !== undefined) throw error;
      return fetchPost(globalThis.fetch);
    });
    return postPromise;
  };

  return {
    transport: 'rest',
    defaultGateway: settings.gateway,
    async run(model, inputs, options: RunOptions = {}) {
      const gateway = options.gateway ?? settings.gateway;
      const account = encodeURIComponent(settings.accountId);
      const path = modelPath(model); // a crafted id is an InvalidRequestError here, before any request
      const url = `${
        gateway
          ? `${gatewayBase}/${account}/${encodeURIComponent(gateway.id)}/workers-ai/${path}`
          : `${base}/accounts/${account}/ai/run/${path}`
      }${options.queueRequest ? '?queueRequest=true' : ''}`;
      const headers: Record<string, string> = {
        ...settings.headers,
        ...options.headers,
        ...(gateway ? gatewayHeaders(gateway) : {}),
        authorization: `Bearer ${settings.apiToken}`,
      };
      const multipart = isMultipart(inputs);
      let body: HttpRequest['body'];
      if (multipart) {
        body = inputs.multipart.body;
        if (!(inputs.multipart.body instanceof FormData))
          headers['content-type'] = inputs.multipart.contentType;
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.rejectIfBusy ? { ...inputs, options: { rejectIfBusy: true } } : inputs);
      }
      const request: HttpRequest = { headers, body };
      if (options.signal) request.signal = options.signal;
      if (settings.dispatcher !== undefined) request.dispatcher = settings.dispatcher;

      const failed = (error: unknown, what: string): never => {
        if (options.signal?.aborted)
          throw new AbortError(undefined, { provider: 'workers-ai', cause: error });
        const reason = redactSecrets(
          error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error),
        );
        throw new ProviderError(`${model}: ${what}: ${reason}`, {
          provider: 'workers-ai',
          cause: error,
          isRetryable: true,
        });
      };

      let response: HttpResponse;
      try {
        response = await (await getPost())(url, request);
      } catch (error) {
        return failed(error, 'network error');
      }
      if (options.onResponse) options.onResponse(response.status, response.headers());
      const contentType = response.header('content-type') ?? '';
      if (response.status === 0 || (response.status >= 300 && response.status <= 399)) {
        // fetch with `redirect: 'manual'` answers a cross-origin redirect as status 0 (opaque) in browsers.
        response.bytes({ maxBytes: 0, over: 'truncate' }).catch(() => {});
        throw new ProviderError(
          `${model}: the server answered a redirect (HTTP ${response.status || '3xx'}); Pictor never follows redirects, which would send the API token and the request elsewhere`,
          {
            provider: 'workers-ai',
            ...(response.status ? { status: response.status } : {}),
            isRetryable: false,
          },
        );
      }
      if (response.status < 200 || response.status > 299) {
        const text = await readErrorText(response);
        const envelope = parseEnvelope(text);
        throw mapWorkersAIError({
          status: response.status,
          ...(envelope.code === undefined ? {} : { code: envelope.code }),
          message:
            envelope.message ?? (text.slice(0, 300) || response.statusText || `HTTP ${response.status}`),
          ...(() => {
            const ms = parseRetryAfter(response.header('retry-after'));
            return ms === undefined ? {} : { retryAfterMs: ms };
          })(),
          body: text,
          model,
          multipartThroughGateway: multipart && gateway !== undefined,
        });
      }
      if (contentType.includes('text/event-stream')) {
        // The size cap holds for event streams too, counted while they stream.
        return capEventStream(response.stream(), maxResponseBytes, model);
      }
      let bytes: Uint8Array;
      try {
        bytes = await response.bytes({ maxBytes: maxResponseBytes });
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          throw new InvalidResponseError(`${model}: ${error.message} (maxResponseBytes)`, {
            provider: 'workers-ai',
            cause: error,
          });
        }
        return failed(error, 'the response body was cut off');
      }
      if (!contentType.includes('json')) return bytes;
      // Parsed once; for an image model the base64 string, nearly all of the body, skips the parser.
      let json: unknown;
      try {
        json = options.expectImage ? parseJsonBody(bytes) : JSON.parse(utf8Text(bytes));
      } catch (error) {
        throw new InvalidResponseError(
          `${model}: the response says JSON but is not: ${redactSecrets(utf8Text(bytes.subarray(0, 120)))}`,
          { provider: 'workers-ai', cause: new Error(redactSecrets((error as Error).message).slice(0, 200)) },
        );
      }
      if (nestsDeeperThan(json, MAX_JSON_DEPTH)) {
        throw new InvalidResponseError(
          `${model}: the response JSON nests deeper than ${MAX_JSON_DEPTH} levels`,
          {
            provider: 'workers-ai',
          },
        );
      }
      if (typeof json === 'object' && json !== null && 'success' in json) {
        const envelope = json as { success: unknown; result?: unknown; errors?: unknown };
        if (envelope.success === false) {
          const first = (Array.isArray(envelope.errors) ? envelope.errors[0] : undefined) as
            | { code?: unknown; message?: unknown }
            | undefined;
          throw mapWorkersAIError({
            status: response.status,
            ...(typeof first?.code === 'number' ? { code: first.code } : {}),
            message: typeof first?.message === 'string' ? first.message : 'success: false without a message',
            body: utf8Text(bytes.subarray(0, ERROR_BODY_BYTES)),
            model,
          });
        }
        return envelope.result;
      }
      return json;
    },
  };
}
