import {
  createImageClient,
  createImageClientFromConfig,
  InvalidRequestError,
  ModelLoadError,
  resolveProvider,
} from '@pictor/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnx, type OrtModule, providerFromConfig } from '../src/index.js';
import { fixtures } from './helpers.js';

const request = { prompt: 'a red cat', width: 64, height: 64, seed: 1, steps: 2 };

/** The real onnxruntime-node, counting the sessions it creates. */
function countingOrt() {
  const created: string[] = [];
  const module = {
    ...ort,
    InferenceSession: {
      create: (path: string, options?: ort.InferenceSession.SessionOptions) => {
        created.push(
          `${String(options?.executionProviders?.[0] && JSON.stringify(options.executionProviders[0]))} ${path.split('/').slice(-2).join('/')}`,
        );
        return ort.InferenceSession.create(path, options);
      },
    },
  } as unknown as OrtModule;
  return { created, loadOrt: async () => module };
}

describe('execution providers on this machine (no GPU, no CUDA libraries)', () => {
  it('cuda falls back to cpu; the result says which ran and why cuda was skipped; cuda is tried once', async () => {
    const { created, loadOrt } = countingOrt();
    const provider = createOnnx({ baseDir: fixtures, loadOrt })('tiny-sd', { ep: ['cuda', 'cpu'] });
    const result = await createImageClient({ provider }).generate(request);
    const meta = result.providerMetadata?.onnx as {
      executionProvider: string;
      skipped: { ep: string; reason: string }[];
    };
    expect(meta.executionProvider).toBe('cpu');
    expect(meta.skipped).toHaveLength(1);
    expect(meta.skipped[0]!.ep).toBe('cuda');
    expect(meta.skipped[0]!.reason).toMatch(/Cuda: Failed to load shared library/);
    expect(
      result.warnings.some(
        (w) => w.type === 'other' && /execution provider cuda was not used/.test(w.message),
      ),
    ).toBe(true);
    expect(created.filter((c) => c.startsWith('"cuda"'))).toHaveLength(1);
    expect(created.filter((c) => c.startsWith('"cpu"'))).toHaveLength(4);
    // Sessions are cached: a second call creates none.
    await createImageClient({ provider }).generate(request);
    expect(created).toHaveLength(5);
    await provider.dispose?.();
    await createImageClient({ provider }).generate(request);
    expect(created.length).toBeGreaterThan(5);
    await provider.dispose?.();
  });

  it('strict: a missing provider is a ModelLoadError, not a fallback', async () => {
    const provider = createOnnx({ baseDir: fixtures })('tiny-sd', { ep: 'cuda', strict: true });
    const error = await createImageClient({ provider })
      .generate(request)
      .catch((e) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /execution provider cuda is not usable \(strict, so no fallback\)/,
    );
  });

  it('providers this onnxruntime-node build lacks for the platform are skipped without trying', async () => {
    const { created, loadOrt } = countingOrt();
    const provider = createOnnx({ baseDir: fixtures, loadOrt })('tiny-generator', {
      ep: ['dml', 'coreml', 'cpu'],
    });
    const result = await createImageClient({ provider }).generate({ prompt: 'red apple', seed: 2 });
    const meta = result.providerMetadata?.onnx as {
      executionProvider: string;
      skipped: { ep: string; reason: string }[];
    };
    expect(meta.executionProvider).toBe('cpu');
    expect(meta.skipped.map((s) => s.ep)).toEqual(['dml', 'coreml']);
    expect(meta.skipped[0]!.reason).toMatch(/not available in onnxruntime-node on linux\/x64/);
    expect(created).toHaveLength(1);
    await provider.dispose?.();
  });

  it('session options reach onnxruntime', async () => {
    let seen: ort.InferenceSession.SessionOptions | undefined;
    const module = {
      ...ort,
      InferenceSession: {
        create: (p: string, o: ort.InferenceSession.SessionOptions) => {
          seen = o;
          return ort.InferenceSession.create(p, o);
        },
      },
    };
    const provider = createOnnx({ baseDir: fixtures, loadOrt: async () => module as unknown as OrtModule })(
      'tiny-generator',
      {
        ep: 'cpu',
        threads: 1,
        interOpThreads: 1,
        graphOptimization: 'basic',
        memoryArena: false,
        executionMode: 'sequential',
      },
    );
    await createImageClient({ provider }).generate({ prompt: 'red apple', seed: 2 });
    expect(seen).toMatchObject({
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'basic',
      enableCpuMemArena: false,
      executionMode: 'sequential',
      executionProviders: [{ name: 'cpu', useArena: false }],
    });
    await provider.dispose?.();
  });
});

