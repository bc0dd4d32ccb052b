import { AbortError } from '../errors/abort-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { PictorError } from '../errors/pictor-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { canPin, type InputResponse, pinnedFetch } from './pinned-fetch.js';
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
 * On Node, without a `fetch` of your own, the connection is pinned to the checked addresses: the
 * name is resolved once, every address is checked, and the socket can only be opened to those (a
 * name that answers a public address for the check and 127.0.0.1 for the connection — DNS
 * rebinding — still reaches the public one). Where there is no DNS lookup (Cloudflare Workers,
 * browsers) names cannot be resolved first: the literal and `localhost` checks still apply, and a
 * Worker's `fetch` leaves from Cloudflare's network, not from a private one. A `fetch` of your own
 * makes its own connections: pin them yourself, or send them through an egress proxy.
 */
export interface InputFetchPolicy {
  /** Return true for URLs that may be fetched (for example an allow-list of hosts). Asked for every hop. */
  allow: (url: URL) => boolean;
  /** Largest body accepted, in bytes, counted while it streams. Default 20 MiB. */
  maxBytes?: number;
  /**
   * The fetch to use, called with `redirect: 'manual'`. Default: on Node a connection pinned to the
   * checked addresses, elsewhere `globalThis.fetch`. Yours is not pinned: it resolves names itself.
   */
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
   * Resolves a host name to its addresses, for the address check and (on Node, without your own
   * `fetch`) for the connection, which goes to one of the addresses it returned. Called once per
   * hop. Default: Node's `dns.lookup` (all addresses) where it exists, nothing elsewhere (Workers).
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

/**
 * Checks one hop against the policy. Returns the addresses the host name resolved to, every one of
 * them checked, when a lookup was made: the connection must go to one of these and nowhere else.
 */
async function checkTarget(
  field: string,
  url: URL,
  policy: InputFetchPolicy,
): Promise<readonly string[] | undefined> {
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
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const refuse = (what: string): never => {
    throw new InvalidRequestError(
      field,
      `URL host ${url.host} ${what}; non-public addresses are not fetched unless the inputFetch policy has allowPrivateAddresses`,
    );
  };
  const open = policy.allowPrivateAddresses === true;
  if (!open && (host === 'localhost' || host.endsWith('.localhost'))) refuse('is a loopback name');
  if (isAddressLiteral(host)) {
    if (!open && isNonPublicAddress(host)) refuse('is a non-public address');
    return undefined;
  }
  // With allowPrivateAddresses nothing needs checking, but a resolveHost of your own is still the
  // name's only resolver: the connection goes where it says.
  if (open && !policy.resolveHost) return undefined;
  const resolve = policy.resolveHost ?? nodeResolver();
  if (!resolve) return undefined;
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new InvalidRequestError(field, `URL host ${url.host} could not be resolved`, { cause: error });
  }
  if (addresses.length === 0) throw new InvalidRequestError(field, `URL host ${url.host} has no address`);
  if (!open) {
    const bad = addresses.find(isNonPublicAddress);
    if (bad !== undefined) refuse(`resolves to the non-public address ${bad}`);
  }
  return [...addresses];
}

async function readCapped(field: string, response: InputResponse, maxBytes: number): Promise<Uint8Array> {
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
      const addresses = await checkTarget(field, current, policy);
      // Pinned to the checked addresses where the name was resolved here and no fetch of your own
      // was given (see pinned-fetch.ts); your fetch, or a Worker's, connects as it connects.
      const response: InputResponse =
        addresses && !policy.fetch && canPin()
          ? await pinnedFetch(current, addresses, controller.signal)
          : await (policy.fetch ?? fetch)(current, { redirect: 'manual', signal: controller.signal });
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
