import { encodePng, type ImageProvider } from '@pictor/core';
/** One measured figure, printed by `pnpm bench` and published in docs/benchmarks.md. */
export interface BenchFigure {
  /** What was measured, e.g. "client + 3 no-op middlewares, per call". */
  name: string;
  /** The measured value. */
  value: number;
  /** Its unit: "µs", "ms", "img/s", "×", "MiB"… */
  unit: string;
  /** The side-by-side baseline it is compared against, when there is one. */
  baseline?: { name: string; value: number; unit: string };
  /** value ÷ baseline (or baseline ÷ value for throughput: say which in `name`). */
  ratio?: number;
  /** The goal from the issue, as text, e.g. "≤ 20 µs". */
  goal?: string;
  /** Whether the goal was met. */
  met?: boolean;
  /** Anything a reader needs (backend, sizes, machine). */
  note?: string;
}

/** Timing statistics of `measure`. */
export interface Timing {
  iterations: number;
  meanMs: number;
  medianMs: number;
  minMs: number;
}

/** Runs `fn` `warmup` times, then `iterations` times, and returns per-call timings. */
export async function measure(
  fn: () => unknown,
  iterations: number,
  warmup = Math.min(50, iterations),
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    iterations,
    meanMs: samples.reduce((s, v) => s + v, 0) / samples.length,
    medianMs: samples[Math.floor(samples.length / 2)]!,
    minMs: samples[0]!,
  };
}

/**
 * Runs two functions alternately in rounds (A, B, A, B…) so that machine noise hits both alike, and
 * returns the total time of each side.
 */
export async function sideBySide(
  a: () => unknown,
  b: () => unknown,
  rounds: number,
  perRound: number,
): Promise<{ aMs: number; bMs: number }> {
  let aMs = 0;
  let bMs = 0;
  for (let r = 0; r < rounds; r++) {
    let start = performance.now();
    for (let i = 0; i < perRound; i++) await a();
    aMs += performance.now() - start;
    start = performance.now();
    for (let i = 0; i < perRound; i++) await b();
    bMs += performance.now() - start;
  }
  return { aMs, bMs };
}

/**
 * A provider that answers at once with a prebuilt 64×64 PNG, so a bench measures only the layer
 * around it (the client, an adapter's mapping).
 */
export async function instantProvider(): Promise<ImageProvider> {
  const png = await encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4).fill(128) });
  return {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'instant',
    capabilities: {
      generate: true,
      editModes: [],
      maxImagesPerCall: 4,
      defaultSize: { width: 64, height: 64 },
      width: { min: 8, max: 1024 },
      height: { min: 8, max: 1024 },
      seed: true,
      negativePrompt: true,
      progress: 'coarse',
    },
    generate: async () => ({
      images: [{ bytes: png, mediaType: 'image/png', width: 64, height: 64, annotations: {} }],
      warnings: [],
      provider: 'bench',
      modelId: 'instant',
      timings: { totalMs: 0 },
    }),
  };
}
