// Generate throughput against the fake Workers AI server (a 1 MiB PNG per call, 16 calls in flight):
// Pictor (`createImageClient(workersAI(…))` with `retry()`: validation, request encoding, error
// mapping, decoding and header checks) vs a bare `undici.request` loop that POSTs the same body to the
// same endpoint and only reads the bytes. Both sides alternate in rounds against one server.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createImageClient, retry } from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import { request } from 'undici';
import { readBody } from '../../packages/workers-ai/src/run/read-body.js';
import { noisePng, startFakeWorkersAI } from '../fake-workers-ai/index.js';
import type { BenchFigure } from './harness.js';
import { sideBySide } from './harness.js';

const MODEL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';
const IN_FLIGHT = 16;
const PER_BATCH = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function swap({ aMs, bMs }: { aMs: number; bMs: number }) {
  return { aMs: bMs, bMs: aMs };
}

async function pool(count: number, inFlight: number, task: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) await task();
    }),
  );
}

/** Peak growth of heap + ArrayBuffer memory while `fn` runs, over the level just before it. */
async function peakGrowth(fn: () => Promise<void>): Promise<number> {
  gc();
  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = memory();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, memory());
  }, 2);
  await fn();
  clearInterval(timer);
  peak = Math.max(peak, memory());
  return peak - before;
}

export default async function run(): Promise<BenchFigure[]> {
  const fake = await startFakeWorkersAI({ record: false });
  const png = await noisePng(1024 * 1024);
  fake.setBehaviour({ type: 'image', bytes: png, contentType: 'image/png' });
  // Pictor as users write it: default settings (undici's request on Node, its global dispatcher).
  const client = createImageClient({
    provider: createWorkersAI(fake.settings)(MODEL),
    middleware: [retry()],
  });
  // The fetch transport (what Workers and browsers use), for reference.
  const viaFetch = createImageClient({
    provider: createWorkersAI({ ...fake.settings, http: 'fetch' })(MODEL),
    middleware: [retry()],
  });
  const body = JSON.stringify({ prompt: 'a red apple on a table', seed: 7 });
  const url = `${fake.baseURL}/accounts/${fake.accountId}/ai/run/${MODEL}`;
  const headers = { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' };

  const request_ = { prompt: 'a red apple on a table', seed: 7 };
  const pictor = () => pool(PER_BATCH, IN_FLIGHT, () => client.generate(request_));
  const pictorFetch = () => pool(PER_BATCH, IN_FLIGHT, () => viaFetch.generate(request_));
  const bare = () =>
    pool(PER_BATCH, IN_FLIGHT, async () => {
      const response = await request(url, { method: 'POST', headers, body });
      const bytes = new Uint8Array(await response.body.arrayBuffer());
      if (response.statusCode !== 200 || bytes.length !== png.length)
        throw new Error(`bare loop got ${response.statusCode}`);
    });
  // The same bare loop with the adapter's body reader instead of `arrayBuffer()`: what the reader alone buys.
  const bareReader = () =>
    pool(PER_BATCH, IN_FLIGHT, async () => {
      const response = await request(url, { method: 'POST', headers, body });
      const bytes = await readBody(response.body, Number(response.headers['content-length']), {
        maxBytes: 64 * 1024 * 1024,
      });
      if (response.statusCode !== 200 || bytes.length !== png.length)
        throw new Error(`bare loop got ${response.statusCode}`);
    });

  await sideBySide(pictor, bare, 1, 1); // warm up
  await pictorFetch();
  const rounds = 32;
  // Alternate which side goes first, so that neither always runs right after the other's garbage;
  // keep each round's ratio too, whose median shrugs off a round hit by a GC or a noisy neighbour.
  let aMs = 0;
  let bMs = 0;
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const { aMs: a, bMs: b } =
      r % 2 === 0 ? await sideBySide(pictor, bare, 1, 1) : swap(await sideBySide(bare, pictor, 1, 1));
    aMs += a;
    bMs += b;
    perRound.push(b / a);
  }
  perRound.sort((x, y) => x - y);
  const medianRatio = perRound[rounds >> 1]!;
  const fetchRun = await sideBySide(pictorFetch, bare, 3, 1);
  const readerFirst = await sideBySide(bareReader, bare, 8, 1);
  const readerSecond = await sideBySide(bare, bareReader, 8, 1);
  const readerRatio = (readerFirst.bMs + readerSecond.aMs) / (readerFirst.aMs + readerSecond.bMs);
  const images = rounds * PER_BATCH;
  const pictorRate = images / (aMs / 1000);
  const bareRate = images / (bMs / 1000);
  const fetchRate = (3 * PER_BATCH) / (fetchRun.aMs / 1000);
  const bareRate2 = (3 * PER_BATCH) / (fetchRun.bMs / 1000);

  // The peak is sampled every 2 ms, so one batch can miss it: take the median of five batches a side.
  const pictorPeaks: number[] = [];
  const barePeaks: number[] = [];
  for (let i = 0; i < 5; i++) {
    pictorPeaks.push(await peakGrowth(pictor));
    barePeaks.push(await peakGrowth(bare));
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;
  const pictorMemory = median(pictorPeaks);
  const bareMemory = median(barePeaks);
  await fake.close();
  const MiB = 1024 * 1024;
  const note = `${(png.length / MiB).toFixed(2)} MiB PNG, ${IN_FLIGHT} in flight, fake server in-process on 127.0.0.1`;
  return [
    {
      name: 'generate throughput, createImageClient(workersAI(…)) + retry ÷ bare undici.request loop',
      value: pictorRate,
      unit: 'img/s',
      baseline: { name: 'bare undici.request loop', value: bareRate, unit: 'img/s' },
      ratio: pictorRate / bareRate,
      goal: '≥ 0.95× the bare loop',
      met: pictorRate / bareRate >= 0.95,
      note: `${note}; ${rounds * PER_BATCH} calls per side in ${rounds} alternating rounds; median per-round ratio ${medianRatio.toFixed(3)}`,
    },
    {
      name: 'generate throughput, same with http: fetch (the Workers transport) ÷ bare undici.request loop',
      value: fetchRate,
      unit: 'img/s',
      baseline: { name: 'bare undici.request loop', value: bareRate2, unit: 'img/s' },
      ratio: fetchRate / bareRate2,
      note: `${note}; ${3 * PER_BATCH} calls per side in 3 alternating rounds; reference only`,
    },
    {
      name: "body reading alone: bare loop with Pictor's Content-Length-sized reader ÷ bare loop with arrayBuffer()",
      value: readerRatio,
      unit: '×',
      note: `${note}; ${16 * PER_BATCH} calls per side in 16 alternating rounds; throughput ratio`,
    },
    {
      name: 'memory per in-flight request (peak heap + ArrayBuffers ÷ 16), createImageClient(workersAI(…))',
      value: pictorMemory / IN_FLIGHT / MiB,
      unit: 'MiB',
      baseline: { name: 'bare undici.request loop', value: bareMemory / IN_FLIGHT / MiB, unit: 'MiB' },
      ratio: pictorMemory / bareMemory,
      note: `median of 5 batches of ${PER_BATCH} calls a side; includes the in-process fake server; the image itself is 1 MiB`,
    },
  ];
}
