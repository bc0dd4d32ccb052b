// The connection for a `{ url }` input on Node, pinned to the addresses the policy checked: the
// host name is resolved once, every address it gave is checked, and the socket is opened through a
// `lookup` that answers with those addresses only — so a name that resolves to a public address for
// the check and to 127.0.0.1 a moment later (DNS rebinding) still connects to the public one. The
// request goes by name otherwise (Host header, TLS SNI and certificate check use the name).
//
// Built on `node:http`/`node:https` (reached with `process.getBuiltinModule`, so core's main entry
// still loads in Workers, where there is no DNS lookup to pin and `fetch` is used as before) rather
// than undici's `Agent({ connect: { lookup } })`: core has no dependency on undici, and the npm
// undici's dispatcher is not guaranteed to fit the undici inside Node's own `fetch`.

/** What `fetchInput` reads of a response: the part of `Response` both transports give. */
export interface InputResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

interface IncomingMessage {
  statusCode?: number;
  rawHeaders: string[];
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(): unknown;
  readableEnded: boolean;
}

interface ClientRequest {
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): unknown;
}

type LookupCallback = (
  error: Error | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

interface HttpModule {
  request(
    url: URL,
    options: {
      method: string;
      headers: Record<string, string>;
      agent: false;
      signal: AbortSignal;
      lookup: (
        hostname: string,
        options: { all?: boolean; family?: number },
        callback: LookupCallback,
      ) => void;
    },
    callback: (response: IncomingMessage) => void,
  ): ClientRequest;
}

function builtin(id: 'node:http' | 'node:https'): HttpModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as HttpModule | undefined;
}

/** Whether pinned connections can be made here (Node); elsewhere `fetch` is used. */
export function canPin(): boolean {
  return builtin('node:http') !== undefined && builtin('node:https') !== undefined;
}

/** A web stream over a Node response, paused while the reader does not ask (the byte cap stays a cap). */
function bodyOf(response: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      response.on('data', (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) response.pause();
      });
      response.on('end', () => controller.close());
      response.on('error', (error) => controller.error(error));
      // A response cut off before its end (reset, abort) closes without 'end': that is an error.
      response.on('close', () => {
        if (!response.readableEnded) {
          try {
            controller.error(new Error('the connection closed before the body ended'));
          } catch {}
        }
      });
    },
    pull() {
      response.resume();
    },
    cancel() {
      response.destroy();
    },
  });
}

/**
 * GET `url` over a connection to one of `addresses` (already checked against the policy), never to
 * any other address the name might resolve to now. One connection per request (no pooled socket
 * from an earlier resolution is reused).
 */
export function pinnedFetch(
  url: URL,
  addresses: readonly string[],
  signal: AbortSignal,
): Promise<InputResponse> {
  const http = builtin(url.protocol === 'https:' ? 'node:https' : 'node:http');
  if (!http) return Promise.reject(new Error('node:http is not available'));
  const entries = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookup = (
    _hostname: string,
    options: { all?: boolean; family?: number },
    callback: LookupCallback,
  ) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = family ? entries.filter((entry) => entry.family === family) : entries;
    if (usable.length === 0) {
      callback(Object.assign(new Error(`no IPv${family} address was checked`), { code: 'ENOTFOUND' }), '');
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'GET',
        headers: { accept: '*/*', 'accept-encoding': 'identity' },
        agent: false,
        signal,
        lookup,
      },
      (response) => {
        const headers = new Headers();
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
          try {
            headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
          } catch {
            // A header value the web Headers class refuses is dropped; only Location and
            // Content-Length are read.
          }
        }
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, headers, body: bodyOf(response) });
      },
    );
    request.on('error', reject);
    request.end();
  });
}
