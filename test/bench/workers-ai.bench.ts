// Generate throughput against the fake Workers AI server, 16 calls in flight, on each response shape:
// - raw bytes (the SD family): a 1 MiB PNG body;
// - the base64 JSON envelope (flux-1-schnell): `{ result: { image }, success, errors, messages }`,
//   a ~1 MiB 752×752 JPEG as 1.41 MB of JSON;
// - the multipart request path (FLUX.2 klein 4B): a multipart/form-data POST answered by the envelope.
// Pictor (`createImageClient(workersAI(…))` with `retry()`: validation, request encoding, error mapping,
// decoding and the image checks) runs against a bare undici loop of the same shape
// (`undici.request` + `body.json()` + `Buffer.from(image, 'base64')`), and on the envelope also against
// Cloudflare's own `cloudflare` SDK (`ai.run()` + the same base64 decode). The sides alternate in
// rounds against one server (each round rotates who goes first, with a GC before each side); the figure is the median of the
// per-round ratios, with the total-time ratio and the spread beside it. CPU per request is
// `process.cpuUsage()` over a side's batches ÷ its requests, and includes the in-process fake server's
// share (the same for every side).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createImageClient, type ImageClient, retry } from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import Cloudflare from 'cloudflare';
import { request } from 'undici';
import { readBody } from '../../packages/workers-ai/src/run/read-body.js';
import { noiseJpeg, noisePng, startFakeWorkersAI } from '../fake-workers-ai/index.js';
import type { BenchFigure } from './harness.js';

const SDXL = '@cf/stabilityai/stable-diffusion-xl-base-1.0';
const SCHNELL = '@cf/black-forest-labs/flux-1-schnell';
const KLEIN = '@cf/black-forest-labs/flux-2-klein-4b';
const IN_FLIGHT = 16;
const PER_BATCH = 64;
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

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

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;

interface SideResult {
  ms: number;
  cpuMs: number;
  requests: number;
}

/** Runs every side once per round, rotating the order; returns totals and each round's times. */
async function rounds(sides: Record<string, () => Promise<void>>, count: number) {
  const names = Object.keys(sides);
  const totals: Record<string, SideResult> = {};
  const perRound: Record<string, number[]> = {};
  for (const name of names) {
    totals[name] = { ms: 0, cpuMs: 0, requests: 0 };
    perRound[name] = [];
  }
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]!;
      // Collect the previous side's garbage outside the timed window: otherwise the side that runs
      // after the allocation-heavy one (the SDK's fetch path) pays for its collections.
      gc();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await sides[name]!();
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      totals[name]!.ms += ms;
      totals[name]!.cpuMs += (used.user + used.system) / 1000;
      totals[name]!.requests += PER_BATCH;
      perRound[name]!.push(ms);
    }
  }
  /** Throughput of `a` ÷ `b`: median of the rounds, the spread, and the ratio of the totals. */
  const ratio = (a: string, b: string) => {
    const each = perRound[a]!.map((ms, i) => perRound[b]![i]! / ms).sort((x, y) => x - y);
    return {
      median: median(each),
      low: each[0]!,
      high: each[each.length - 1]!,
      total: totals[b]!.ms / totals[a]!.ms,
    };
  };
  const rate = (name: string) => totals[name]!.requests / (totals[name]!.ms / 1000);
  const cpuPerRequest = (name: string) => totals[name]!.cpuMs / totals[name]!.requests;
  return { ratio, rate, cpuPerRequest };
}

function envelope(bytes: Uint8Array): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      result: { image: Buffer.from(bytes).toString('base64') },
      success: true,
      errors: [],
      messages: [],
    }),
  );
}

