// Workers AI text streams (SSE) under the size caps, against a real server on 127.0.0.1 that streams
// events without end, or one event without end: the total is cut off at maxResponseBytes, one event
// at 1 MiB, both as a typed InvalidResponseError, and the connection is closed (the server stops
// writing long before its own limit). On both HTTP clients (undici and fetch), and on the parser
// alone (the binding path, where Workers AI hands over a stream).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidResponseError } from '@pictor/core';
import { createWorkersAI, parseTextStream, type TextStreamEvent } from '@pictor/workers-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LLAMA = '@cf/meta/llama-3.1-8b-instruct';
/** The server gives up by itself after this many bytes (so a reader without a cap fails instead of hanging). */
const SERVER_LIMIT = 160 * 1024 * 1024;

let server: Server;
let port: number;
let mode: 'forever' | 'endless-event' | 'one-huge-event' = 'forever';
let sent = 0;
let closed: Promise<void> = Promise.resolve();

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    sent = 0;
    let markClosed!: () => void;
    closed = new Promise((resolve) => {
      markClosed = resolve;
    });
    response.on('close', () => markClosed());
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = mode === 'forever' ? 'data: {"response":"tok"}\n\n'.repeat(2048) : 'x'.repeat(64 * 1024);
    if (mode !== 'forever') response.write('data: {"response":"');
    if (mode === 'one-huge-event') {
      // 2 MiB in one event, then the end of it: the parser would dispatch it whole.
      response.end(`${'x'.repeat(2 * 1024 * 1024)}"}\n\ndata: [DONE]\n\n`);
      return;
    }
    const pump = () => {
      while (sent < SERVER_LIMIT && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    pump();
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

async function streamError(http: 'undici' | 'fetch', maxResponseBytes?: number): Promise<unknown> {
  const provider = createWorkersAI({
    accountId: 'acc',
    apiToken: 'sse-bounds-token-0123456789',
    baseURL: `http://127.0.0.1:${port}/client/v4`,
    http,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
  let deltas = 0;
  try {
    for await (const event of provider.text(LLAMA).stream({ prompt: 'x' }))
      if (event.type === 'delta') deltas++;
    return new Error(`the stream ended normally after ${deltas} deltas`);
  } catch (error) {
    return error;
  }
}

describe('Workers AI event streams', () => {
  for (const http of ['undici', 'fetch'] as const) {
    it(`${http}: a stream without end is cut off at maxResponseBytes`, async () => {
      mode = 'forever';
      const error = await streamError(http, 256 * 1024);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/over the 262144-byte limit \(maxResponseBytes\)/);
      await closed;
      // The connection was closed: socket buffers hold a few MiB, the server would have sent 160 MiB.
      expect(sent).toBeLessThan(32 * 1024 * 1024);
    });

    it(`${http}: one event without end is refused at 1 MiB, under the default 64 MiB total`, async () => {
      mode = 'endless-event';
      const error = await streamError(http);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /an event of the stream is over the limit of 1048576 characters/,
      );
      await closed;
      expect(sent).toBeLessThan(32 * 1024 * 1024);
    });

    it(`${http}: one complete 2 MiB event is refused`, async () => {
      mode = 'one-huge-event';
      const error = await streamError(http);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/over the limit of 1048576 characters/);
    });
  }

  it('the parser alone (the binding path) keeps its own caps, and cancels its source', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (pulled > 10_000) controller.close();
          else controller.enqueue(new TextEncoder().encode('data: {"response":"a"}\n\n'.repeat(100)));
        },
        cancel() {
          cancelled = true;
        },
      });
    const events: TextStreamEvent[] = [];
    const error = await (async () => {
      for await (const event of parseTextStream(endless(), LLAMA, undefined, { maxBytes: 100_000 }))
        events.push(event);
    })().catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/over the 100000-byte limit/);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(100);
    // The deltas before the cap were delivered.
    expect(events.length).toBeGreaterThan(0);
    pulled = 0;
    const small = await (async () => {
      for await (const _ of parseTextStream(endless(), LLAMA, undefined, { maxEventBytes: 10 }));
    })().catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(small), String(small)).toBe(true);
    expect((small as Error).message).toMatch(/over the limit of 10 characters/);
  });
});
