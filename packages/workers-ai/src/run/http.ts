// The HTTP call behind the REST runner, in two implementations: `fetch` (Workers, browsers, Deno,
// Bun, Node) and undici's `request` (Node: about twice the throughput of `fetch` on large bodies).

import { type ByteStream, parseContentLength, type ReadLimit, readBody, readWebBody } from './read-body.js';

/** What the REST runner needs from a response. */
export interface HttpResponse {
  status: number;
  statusText: string;
  /** One response header (case-insensitive), or null. */
  header(name: string): string | null;
  /** All response headers (built on first use). */
  headers(): Headers;
  /** The body under a byte cap (see `ReadLimit`); a body cut off before its end rejects. */
  bytes(limit: ReadLimit): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
}

/** One POST. */
export interface HttpRequest {
  headers: Record<string, string>;
  body: string | Uint8Array | FormData | ReadableStream<Uint8Array>;
  signal?: AbortSignal;
  dispatcher?: unknown;
}

/** Sends a POST and returns the response headers (the body is read later). */
export type HttpPost = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** `fetch`-based POST. */
export function fetchPost(fetchImpl: typeof fetch): HttpPost {
  return async (url, request) => {
    const init: RequestInit & { dispatcher?: unknown; duplex?: 'half' } = {
      method: 'POST',
      headers: request.headers,
      body: request.body as BodyInit,
      // A redirect would carry the token and the prompt elsewhere: it is answered as an error, never followed.
      redirect: 'manual',
    };
    if (request.signal) init.signal = request.signal;
    if (request.dispatcher !== undefined) init.dispatcher = request.dispatcher;
    if (request.body instanceof ReadableStream) init.duplex = 'half';
    const response = await fetchImpl(url, init);
    return {
      status: response.status,
      statusText: response.statusText,
      header: (name) => response.headers.get(name),
      headers: () => response.headers,
      bytes: (limit) => {
        // fetch inflates a compressed body, which its Content-Length does not measure.
        const length = response.headers.has('content-encoding')
          ? undefined
          : parseContentLength(response.headers.get('content-length'));
        return readWebBody(response.body, length, limit);
      },
      stream: () => response.body ?? new ReadableStream({ start: (c) => c.close() }),
    };
  };
}

interface UndiciBody extends AsyncIterable<Uint8Array>, ByteStream {}
interface UndiciModule {
  request(
    url: string,
    options: Record<string, unknown>,
  ): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: UndiciBody;
  }>;
}

/** undici `request`-based POST (Node). */
export function undiciPost(undici: UndiciModule): HttpPost {
  return async (url, request) => {
    let { body: requestBody, headers: requestHeaders } = request;
    if (requestBody instanceof FormData) {
      // Serialize with the platform's own FormData encoder (undici's request only knows its own FormData class).
      const encoded = new Response(requestBody);
      requestHeaders = {
        ...requestHeaders,
        'content-type': encoded.headers.get('content-type') ?? 'multipart/form-data',
      };
      requestBody = new Uint8Array(await encoded.arrayBuffer());
    }
    const options: Record<string, unknown> = { method: 'POST', headers: requestHeaders, body: requestBody };
    if (request.signal) options.signal = request.signal;
    if (request.dispatcher !== undefined) options.dispatcher = request.dispatcher;
    const response = await undici.request(url, options);
    const raw = response.headers;
    let headers: Headers | undefined;
    const body = response.body;
    return {
      status: response.statusCode,
      statusText: '',
      header: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      headers: () => {
        if (!headers) {
          headers = new Headers();
          for (const [name, value] of Object.entries(raw)) {
            if (value === undefined) continue;
            for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
          }
        }
        return headers;
      },
      bytes: (limit) => {
        const length = raw['content-length'];
        return readBody(body, typeof length === 'string' ? parseContentLength(length) : undefined, limit);
      },
      stream: () => {
        const iterator = body[Symbol.asyncIterator]();
        return new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await iterator.next();
            if (done) controller.close();
            else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
          },
          cancel() {
            body.destroy();
          },
        });
      },
    };
  };
}

/** True on Node (and runtimes that load Node packages), false in Workers and browsers. */
export function canUseUndici(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return false;
  return typeof g.process?.versions?.node === 'string';
}

/** Imports undici lazily; the specifier is hidden from bundlers so that Worker builds never include it. */
export async function importUndici(): Promise<UndiciModule> {
  const specifier = 'undici';
  return (await import(/* @vite-ignore */ specifier)) as UndiciModule;
}
