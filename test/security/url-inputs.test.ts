// `{ url }` inputs under an inputFetch policy, against a real server on 127.0.0.1 that redirects to
// loopback, private and internal addresses, drips, and streams a body without end. The server is
// reached as `images.test` (resolveHost says a public address, the fetch routes the name to
// 127.0.0.1, as an egress proxy would), so the first hop passes the policy and every later hop is
// the one under test.

import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import {
  AbortError,
  createImageClient,
  encodePng,
  type InputFetchPolicy,
  InvalidRequestError,
  PictorError,
  TimeoutError,
} from '@pictor/core';
import { mockProvider } from '@pictor/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let port: number;
let png: Uint8Array;
let hugeBytesSent = 0;
const fetched: string[] = [];
/** The Host header of every request the loopback server answered. */
const hits: string[] = [];

beforeAll(async () => {
  png = await encodePng({ width: 8, height: 8, data: new Uint8Array(256).fill(90) });
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.push(request.headers.host ?? '');
    const redirect = (location: string) => {
      response.writeHead(302, { location });
      response.end();
    };
    if (path === '/ok') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(png);
    } else if (path === '/to-loopback') redirect(`http://127.0.0.1:${port}/ok`);
    else if (path === '/to-loopback-v6') redirect(`http://[::ffff:127.0.0.1]:${port}/ok`);
    else if (path === '/to-metadata') redirect('http://169.254.169.254/latest/meta-data/');
    else if (path === '/to-private') redirect('http://10.1.2.3/ok');
    else if (path === '/to-internal-name') redirect('http://internal.test/ok');
    else if (path === '/to-localhost') redirect(`http://localhost:${port}/ok`);
    else if (path === '/to-file') redirect('file:///etc/passwd');
    else if (path === '/to-https-elsewhere') redirect('https://elsewhere.test/ok');
    else if (path === '/loop') redirect('/loop');
    else if (path.startsWith('/chain/')) {
      const n = Number(path.slice(7));
      if (n === 0) {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(png);
      } else redirect(`/chain/${n - 1}`);
    } else if (path === '/drip') {
      response.writeHead(200, { 'content-type': 'image/png' });
      const timer = setInterval(() => response.write(new Uint8Array([0x89])), 100);
      response.on('close', () => clearInterval(timer));
    } else if (path === '/huge') {
      // Chunked, no Content-Length, 256 MiB if nobody stops reading.
      response.writeHead(200, { 'content-type': 'image/png' });
      const chunk = new Uint8Array(64 * 1024).fill(7);
      let sent = 0;
      const pump = () => {
        while (sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          hugeBytesSent = sent;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => {
        hugeBytesSent = sent;
      });
      pump();
    } else if (path === '/declared-huge') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(200 * 1024 * 1024) });
      response.write(png);
    } else {
      response.writeHead(500);
      response.end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

/** Routes `images.test` to the local server, as a proxy would; anything else is not reachable. */
const routed: typeof fetch = (input, init) => {
  const url = new URL(String(input instanceof Request ? input.url : input));
  fetched.push(url.href);
  if (url.hostname === 'images.test' || url.hostname === '127.0.0.1') {
    url.protocol = 'http:';
    url.host = `127.0.0.1:${port}`;
    return fetch(url, init);
  }
  return Promise.reject(new TypeError(`fetch failed: getaddrinfo ENOTFOUND ${url.hostname}`));
};

function policy(extra: Partial<InputFetchPolicy> = {}): InputFetchPolicy {
  return {
    allow: () => true,
    allowHttp: true,
    fetch: routed,
    resolveHost: async (name) =>
      name === 'images.test'
        ? ['93.184.215.14']
        : name === 'internal.test'
          ? ['192.168.7.7']
          : ['203.0.114.9'],
    ...extra,
  };
}

async function editWith(url: string, inputFetch: InputFetchPolicy, signal?: AbortSignal): Promise<unknown> {
  const client = createImageClient({ provider: mockProvider(), inputFetch });
  try {
    await client.edit({ mode: 'img2img', prompt: 'x', image: { url } }, signal ? { signal } : {});
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectRefused(error: unknown, pattern: RegExp) {
  expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidRequestError).field).toBe('image');
  expect((error as Error).message).toMatch(pattern);
}

describe('{ url } inputs', () => {
  it('fetch through an allowing policy, following a few redirects', async () => {
    expect(await editWith('http://images.test/ok', policy())).toBeUndefined();
    expect(await editWith('http://images.test/chain/3', policy())).toBeUndefined();
    expectRefused(await editWith('http://images.test/chain/4', policy()), /redirected more than 3 times/);
    expectRefused(await editWith('http://images.test/loop', policy()), /redirected more than 3 times/);
    expectRefused(await editWith('http://images.test/chain/1', policy({ maxRedirects: 0 })), /more than 0/);
  });

  it('re-check the policy on every hop: loopback, metadata, private, internal names, other schemes', async () => {
    const cases: [string, RegExp][] = [
      ['/to-loopback', /127\.0\.0\.1.*non-public/],
      ['/to-loopback-v6', /non-public/],
      ['/to-metadata', /169\.254\.169\.254.*non-public/],
      ['/to-private', /10\.1\.2\.3.*non-public/],
      ['/to-internal-name', /resolves to the non-public address 192\.168\.7\.7/],
      ['/to-localhost', /loopback name/],
      ['/to-file', /scheme file: is not allowed/],
    ];
    for (const [path, pattern] of cases) {
      fetched.length = 0;
      expectRefused(await editWith(`http://images.test${path}`, policy()), pattern);
      // Only the first hop was fetched: the refused target never was.
      expect(fetched, path).toEqual([`http://images.test${path}`]);
    }
    const onlyImages = policy({ allow: (url) => url.hostname === 'images.test' });
    expectRefused(
      await editWith('http://images.test/to-https-elsewhere', onlyImages),
      /not allowed by the inputFetch policy/,
    );
  });

  it('are https only unless allowHttp, and refuse non-public addresses unless allowPrivateAddresses', async () => {
    expectRefused(await editWith('http://images.test/ok', policy({ allowHttp: false })), /plain http/);
    expectRefused(await editWith(`http://127.0.0.1:${port}/ok`, policy()), /non-public/);
    expectRefused(await editWith(`http://user:pw@images.test/ok`, policy()), /credentials/);
    expect(
      await editWith(`http://127.0.0.1:${port}/ok`, policy({ allowPrivateAddresses: true })),
    ).toBeUndefined();
  });

  it('resolve names with Node DNS by default and refuse a name that resolves to a non-public address', async () => {
    const name = hostname();
    const addresses = (await lookup(name, { all: true }).catch(() => [])).map((entry) => entry.address);
    const error = await editWith(`https://${name}/ok`, { allow: () => true, fetch: routed });
    if (addresses.length === 0) expectRefused(error, /could not be resolved/);
    else if (
      addresses.some((a) => /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:|f[cd])/.test(a))
    )
      expectRefused(error, /resolves to the non-public address/);
    else expect(String(error)).not.toMatch(/non-public/);
  });

  it('cut a huge chunked body off at maxBytes while it streams, and refuse a huge Content-Length unread', async () => {
    hugeBytesSent = 0;
    expectRefused(
      await editWith('http://images.test/huge', policy({ maxBytes: 1024 * 1024 })),
      /over the 1048576-byte limit/,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The server stopped well before 256 MiB: the client cancelled the stream (socket buffers allow a few MiB).
    expect(hugeBytesSent).toBeLessThan(32 * 1024 * 1024);
    expectRefused(
      await editWith('http://images.test/declared-huge', policy({ maxBytes: 1024 * 1024 })),
      /209715200 bytes/,
    );
  });

  it('time out on a slow drip, abort on the signal, and type every failure', async () => {
    const slow = await editWith('http://images.test/drip', policy({ timeoutMs: 400 }));
    expect(TimeoutError.isInstance(slow), String(slow)).toBe(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const aborted = await editWith('http://images.test/drip', policy(), controller.signal);
    expect(AbortError.isInstance(aborted), String(aborted)).toBe(true);
    expectRefused(await editWith('http://images.test/missing', policy()), /HTTP 500/);
    const unreachable = await editWith('https://nowhere.test/x', policy());
    expectRefused(unreachable, /fetching the URL failed/);
    expect(PictorError.isInstance(unreachable)).toBe(true);
  });
});

describe('{ url } inputs against DNS rebinding', () => {
  /** A resolver that answers `first` for the first question about a name and `then` ever after, as a rebinding DNS server does with a TTL of 0. */
  function rebinding(first: string[], then: string[]) {
    const asked: string[] = [];
    const resolveHost = async (name: string) => {
      asked.push(name);
      return asked.length === 1 ? first : then;
    };
    return { asked, resolveHost };
  }

  it('connect to the address that was resolved and checked, by name (Host header), without a fetch of your own', async () => {
    // `pinned.test` exists in no DNS: the request can only reach the server through the resolver's answer.
    hits.length = 0;
    const dns = rebinding(['127.0.0.1'], ['127.0.0.1']);
    const error = await editWith(`http://pinned.test:${port}/ok`, {
      allow: () => true,
      allowHttp: true,
      allowPrivateAddresses: true,
      resolveHost: dns.resolveHost,
    });
    expect(error).toBeUndefined();
    expect(hits).toEqual([`pinned.test:${port}`]);
    expect(dns.asked).toEqual(['pinned.test']);
    // The pinned connection keeps the other bounds: the byte cap while streaming, the timeout, typed HTTP errors.
    const pinned = (extra: Partial<InputFetchPolicy> = {}): InputFetchPolicy => ({
      allow: () => true,
      allowHttp: true,
      allowPrivateAddresses: true,
      resolveHost: async () => ['127.0.0.1'],
      ...extra,
    });
    hugeBytesSent = 0;
    expectRefused(
      await editWith(`http://pinned.test:${port}/huge`, pinned({ maxBytes: 1024 * 1024 })),
      /over the 1048576-byte limit/,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hugeBytesSent).toBeLessThan(32 * 1024 * 1024);
    const slow = await editWith(`http://pinned.test:${port}/drip`, pinned({ timeoutMs: 400 }));
    expect(TimeoutError.isInstance(slow), String(slow)).toBe(true);
    expectRefused(await editWith(`http://pinned.test:${port}/missing`, pinned()), /HTTP 500/);
    expect(await editWith(`http://pinned.test:${port}/chain/2`, pinned())).toBeUndefined();
  });

  it('a name that answers a public address for the check, then 127.0.0.1, never reaches the loopback server', async () => {
    hits.length = 0;
    const dns = rebinding(['93.184.215.14'], ['127.0.0.1']);
    const error = await editWith(`http://rebind.test:${port}/ok`, {
      allow: () => true,
      allowHttp: true,
      resolveHost: dns.resolveHost,
      // The public address is not reachable from a test machine (or answers nothing useful): the
      // fetch fails or times out, either way as a typed error.
      timeoutMs: 2_000,
    });
    expect(PictorError.isInstance(error), String(error)).toBe(true);
    expect(hits).toEqual([]);
    // Resolved once: the connection asked nobody else where the name points.
    expect(dns.asked).toEqual(['rebind.test']);
  });

  it('a name whose answers mix a public and a loopback address is refused before any connection', async () => {
    hits.length = 0;
    const dns = rebinding(['93.184.215.14', '127.0.0.1'], ['127.0.0.1']);
    const error = await editWith(`http://mixed.test:${port}/ok`, {
      allow: () => true,
      allowHttp: true,
      resolveHost: dns.resolveHost,
    });
    expectRefused(error, /resolves to the non-public address 127\.0\.0\.1/);
    expect(hits).toEqual([]);
  });
});
