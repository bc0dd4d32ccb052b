/**
 * The provider conformance suite. Every adapter's tests call `describeConformance` with a factory for
 * its provider; the suite checks the contract of the spec through the real client:
 * - validation happens before the provider is called;
 * - abort works before, during and after the call and leaves nothing running;
 * - progress events arrive in order and end with `done`;
 * - fields the model ignores come back as warnings (and as errors on a strict client);
 * - returned images have their true media type and dimensions;
 * - errors are typed Pictor errors and carry no secrets.
 * The checks marked "(direct)" call the adapter itself, without the client in front, because the
 * client hides an adapter's faults (it validates, races aborts, re-reads sizes, types errors):
 * a direct call must validate, warn, stop on abort, report true sizes, throw typed errors and fall
 * silent once it has settled. The adapters in `broken/` each break one of these and must fail.
 */
import {
  AbortError,
  createImageClient,
  type GenerateRequest,
  type ImageProvider,
  InvalidRequestError,
  PictorError,
  type ProgressEvent,
  readImageInfo,
  UnsupportedFeatureError,
} from '@pictor/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spyProvider } from './spy-provider.js';

/** What an adapter's test hands the suite. */
export interface ConformanceTarget {
  /** A fresh provider. */
  provider: ImageProvider;
  /** A valid request. Default `{ prompt: 'a red apple' }`. */
  request?: GenerateRequest;
  /** Strings (API tokens) that must never appear in any error. */
  secrets?: string[];
  /** A provider whose call fails (server error, bad credentials…), to check typed errors. */
  failing?: () => ImageProvider | Promise<ImageProvider>;
  /** A provider whose call takes at least 300 ms, to test abort during the call. */
  slow?: () => ImageProvider | Promise<ImageProvider>;
  /** Frees servers and sessions. */
  cleanup?: () => Promise<void>;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '');
      if (PictorError.isInstance(current))
        parts.push(JSON.stringify(current.toJSON()), JSON.stringify(current));
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Registers the conformance tests for one provider under `name`. */
export function describeConformance(
  name: string,
  setup: () => Promise<ConformanceTarget> | ConformanceTarget,
): void {
  describe(`conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let request: GenerateRequest;

    beforeAll(async () => {
      target = await setup();
      request = target.request ?? { prompt: 'a red apple' };
    });
    /** The suite's request as one direct call may carry it (`n` within the per-call maximum). */
    const directRequest = (): GenerateRequest => {
      const n = Math.min(request.n ?? 1, target.provider.capabilities.maxImagesPerCall);
      return { ...request, ...(request.n !== undefined ? { n } : {}) };
    };
    afterAll(async () => {
      await target?.cleanup?.();
    });

    it('declares a well-formed identity and capabilities', () => {
      const { provider } = target;
      expect(provider.specificationVersion).toBe('v1');
      expect(provider.provider).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(provider.modelId.length).toBeGreaterThan(0);
      const caps = provider.capabilities;
      expect(caps.maxImagesPerCall).toBeGreaterThanOrEqual(1);
      expect(caps.defaultSize.width).toBeGreaterThan(0);
      expect(['step', 'coarse']).toContain(caps.progress);
      if (caps.editModes.length > 0) expect(typeof provider.edit).toBe('function');
    });

    it('validates before calling the provider', async () => {
      const spy = spyProvider(target.provider);
      const client = createImageClient({ provider: spy });
      const bad: GenerateRequest[] = [
        { ...request, prompt: '   ' },
        { ...request, n: 0 },
        { ...request, width: -8 },
        { ...request, height: Number.NaN },
        { ...request, seed: 1.5 },
        { ...request, steps: 0 },
      ];
      for (const badRequest of bad) {
        const error = await rejection(client.generate(badRequest));
        expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      }
      expect(spy.calls).toBe(0);
    });

    it('rejects an already-aborted call without calling the provider', async () => {
      const spy = spyProvider(target.provider);
      const client = createImageClient({ provider: spy });
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(client.generate(request, { signal: controller.signal }));
      expect(AbortError.isInstance(error)).toBe(true);
      expect(spy.calls).toBe(0);
    });

    it('returns images whose type and size are read from their bytes, with progress ending in done', async () => {
      const events: ProgressEvent[] = [];
      const client = createImageClient({ provider: target.provider });
      const result = await client.generate(request, { onProgress: (event) => events.push(event) });
      expect(result.images.length).toBe(request.n ?? 1);
      for (const image of result.images) {
        const info = readImageInfo(image.bytes);
        expect(image.mediaType).toBe(info.mediaType);
        expect(image.width).toBe(info.width);
        expect(image.height).toBe(info.height);
        expect(image.annotations).toBeTypeOf('object');
      }
      expect(result.provider).toBe(target.provider.provider);
      expect(result.timings.totalMs).toBeGreaterThan(0);
      expect(events[0]?.type).toBe('queued');
      expect(events.at(-1)?.type).toBe('done');
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      const steps = events.filter((e): e is Extract<ProgressEvent, { type: 'step' }> => e.type === 'step');
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]!.index === steps[i - 1]!.index)
          expect(steps[i]!.step).toBeGreaterThan(steps[i - 1]!.step);
      }
      if (target.provider.capabilities.progress === 'coarse') expect(steps).toHaveLength(0);
    });

    it('aborting after the call has finished changes nothing', async () => {
      const controller = new AbortController();
      const client = createImageClient({ provider: target.provider });
      const result = await client.generate(request, { signal: controller.signal });
      controller.abort();
      expect(result.images.length).toBeGreaterThan(0);
    });

    it('reports fields the model ignores as warnings, or errors when strict', async () => {
      const caps = target.provider.capabilities;
      const ignored: [keyof GenerateRequest, unknown][] = [];
      if (!caps.negativePrompt) ignored.push(['negativePrompt', 'blurry']);
      if (!caps.seed) ignored.push(['seed', 7]);
      if (!caps.steps) ignored.push(['steps', 4]);
      if (!caps.guidance) ignored.push(['guidance', 3]);
      if (ignored.length === 0) {
        // The model honours every optional field: then each must be accepted without warnings.
        const client = createImageClient({ provider: target.provider });
        const result = await client.generate({ ...request, negativePrompt: 'blurry', seed: 7 });
        expect(result.warnings.filter((w) => w.type === 'unsupported')).toEqual([]);
        return;
      }
      const [field, value] = ignored[0]!;
      const spy = spyProvider(target.provider);
      const result = await createImageClient({ provider: spy }).generate({ ...request, [field]: value });
      expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field }));
      expect(spy.lastRequest && field in spy.lastRequest).toBe(false);
      const strictError = await rejection(
        createImageClient({ provider: target.provider, strict: true }).generate({
          ...request,
          [field]: value,
        }),
      );
      expect(UnsupportedFeatureError.isInstance(strictError)).toBe(true);
    });

    it('aborts during the call promptly and leaves nothing running', async () => {
      const slow = target.slow ? await target.slow() : target.provider;
      const events: ProgressEvent[] = [];
      const client = createImageClient({ provider: slow });
      const controller = new AbortController();
      const started = performance.now();
      const pending = client.generate(request, {
        signal: controller.signal,
        onProgress: (e) => events.push(e),
      });
      // A slow provider is aborted mid-call; any other is aborted at once, while its call is starting.
      if (target.slow) setTimeout(() => controller.abort(), 50);
      else controller.abort();
      const error = await rejection(pending);
      const elapsed = performance.now() - started;
      if (target.slow) {
        expect(AbortError.isInstance(error), errorText(error)).toBe(true);
        expect(elapsed).toBeLessThan(5_000);
      } else {
        expect(PictorError.isInstance(error)).toBe(true);
      }
      const seen = events.length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(events.filter((e) => e.type === 'done')).toHaveLength(0);
      expect(events.length).toBe(seen);
    });

    it('fails with typed errors that carry no secrets', async () => {
      if (!target.failing) {
        // Without a failing setup, a bad request still must give a typed, secret-free error.
        const error = await rejection(
          createImageClient({ provider: target.provider }).generate({ ...request, width: 3 }),
        );
        expect(PictorError.isInstance(error)).toBe(true);
        for (const secret of target.secrets ?? []) expect(errorText(error)).not.toContain(secret);
        return;
      }
      const failing = await target.failing();
      const error = await rejection(createImageClient({ provider: failing }).generate(request));
      expect(PictorError.isInstance(error), errorText(error)).toBe(true);
      expect((error as PictorError).code).toMatch(/^[a-z_]+$/);
      for (const secret of target.secrets ?? []) expect(errorText(error)).not.toContain(secret);
    });

    it('(direct) validates a call itself, before any work', async () => {
      const caps = target.provider.capabilities;
      const bad: GenerateRequest[] = [
        { ...directRequest(), prompt: '   ' },
        { ...directRequest(), n: 0 },
        { ...directRequest(), n: caps.maxImagesPerCall + 1 },
        { ...directRequest(), width: -8 },
        { ...directRequest(), seed: 1.5 },
      ];
      if (caps.steps) bad.push({ ...directRequest(), steps: caps.steps.max + 1 });
      for (const badRequest of bad) {
        const error = await rejection(Promise.resolve().then(() => target.provider.generate(badRequest, {})));
        expect(InvalidRequestError.isInstance(error), `${JSON.stringify(badRequest)}: ${String(error)}`).toBe(
          true,
        );
      }
    });

    it('(direct) warns itself about the fields it ignores', async () => {
      const caps = target.provider.capabilities;
      const ignored: [keyof GenerateRequest, unknown][] = [];
      if (!caps.negativePrompt) ignored.push(['negativePrompt', 'blurry']);
      if (!caps.seed) ignored.push(['seed', 7]);
      if (!caps.steps) ignored.push(['steps', 4]);
      if (!caps.guidance) ignored.push(['guidance', 3]);
      if (ignored.length === 0) {
        const result = await target.provider.generate(
          { ...directRequest(), negativePrompt: 'blurry', seed: 7 },
          {},
        );
        expect(result.warnings.filter((w) => w.type === 'unsupported')).toEqual([]);
        return;
      }
      const [field, value] = ignored[0]!;
      const result = await target.provider.generate({ ...directRequest(), [field]: value }, {});
      expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field }));
    });

    it('(direct) reports the true type and size of its images itself', async () => {
      const asked = directRequest();
      const result = await target.provider.generate(asked, {});
      expect(result.images.length).toBe(asked.n ?? 1);
      for (const image of result.images) {
        const info = readImageInfo(image.bytes);
        expect({ mediaType: image.mediaType, width: image.width, height: image.height }).toEqual({
          mediaType: info.mediaType,
          width: info.width,
          height: info.height,
        });
        if (asked.width !== undefined) expect(info.width).toBe(asked.width);
        if (asked.height !== undefined) expect(info.height).toBe(asked.height);
      }
    });

    it('(direct) stops its own work when aborted, and falls silent', async () => {
      const provider = target.slow ? await target.slow() : target.provider;
      const controller = new AbortController();
      const events: ProgressEvent[] = [];
      let settled = false;
      let eventsAfter = 0;
      const pending = Promise.resolve().then(() =>
        provider.generate(directRequest(), {
          signal: controller.signal,
          onProgress: (event) => {
            if (settled) eventsAfter++;
            events.push(event);
          },
        }),
      );
      if (target.slow) setTimeout(() => controller.abort(), 50);
      else controller.abort();
      const outcome = await pending.then(
        (result) => ({ resolved: result }),
        (error: unknown) => ({ error }),
      );
      settled = true;
      // An adapter that ignores the signal finishes its work and resolves: it must reject instead.
      expect('error' in outcome, 'the adapter resolved after it was aborted').toBe(true);
      const error = (outcome as { error: unknown }).error;
      expect(AbortError.isInstance(error), errorText(error)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(eventsAfter).toBe(0);
    });

    it('(direct) fails with typed errors itself', async () => {
      const provider = target.failing ? await target.failing() : target.provider;
      const request = target.failing ? directRequest() : { ...directRequest(), width: 3 };
      const error = await rejection(Promise.resolve().then(() => provider.generate(request, {})));
      expect(PictorError.isInstance(error), errorText(error)).toBe(true);
      expect((error as PictorError).code).toMatch(/^[a-z_]+$/);
      for (const secret of target.secrets ?? []) expect(errorText(error)).not.toContain(secret);
    });

    it('(direct) a seedless call gets a seed drawn by core, reported on its images', async () => {
      if (!target.provider.capabilities.seed) {
        const result = await target.provider.generate(directRequest(), {});
        for (const image of result.images) expect(image.seed).toBeUndefined();
        return;
      }
      const { seed: _seed, ...seedless } = directRequest();
      const [a, b] = [
        await target.provider.generate(seedless, {}),
        await target.provider.generate(seedless, {}),
      ];
      const seeds = [...a.images, ...b.images].map((image) => image.seed);
      for (const seed of seeds) expect(Number.isInteger(seed)).toBe(true);
      // Random, not a fixed default: two seedless calls do not both get the same seed.
      expect(a.images[0]!.seed).not.toBe(b.images[0]!.seed);
    });

    it('(direct) sends no progress after its call settles', async () => {
      let settled = false;
      let eventsAfter = 0;
      await target.provider.generate(directRequest(), {
        onProgress: () => {
          if (settled) eventsAfter++;
        },
      });
      settled = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eventsAfter).toBe(0);
    });
  });
}