describe('loading', () => {
  it('onnxruntime-node missing → ModelLoadError that says what to install', async () => {
    const missing = async () => {
      throw Object.assign(new Error("Cannot find package 'onnxruntime-node'"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    };
    const provider = createOnnx({ baseDir: fixtures, loadOrt: missing })('tiny-sd');
    const error = await createImageClient({ provider })
      .generate(request)
      .catch((e) => e);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /onnxruntime-node is not installed\. Install it with: npm install onnxruntime-node/,
    );
  });

  it('a path that is not a model is a ModelLoadError at creation', () => {
    expect(() => createOnnx({ baseDir: fixtures })('nowhere')).toThrow(/no model at .*nowhere/);
    expect(() => createOnnx({ baseDir: fixtures })('tiny-sd/tokenizer')).toThrow(ModelLoadError);
  });

  it('bad options name the field', () => {
    const error = (() => {
      try {
        createOnnx({ baseDir: fixtures })('tiny-sd', { ep: 'gpu' as 'cpu' });
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('options.ep');
  });

  it('capabilities come from the folder: size from unet sample_size, edit modes from the graphs', () => {
    const make = createOnnx({ baseDir: fixtures });
    const sd = make('tiny-sd').capabilities;
    expect(sd).toMatchObject({
      defaultSize: { width: 64, height: 64 },
      sizeMultiple: 8,
      editModes: ['img2img'],
      progress: 'step',
      seed: true,
    });
    expect(sd.steps).toMatchObject({ default: 25 });
    expect(make('tiny-lcm').capabilities.editModes).toEqual([]);
    expect(make('tiny-sd-inpaint').capabilities.editModes).toEqual(['img2img', 'inpaint']);
    expect(make('tiny-sd', { steps: 8, guidance: 3 }).capabilities).toMatchObject({
      steps: { default: 8 },
      guidance: { default: 3 },
    });
  });
});

describe('config registry', () => {
  it('onnx:path?ep=…&steps=… resolves through core with coerced query options', async () => {
    const client = await createImageClientFromConfig(
      { provider: 'onnx:tiny-sd?ep=cuda&threads=1&steps=3&scheduler=ddim' },
      { cwd: fixtures },
    );
    const events: string[] = [];
    const result = await client.generate(
      { prompt: 'a red cat', seed: 4 },
      { onProgress: (e) => events.push(e.type) },
    );
    expect(events.filter((e) => e === 'step')).toHaveLength(3);
    expect(result.providerMetadata?.onnx).toMatchObject({
      executionProvider: 'cpu',
      scheduler: 'ddim',
      skipped: [{ ep: 'cuda' }],
    });
    await client.dispose();
  });

  it('a list of providers and booleans as strings', async () => {
    const provider = await resolveProvider('onnx:tiny-generator?ep=dml,cpu&strict=false', { cwd: fixtures });
    const result = await createImageClient({ provider }).generate({ prompt: 'blue star', seed: 1 });
    expect(result.providerMetadata?.onnx).toMatchObject({
      executionProvider: 'cpu',
      skipped: [{ ep: 'dml' }],
    });
    await provider.dispose?.();
  });

  it('bad query options are an InvalidRequestError naming them', () => {
    const error = (() => {
      try {
        providerFromConfig(
          { id: 'onnx', model: 'tiny-sd', options: { threads: 'many' } },
          {
            env: {},
            cwd: fixtures,
            resolveProvider: async () => {
              throw new Error('unused');
            },
          },
        );
      } catch (e) {
        return e;
      }
    })();
    expect((error as InvalidRequestError).field).toBe('options.threads');
  });
});
