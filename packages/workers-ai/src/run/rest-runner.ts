import { AbortError, InvalidResponseError, ProviderError, redactSecrets } from '@pictor/core';
import { type GatewayOptions, gatewayHeaders } from './gateway.js';
import { mapWorkersAIError, parseRetryAfter } from './map-error.js';
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
  /** An undici `Dispatcher` (Agent, ProxyAgent…); REST then goes through undici's own `fetch` (Node only). */
  dispatcher?: unknown;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

const DEFAULT_BASE = 'https://api.cloudflare.com/client/v4';
const DEFAULT_GATEWAY_BASE = 'https://gateway.ai.cloudflare.com/v1';

function isMultipart(inputs: Record<string, unknown> | MultipartInputs): inputs is MultipartInputs {
  const part = (inputs as MultipartInputs).multipart;
  return typeof part === 'object' && part !== null && 'body' in part;
}

async function readText(response: Response): Promise<string> {
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
 * Uses `fetch` (works in Workers, Node, Deno, Bun); undici only when a `dispatcher` is given.
 */
export function createRestRunner(settings: RestRunnerSettings): AiRunner {
  const base = (settings.baseURL ?? DEFAULT_BASE).replace(/\/+$/, '');
  const gatewayBase = (settings.gatewayBaseURL ?? DEFAULT_GATEWAY_BASE).replace(/\/+$/, '');
  let fetchPromise: Promise<typeof fetch> | undefined;
  const getFetch = (): Promise<typeof fetch> => {
    if (settings.fetch) return Promise.resolve(settings.fetch);
    if (settings.dispatcher === undefined) return Promise.resolve(globalThis.fetch);
    fetchPromise ??= import('undici').then((undici) => undici.fetch as unknown as typeof fetch);
    return fetchPromise;
  };

  return {
    transport: 'rest',
    defaultGateway: settings.gateway,
    async run(model, inputs, options: RunOptions = {}) {
      const gateway = options.gateway ?? settings.gateway;
      const account = encodeURIComponent(settings.accountId);
      const url = gateway
        ? `${gatewayBase}/${account}/${encodeURIComponent(gateway.id)}/workers-ai/${model}`
        : `${base}/accounts/${account}/ai/run/${model}`;
      const headers: Record<string, string> = {
        ...settings.headers,
        ...options.headers,
        ...(gateway ? gatewayHeaders(gateway) : {}),
        authorization: `Bearer ${settings.apiToken}`,
      };
      const multipart = isMultipart(inputs);
      let body: BodyInit;
      if (multipart) {
        body = inputs.multipart.body as BodyInit;
        if (!(inputs.multipart.body instanceof FormData))
          headers['content-type'] = inputs.multipart.contentType;
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.rejectIfBusy ? { ...inputs, options: { rejectIfBusy: true } } : inputs);
      }
      const init: RequestInit & { dispatcher?: unknown; duplex?: 'half' } = { method: 'POST', headers, body };
      if (options.signal) init.signal = options.signal;
      if (settings.dispatcher !== undefined) init.dispatcher = settings.dispatcher;
      if (body instanceof ReadableStream) init.duplex = 'half';

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

      let response: Response;
      try {
        response = await (await getFetch())(url, init);
      } catch (error) {
        return failed(error, 'network error');
      }
      options.onResponse?.(response.status, response.headers);
      const contentType = response.headers.get('content-type') ?? '';
      if (!response.ok) {
        const text = await readText(response);
        const envelope = parseEnvelope(text);
        throw mapWorkersAIError({
          status: response.status,
          ...(envelope.code === undefined ? {} : { code: envelope.code }),
          message: envelope.message ?? (text.slice(0, 300) || response.statusText || 'no message'),
          ...(() => {
            const ms = parseRetryAfter(response.headers.get('retry-after'));
            return ms === undefined ? {} : { retryAfterMs: ms };
          })(),
          body: text,
          model,
          multipartThroughGateway: multipart && gateway !== undefined,
        });
      }
      if (contentType.includes('text/event-stream')) {
        if (!response.body)
          throw new InvalidResponseError(`${model}: event stream without a body`, { provider: 'workers-ai' });
        return response.body;
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
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        return failed(error, 'the response body was cut off');
      }
    },
  };
}
