import { AbortError } from '../errors/abort-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { isAddressLiteral, isNonPublicAddress } from './private-address.js';

/**
 * Whether and how `{ url }` inputs may be fetched. Off by default: a URL input is an error unless
 * the client is given a policy, because fetching arbitrary URLs on a server is a security decision.
 *
 * With a policy, every hop of a fetch is checked the same way: the scheme (`https:` only unless
 * `allowHttp`), your `allow` function, and the address — `localhost`, loopback, private, link-local
 * (cloud metadata) and other non-public addresses are refused unless `allowPrivateAddresses`, for
 * address literals and, on Node, for every address a name resolves to. Redirects are followed by
 * hand (at most `maxRedirects`), each target checked before it is fetched. The body is counted while
 * it streams and cut off at `maxBytes`; the whole fetch, redirects included, has `timeoutMs`.
 *
 * Where there is no DNS lookup (Cloudflare Workers, browsers) names cannot be resolved first: the
 * literal and `localhost` checks still apply, and a Worker's `fetch` leaves from Cloudflare's network,
 * not from a private one. A name whose address changes between the check and the connection (DNS
 * rebinding) is not caught by the check alone: on servers that can reach private networks, give a
 * `fetch` that goes through an egress proxy, or a `resolveHost` and `fetch` that pin one address.
 */
export interface InputFetchPolicy {
  /** Return true for URLs that may be fetched (for example an allow-list of hosts). Asked for every hop. */
  allow: (url: URL) => boolean;
  /** Largest body accepted, in bytes, counted while it streams. Default 20 MiB. */
  maxBytes?: number;
  /** The fetch to use. Default `globalThis.fetch`. Called with `redirect: 'manual'`. */
  fetch?: typeof fetch;
  /** Redirects followed at most. Default 3; 0 refuses every redirect. */
  maxRedirects?: number;
  /** Time for the whole fetch, redirects and body included, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Allow plain `http:` URLs. Default false (`https:` only). */
  allowHttp?: boolean;
  /** Allow loopback, private, link-local and other non-public addresses. Default false. */
  allowPrivateAddresses?: boolean;
  /**
   * Resolves a host name to its addresses, for the address check. Default: Node's `dns.lookup`
   * (all addresses) where it exists, nothing elsewhere (Workers).
   */
  resolveHost?: (hostname: string) => Promise<readonly string[]>;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 30_000;

type Lookup = (hostname: string, options: { all: true }) => Promise<{ address: string }[]>;

/** Node's `dns.promises.lookup`, reached without a `node:` import (core's main entry runs in Workers). */
function nodeResolver(): ((hostname: string) => Promise<readonly string[]>) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const dns = proc?.getBuiltinModule?.('node:dns') as { promises?: { lookup?: Lookup } } | undefined;
  const lookup = dns?.promises?.lookup;
  if (!lookup) return undefined;
  return async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);
}

async function checkTarget(field: string, url: URL, policy: InputFetchPolicy): Promise<void> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new InvalidRequestError(
      field,
      url.protocol === 'http:'
        ? 'plain http: URLs are not fetched unless the inputFetch policy has allowHttp'
        : `URL scheme ${url.protocol} is not allowed`,
    );
  }
  if (url.username || url.password)
    throw new InvalidRequestError(field, 'URLs with credentials are not fetched');
  if (!policy.allow(url))
    throw new InvalidRequestError(field, `URL host ${url.host} is not allowed by the inputFetch policy`);
  if (policy.allowPrivateAddresses) return;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const refuse = (what: string): never => {
    throw new InvalidRequestError(
      field,
      `URL host ${url.host} ${what}; non-public addresses are not fetched unless the inputFetch policy has allowPrivateAddresses`,
    );
  };
  if (host === 'localhost' || host.endsWith('.localhost')) refuse('is a loopback name');
  if (isAddressLiteral(host)) {
    if (isNonPublicAddress(host)) refuse('is a non-public address');
    return;
  }
  const resolve = policy.resolveHost ?? nodeResolver();
  if (!resolve) return;
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new InvalidRequestError(field, `URL host ${url.host} could not be resolved`, { cause: error });
  }
  if (addresses.length === 0) throw new InvalidRequestError(field, `URL host ${url.host} has no address`);
  const bad = addresses.find(isNonPublicAddress);
  if (bad !== undefined) refuse(`resolves to the non-public address ${bad}`);
}

async function readCapped(field: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new InvalidRequestError(field, `URL body is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new InvalidRequestError(field, `URL body is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Fetches a `{ url }` image input under `policy` (see `InputFetchPolicy`). Every failure is a typed
 * Pictor error naming `field`: `InvalidRequestError` for a refused URL, a redirect out of policy, an
 * HTTP error, an over-long body or a network failure; `TimeoutError` past `timeoutMs`; `AbortError`
 * when `signal` aborts.
 */
export async function fetchInput(
  field: string,
  url: string,
  policy: InputFetchPolicy | undefined,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new InvalidRequestError(field, 'is not a valid URL');
  }
  if (!policy) {
    throw new InvalidRequestError(
      field,
      'URL inputs are not fetched unless the client is created with an inputFetch policy; pass the bytes instead',
    );
  }
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = policy.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const timeoutMs = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const fail = (error: unknown): never => {
    if (timedOut) throw new TimeoutError(timeoutMs, { cause: error });
    if (signal?.aborted) throw new AbortError(undefined, { cause: error });
    if (PictorError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidRequestError(field, `fetching the URL failed: ${reason}`, { cause: error });
  };
  try {
    if (signal?.aborted) throw new AbortError();
    for (let hop = 0; ; hop++) {
      await checkTarget(field, current, policy);
      const response = await (policy.fetch ?? fetch)(current, {
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location)
          throw new InvalidRequestError(field, `the URL answered HTTP ${response.status} without a Location`);
        if (hop >= maxRedirects)
          throw new InvalidRequestError(field, `the URL redirected more than ${maxRedirects} times`);
        try {
          current = new URL(location, current);
        } catch {
          throw new InvalidRequestError(field, 'the URL redirected to an invalid URL');
        }
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new InvalidRequestError(field, `fetching the URL gave HTTP ${response.status}`);
      }
      return await readCapped(field, response, maxBytes);
    }
  } catch (error) {
    return fail(error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
