// Local fakes of five image APIs that AI SDK provider packages call, on 127.0.0.1, one server with a
// path prefix per vendor. Each follows the vendor's public API reference (request fields, auth
// header, response envelope, error envelope, async polling); see the vendor files. Images are solid
// PNGs in the prompt's colour (test/fake-workers-ai/images.ts) at the size the request asked for.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { colourOf, solidImage } from '../../fake-workers-ai/index.js';
import { handleBfl } from './bfl.js';
import { handleFal } from './fal.js';
import { handleGoogle } from './google.js';
import { handleOpenAI } from './openai.js';
import { handleReplicate } from './replicate.js';

/** The vendors served, each under `/<vendor>`. */
export type Vendor = 'openai' | 'fal' | 'replicate' | 'google' | 'bfl';

/** A request a vendor fake received. */
export interface RecordedRequest {
  vendor: Vendor | 'files';
  method: string;
  /** Path below the vendor prefix, with the query. */
  path: string;
  headers: Record<string, string>;
  json?: unknown;
  /** Multipart fields; files as `{ filename, type, size }`. */
  form?: Record<string, unknown>;
}

/** What the next matching request gets instead of its normal answer. */
export type VendorBehaviour =
  | { type: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { type: 'delay'; ms: number }
  | { type: 'moderated' };

/** What a vendor handler is given. */
export interface VendorContext {
  request: RecordedRequest;
  /** The key every vendor accepts. */
  apiKey: string;
  /** The server's base URL (`http://127.0.0.1:port`). */
  origin: string;
  /** Stores an image and returns its download URL. */
  host(bytes: Uint8Array): string;
  /** A solid PNG in the prompt's colour. */
  image(prompt: string, width: number, height: number): Promise<Uint8Array>;
  behaviour: VendorBehaviour | undefined;
  /** State kept between calls (BFL polling). */
  state: Map<string, unknown>;
}

/** A vendor's answer. */
export interface VendorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type VendorHandler = (context: VendorContext) => Promise<VendorReply>;

const handlers: Record<Vendor, VendorHandler> = {
  openai: handleOpenAI,
  fal: handleFal,
  replicate: handleReplicate,
  google: handleGoogle,
  bfl: handleBfl,
};

/** A running fake. */
export interface FakeVendors {
  origin: string;
  apiKey: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** Requests to one vendor's API (downloads excluded). */
  requestsTo(vendor: Vendor): RecordedRequest[];
  /** The base URL to give the provider package for `vendor`. */
  baseURL(vendor: Vendor): string;
  /** Applies `behaviour` to the next `times` requests to `vendor` (default 1). */
  setBehaviour(vendor: Vendor, behaviour: VendorBehaviour, times?: number): void;
  close(): Promise<void>;
}

const BASE_PATHS: Record<Vendor, string> = {
  openai: '/openai/v1',
  fal: '/fal',
  replicate: '/replicate/v1',
  google: '/google/v1beta',
  bfl: '/bfl/v1',
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseForm(body: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Request('http://x/', {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType },
  }).formData();
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    const entry =
      typeof value === 'string'
        ? value
        : {
            filename: value.name,
            type: value.type,
            size: value.size,
            bytes: new Uint8Array(await value.arrayBuffer()),
          };
    const existing = out[key];
    out[key] = existing === undefined ? entry : ([] as unknown[]).concat(existing, entry);
  }
  return out;
}

/** Starts the fakes on a free port of 127.0.0.1. */
export async function startFakeVendors(options: { apiKey?: string } = {}): Promise<FakeVendors> {
  const apiKey = options.apiKey ?? `key-${randomBytes(12).toString('hex')}`;
  const requests: RecordedRequest[] = [];
  const files = new Map<string, Uint8Array>();
  const behaviours = new Map<Vendor, { behaviour: VendorBehaviour; times: number }>();
  const state = new Map<string, unknown>();
  const sockets = new Set<Socket>();
  let origin = '';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers[key] = value;
    const body = await readBody(request);
    if (url.pathname.startsWith('/files/')) {
      requests.push({ vendor: 'files', method: request.method ?? 'GET', path: url.pathname, headers });
      const bytes = files.get(url.pathname.slice('/files/'.length));
      response.writeHead(bytes ? 200 : 404, { 'content-type': bytes ? 'image/png' : 'text/plain' });
      response.end(bytes ?? 'not found');
      return;
    }
    const vendor = (Object.keys(BASE_PATHS) as Vendor[]).find((v) =>
      url.pathname.startsWith(`${BASE_PATHS[v]}/`),
    );
    if (!vendor) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'no such route' }));
      return;
    }
    const contentType = headers['content-type'] ?? '';
    const recorded: RecordedRequest = {
      vendor,
      method: request.method ?? 'GET',
      path: url.pathname.slice(BASE_PATHS[vendor].length) + url.search,
      headers,
    };
    if (contentType.includes('application/json') && body.length)
      recorded.json = JSON.parse(body.toString('utf8'));
    if (contentType.includes('multipart/form-data')) recorded.form = await parseForm(body, contentType);
    requests.push(recorded);
    const pending = behaviours.get(vendor);
    let behaviour: VendorBehaviour | undefined;
    if (pending) {
      behaviour = pending.behaviour;
      if (--pending.times <= 0) behaviours.delete(vendor);
    }
    if (behaviour?.type === 'delay') await new Promise((resolve) => setTimeout(resolve, behaviour.ms));
    const reply =
      behaviour?.type === 'error'
        ? {
            status: behaviour.status,
            body: behaviour.body,
            ...(behaviour.headers ? { headers: behaviour.headers } : {}),
          }
        : await handlers[vendor]({
            request: recorded,
            apiKey,
            origin,
            host: (bytes) => {
              const id = randomBytes(8).toString('hex');
              files.set(id, bytes);
              return `${origin}/files/${id}`;
            },
            image: (prompt, width, height) => solidImage('png', width, height, colourOf(prompt)),
            behaviour,
            state,
          });
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: String(error) }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    apiKey,
    requests,
    requestsTo: (vendor) => requests.filter((r) => r.vendor === vendor),
    baseURL: (vendor) => `${origin}${BASE_PATHS[vendor]}`,
    setBehaviour: (vendor, behaviour, times = 1) => behaviours.set(vendor, { behaviour, times }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