export default async function run(): Promise<BenchFigure[]> {
  const fake = await startFakeWorkersAI({ record: false });
  const png = await noisePng(1024 * 1024);
  const jpeg = noiseJpeg(752, 752, 90);
  const json = envelope(jpeg);
  fake.setBehaviour({ type: 'image', bytes: png, contentType: 'image/png' }, { model: SDXL });
  // The envelope is prebuilt: the server's own work per request stays small and the same for every side.
  for (const model of [SCHNELL, KLEIN])
    fake.setBehaviour(
      { type: 'raw', body: json, headers: { 'content-type': 'application/json' } },
      { model },
    );
  const workersAI = createWorkersAI(fake.settings);
  // Pictor as users write it: default settings (undici's request on Node, its global dispatcher).
  const client = (model: Parameters<typeof workersAI>[0]): ImageClient =>
    createImageClient({ provider: workersAI(model), middleware: [retry()] });
  const sdxl = client(SDXL);
  const schnell = client(SCHNELL);
  const klein = client(KLEIN);
  // The fetch transport (what Workers and browsers use), for reference.
  const viaFetch = createImageClient({
    provider: createWorkersAI({ ...fake.settings, http: 'fetch' })(SDXL),
    middleware: [retry()],
  });
  const cloudflare = new Cloudflare({ apiToken: fake.token, baseURL: fake.baseURL, maxRetries: 0 });
  const urlOf = (model: string) => `${fake.baseURL}/accounts/${fake.accountId}/ai/run/${model}`;
  const auth = { authorization: `Bearer ${fake.token}` };
  const jsonHeaders = { ...auth, 'content-type': 'application/json' };
  const prompt = 'a red apple on a table';

  const batch = (task: () => Promise<unknown>) => () => pool(PER_BATCH, IN_FLIGHT, task);
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`${what} returned the wrong bytes`);
  };

  // Raw bytes.
  const rawSides = {
    pictor: batch(() => sdxl.generate({ prompt, seed: 7 })),
    bare: batch(async () => {
      const response = await request(urlOf(SDXL), {
        method: 'POST',
        headers: jsonHeaders,
        body: JSON.stringify({ prompt, seed: 7 }),
      });
      const bytes = new Uint8Array(await response.body.arrayBuffer());
      check(response.statusCode === 200 && bytes.length === png.length, 'bare raw loop');
    }),
  };
  // The envelope.
  const envelopeSides = {
    pictor: batch(async () => {
      const { images } = await schnell.generate({ prompt });
      check(images[0]!.bytes.length === jpeg.length, 'Pictor');
    }),
    bare: batch(async () => {
      const response = await request(urlOf(SCHNELL), {
        method: 'POST',
        headers: jsonHeaders,
        body: JSON.stringify({ prompt }),
      });
      const body = (await response.body.json()) as { result: { image: string } };
      check(Buffer.from(body.result.image, 'base64').length === jpeg.length, 'bare envelope loop');
    }),
    cloudflare: batch(async () => {
      const result = (await cloudflare.ai.run(SCHNELL, { account_id: fake.accountId, prompt })) as {
        image: string;
      };
      check(Buffer.from(result.image, 'base64').length === jpeg.length, 'cloudflare SDK');
    }),
  };
  // The multipart request path (the same envelope comes back).
  const multipartSides = {
    pictor: batch(async () => {
      const { images } = await klein.generate({ prompt, width: 512, height: 512, seed: 7 });
      check(images[0]!.bytes.length === jpeg.length, 'Pictor multipart');
    }),
    bare: batch(async () => {
      const form = new FormData();
      form.set('prompt', prompt);
      form.set('width', '512');
      form.set('height', '512');
      form.set('seed', '7');
      const encoded = new Response(form);
      const response = await request(urlOf(KLEIN), {
        method: 'POST',
        headers: { ...auth, 'content-type': encoded.headers.get('content-type')! },
        body: new Uint8Array(await encoded.arrayBuffer()),
      });
      const body = (await response.body.json()) as { result: { image: string } };
      check(Buffer.from(body.result.image, 'base64').length === jpeg.length, 'bare multipart loop');
    }),
  };
  // The same bare raw loop with the adapter's body reader instead of `arrayBuffer()`: what the reader alone buys.
  const bareReader = batch(async () => {
    const response = await request(urlOf(SDXL), {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ prompt, seed: 7 }),
    });
    const bytes = await readBody(response.body, Number(response.headers['content-length']), {
      maxBytes: 64 * MiB,
    });
    check(response.statusCode === 200 && bytes.length === png.length, 'bare reader loop');
  });

  // Warm up every path.
  for (const side of [
    ...Object.values(rawSides),
    ...Object.values(envelopeSides),
    ...Object.values(multipartSides),
    bareReader,
  ])
    await side();
  await viaFetch.generate({ prompt, seed: 7 });

  const raw = await rounds(rawSides, 16);
  const env = await rounds(envelopeSides, 12);
  const multi = await rounds(multipartSides, 8);
  const reader = await rounds({ reader: bareReader, bare: rawSides.bare }, 8);
  const fetchRun = await rounds(
    { fetch: batch(() => viaFetch.generate({ prompt, seed: 7 })), bare: rawSides.bare },
    3,
  );

  // The peak is sampled every 2 ms, so one batch can miss it: take the median of five batches a side.
  const memory = async (sides: Record<string, () => Promise<void>>) => {
    const peaks: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++)
      for (const [name, side] of Object.entries(sides)) {
        const growth = await peakGrowth(side);
        peaks[name] = [...(peaks[name] ?? []), growth];
      }
    return Object.fromEntries(
      Object.entries(peaks).map(([name, values]) => [name, median(values) / IN_FLIGHT / MiB]),
    );
  };
  const rawMemory = await memory(rawSides);
  const envMemory = await memory(envelopeSides);
  await fake.close();

  const where = `${IN_FLIGHT} in flight, fake server in-process on 127.0.0.1`;
  const spread = (r: { median: number; low: number; high: number; total: number }, roundCount: number) =>
    `median of ${roundCount} alternating rounds of ${PER_BATCH} calls a side (range ${r.low.toFixed(2)}–${r.high.toFixed(2)}; total-time ratio ${r.total.toFixed(3)})`;
  const rawRatio = raw.ratio('pictor', 'bare');
  const envRatio = env.ratio('pictor', 'bare');
  const envVsSdk = env.ratio('pictor', 'cloudflare');
  const sdkRatio = env.ratio('cloudflare', 'bare');
  const multiRatio = multi.ratio('pictor', 'bare');
  const rawNote = `${(png.length / MiB).toFixed(2)} MiB PNG body, ${where}`;
  const envNote = `${(jpeg.length / MiB).toFixed(2)} MiB 752×752 JPEG as ${(json.length / 1e6).toFixed(2)} MB of JSON, ${where}`;
  return [
    {
      name: 'raw bytes (SDXL): createImageClient(workersAI(…)) + retry ÷ bare undici.request loop, throughput',
      value: raw.rate('pictor'),
      unit: 'img/s',
      baseline: { name: 'bare undici.request + arrayBuffer()', value: raw.rate('bare'), unit: 'img/s' },
      ratio: rawRatio.median,
      goal: 'unchanged (≥ 0.95× the bare loop)',
      met: rawRatio.median >= 0.95,
      note: `${rawNote}; ${spread(rawRatio, 16)}; CPU per request ${raw.cpuPerRequest('pictor').toFixed(2)} vs ${raw.cpuPerRequest('bare').toFixed(2)} ms`,
    },
    {
      name: 'base64 JSON envelope (flux-1-schnell): createImageClient(workersAI(…)) + retry ÷ bare undici.request + body.json() + Buffer.from(base64), throughput',
      value: env.rate('pictor'),
      unit: 'img/s',
      baseline: { name: 'bare undici loop', value: env.rate('bare'), unit: 'img/s' },
      ratio: envRatio.median,
      goal: '≥ 0.95× the bare loop',
      met: envRatio.median >= 0.95,
      note: `${envNote}; ${spread(envRatio, 12)}; CPU per request ${env.cpuPerRequest('pictor').toFixed(2)} vs ${env.cpuPerRequest('bare').toFixed(2)} ms`,
    },
    {
      name: 'base64 JSON envelope: Pictor ÷ Cloudflare SDK 7.3.0 (ai.run() + Buffer.from(base64)), throughput',
      value: env.rate('pictor'),
      unit: 'img/s',
      baseline: { name: 'cloudflare SDK', value: env.rate('cloudflare'), unit: 'img/s' },
      ratio: envVsSdk.median,
      goal: 'never below the Cloudflare SDK',
      met: envVsSdk.low >= 1,
      note: `${envNote}; ${spread(envVsSdk, 12)}; the SDK alone is ${sdkRatio.median.toFixed(3)}× the bare loop, CPU per request ${env.cpuPerRequest('cloudflare').toFixed(2)} ms`,
    },
    {
      name: 'multipart request (FLUX.2 klein 4B, envelope answer): Pictor ÷ bare undici loop posting the same form, throughput',
      value: multi.rate('pictor'),
      unit: 'img/s',
      baseline: { name: 'bare undici loop', value: multi.rate('bare'), unit: 'img/s' },
      ratio: multiRatio.median,
      note: `${envNote}; ${spread(multiRatio, 8)}; CPU per request ${multi.cpuPerRequest('pictor').toFixed(2)} vs ${multi.cpuPerRequest('bare').toFixed(2)} ms`,
    },
    {
      name: 'raw bytes with http: fetch (the Workers transport) ÷ bare undici.request loop, throughput',
      value: fetchRun.rate('fetch'),
      unit: 'img/s',
      baseline: { name: 'bare undici.request loop', value: fetchRun.rate('bare'), unit: 'img/s' },
      ratio: fetchRun.ratio('fetch', 'bare').median,
      note: `${rawNote}; 3 alternating rounds; reference only`,
    },
    {
      name: "body reading alone: bare loop with Pictor's Content-Length-sized reader ÷ bare loop with arrayBuffer()",
      value: reader.ratio('reader', 'bare').median,
      unit: '×',
      note: `${rawNote}; median of 8 alternating rounds`,
    },
    {
      name: 'memory per in-flight request, raw bytes (peak heap + ArrayBuffers ÷ 16), Pictor',
      value: rawMemory.pictor!,
      unit: 'MiB',
      baseline: { name: 'bare undici loop', value: rawMemory.bare!, unit: 'MiB' },
      ratio: rawMemory.pictor! / rawMemory.bare!,
      note: `median of 5 batches of ${PER_BATCH} calls a side; includes the in-process fake server; the image is 1 MiB`,
    },
    {
      name: 'memory per in-flight request, base64 envelope (peak heap + ArrayBuffers ÷ 16), Pictor',
      value: envMemory.pictor!,
      unit: 'MiB',
      baseline: { name: 'bare undici loop', value: envMemory.bare!, unit: 'MiB' },
      ratio: envMemory.pictor! / envMemory.bare!,
      note: `median of 5 batches a side; the Cloudflare SDK: ${envMemory.cloudflare!.toFixed(2)} MiB; the JSON is 1.41 MB, the image 1 MiB`,
    },
  ];
}
