import { AbortError, InvalidResponseError, ProviderError, redactSecrets } from '@pictor/core';
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
}

const DEFAULT_BASE = 'https://api.cloudflare.com/client/v4';
const DEFAULT_GATEWAY_BASE = 'https://gateway.ai.cloudflare.com/v1';

function isMultipart(inputs: Record<string, unknown> | MultipartInputs): inputs is MultipartInputs {
  const part = (inputs as MultipartInputs).multipart;
  return typeof part === 'object' && part !== null && 'body' in part;
}

async function readText(response: HttpResponse): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

function parseEnvelope(text: string): { code?: number; message?: string } {
  try {
    const json = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = json.errors?.[0];
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
      if (response.status < 200 || response.status > 299) {
        const text = await readText(response);
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
        return response.stream();
      }
      if (contentType.includes('json')) {
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          return failed(error, 'the response body was cut off');
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          throw new InvalidResponseError(
            `${model}: the response says JSON but is not: ${redactSecrets(text.slice(0, 120))}`,
            {
              provider: 'workers-ai',
              cause: error,
            },
          );
        }
        if (typeof json === 'object' && json !== null && 'success' in json) {
          const envelope = json as {
            success: unknown;
            result?: unknown;
            errors?: { code?: number; message?: string }[];
          };
          if (envelope.success === false) {
            const first = envelope.errors?.[0];
            throw mapWorkersAIError({
              status: response.status,
              ...(typeof first?.code === 'number' ? { code: first.code } : {}),
              message: first?.message ?? 'success: false without a message',
              body: text,
              model,
            });
          }
          return envelope.result;
        }
        return json;
      }
      try {
        return await response.bytes();
      } catch (error) {
        return failed(error, 'the response body was cut off');
      }
    },
  };
}
