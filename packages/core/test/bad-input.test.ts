import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createImageClient,
  createImageClientFromConfig,
  type EditRequest,
  type GenerateRequest,
  InvalidRequestError,
  ModelLoadError,
  registerProvider,
  UnsupportedFeatureError,
} from '@pictor/core';
import { loadConfig } from '@pictor/core/node';
import { mockProvider } from '@pictor/core/test';
import { describe, expect, it } from 'vitest';
import { rejectionOf, solidPng } from './helpers.js';

const provider = mockProvider({
  capabilities: { maxPromptLength: 100, steps: { min: 1, max: 8, default: 4 }, maxReferences: 2 },
});
const client = createImageClient({ provider });
const fixedSizes = mockProvider({
  capabilities: {
    sizes: [
      { width: 1024, height: 1024 },
      { width: 512, height: 512 },
    ],
    defaultSize: { width: 1024, height: 1024 },
  },
});

const png = await solidPng(16, 16);
const otherSize = await solidPng(8, 16);
const truncated = png.subarray(0, png.length - 20);

type Case = [name: string, request: unknown, field: string];
const generateCases: Case[] = [
  ['empty prompt', { prompt: '' }, 'prompt'],
  ['whitespace prompt', { prompt: ' \n\t ' }, 'prompt'],
  ['prompt not a string', { prompt: 42 }, 'prompt'],
  ['missing prompt', {}, 'prompt'],
  ['prompt beyond the model limit', { prompt: 'x'.repeat(101) }, 'prompt'],
  ['negative width', { prompt: 'a', width: -64 }, 'width'],
  ['zero height', { prompt: 'a', height: 0 }, 'height'],
  ['NaN width', { prompt: 'a', width: Number.NaN }, 'width'],
  ['non-integer height', { prompt: 'a', height: 64.5 }, 'height'],
  ['width not a multiple of 8', { prompt: 'a', width: 100 }, 'width'],
  ['width above the model maximum', { prompt: 'a', width: 4096 }, 'width'],
  ['n = 0', { prompt: 'a', n: 0 }, 'n'],
  ['huge n', { prompt: 'a', n: 10_000 }, 'n'],
  ['fractional n', { prompt: 'a', n: 1.5 }, 'n'],
  ['steps above range', { prompt: 'a', steps: 50 }, 'steps'],
  ['steps zero', { prompt: 'a', steps: 0 }, 'steps'],
  ['seed not an integer', { prompt: 'a', seed: 1.25 }, 'seed'],
  ['negative seed', { prompt: 'a', seed: -1 }, 'seed'],
  ['seed beyond 32 bits', { prompt: 'a', seed: 2 ** 32 }, 'seed'],
  ['guidance out of range', { prompt: 'a', guidance: 99 }, 'guidance'],
  ['guidance Infinity', { prompt: 'a', guidance: Number.POSITIVE_INFINITY }, 'guidance'],
  ['misspelt field', { prompt: 'a', promt: 'b' }, ''],
  [
    'providerOptions not keyed by provider',
    { prompt: 'a', providerOptions: { steps: 4 } },
    'providerOptions.steps',
  ],
];

describe('bad generate requests are typed errors naming the field, before any call', () => {
  for (const [name, request, field] of generateCases) {
    it(name, async () => {
      const before = provider.calls.length;
      const error = await rejectionOf(client.generate(request as GenerateRequest));
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      if (field) expect((error as InvalidRequestError).field).toBe(field);
      expect(provider.calls.length).toBe(before);
    });
  }

  it('a size the model does not make', async () => {
    const error = await rejectionOf(
      createImageClient({ provider: fixedSizes }).generate({ prompt: 'a', width: 768, height: 768 }),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('1024×1024');
    expect(fixedSizes.calls).toHaveLength(0);
  });
});

const editCases: [string, () => unknown, string][] = [
  ['strength above 1', () => ({ mode: 'img2img', prompt: 'a', image: png, strength: 1.5 }), 'strength'],
  ['strength below 0', () => ({ mode: 'img2img', prompt: 'a', image: png, strength: -0.1 }), 'strength'],
  ['mask without image', () => ({ mode: 'inpaint', prompt: 'a', mask: png }), 'image'],
  ['inpaint without mask', () => ({ mode: 'inpaint', prompt: 'a', image: png }), 'mask'],
  [
    'image bytes that are not an image',
    () => ({ mode: 'img2img', prompt: 'a', image: new TextEncoder().encode('hello world, not a png') }),
    'image',
  ],
  ['truncated PNG', () => ({ mode: 'img2img', prompt: 'a', image: truncated }), 'image'],
  ['empty image', () => ({ mode: 'img2img', prompt: 'a', image: new Uint8Array() }), 'image'],
  [
    'invalid base64',
    () => ({ mode: 'img2img', prompt: 'a', image: { base64: '***not base64***' } }),
    'image',
  ],
  [
    'URL input without a fetch policy',
    () => ({ mode: 'img2img', prompt: 'a', image: { url: 'https://example.com/a.png' } }),
    'image',
  ],
  ['mask of another size', () => ({ mode: 'inpaint', prompt: 'a', image: png, mask: otherSize }), 'mask'],
  ['unknown mode', () => ({ mode: 'outpaint', prompt: 'a', image: png }), 'mode'],
  ['image of the wrong type', () => ({ mode: 'img2img', prompt: 'a', image: 'a.png' }), 'image'],
  [
    'too many references',
    () => ({ mode: 'reference', prompt: 'a', image: png, references: [png, png] }),
    'references',
  ],
  [
    'a reference that is not an image',
    () => ({ mode: 'reference', prompt: 'a', image: png, references: [new Uint8Array([1, 2, 3])] }),
    'references[0]',
  ],
];

describe('bad edit requests are typed errors naming the field, before any call', () => {
  for (const [name, make, field] of editCases) {
    it(name, async () => {
      const before = provider.calls.length;
      const error = await rejectionOf(client.edit(make() as EditRequest));
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      expect((error as InvalidRequestError).field).toBe(field);
      expect(provider.calls.length).toBe(before);
    });
  }

  it('an edit mode the model lacks is an UnsupportedFeatureError', async () => {
    const noInpaint = mockProvider({ capabilities: { editModes: ['upscale'] } });
    const error = await rejectionOf(
      createImageClient({ provider: noInpaint }).edit({
        mode: 'inpaint',
        prompt: 'a',
        image: png,
        mask: png,
      }),
    );
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as UnsupportedFeatureError).field).toBe('mode');
    expect(noInpaint.calls).toHaveLength(0);
  });
});

describe('bad config is a typed error naming the path of the bad value', () => {
  const env = {};
  const configCases: [string, unknown, string][] = [
    ['unknown provider string', { provider: 'dalle:3' }, 'provider'],
    ['provider string without a model', { provider: 'workers-ai:' }, 'provider'],
    ['provider string without an id', { provider: 'emoji' }, 'provider'],
    ['unknown middleware', { middleware: [{ use: 'retry' }, { use: 'retrry' }] }, 'middleware[1].use'],
    ['bad middleware option', { middleware: [{ use: 'retry', maxRetries: -1 }] }, 'middleware[0].maxRetries'],
    ['unknown top-level key', { provder: 'tfjs:emoji' }, '(root)'],
    ['provider object without a model', { provider: { id: 'tfjs' } }, 'provider'],
    ['middleware not an array', { middleware: { use: 'retry' } }, 'middleware'],
  ];
  for (const [name, config, field] of configCases) {
    it(name, async () => {
      const error = await rejectionOf(createImageClientFromConfig(config, { env }));
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      expect((error as InvalidRequestError).field).toBe(field);
    });
  }

  it('a missing secret names the variable and the path', async () => {
    registerProvider({ id: 'needs-secret', create: () => mockProvider() });
    const error = await rejectionOf(
      createImageClientFromConfig(
        {
          provider: {
            id: 'needs-secret',
            model: 'm',
            settings: { apiToken: { env: 'PICTOR_TEST_MISSING_TOKEN' } },
          },
        },
        { env: {} },
      ),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('provider.settings.apiToken');
    expect((error as Error).message).toContain('PICTOR_TEST_MISSING_TOKEN');
  });

  it('a missing adapter package says what to install', async () => {
    registerProvider({
      id: 'not-installed',
      packageName: '@pictor/not-a-real-package',
      install: 'npm install @pictor/not-a-real-package',
    });
    const error = await rejectionOf(
      createImageClientFromConfig({ provider: 'not-installed:model' }, { env: {} }),
    );
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm install @pictor/not-a-real-package');
  });

  it('malformed JSON in a config file names the file', async () => {
    const file = join(tmpdir(), `pictor-bad-${process.pid}.json`);
    writeFileSync(file, '{ "provider": "tfjs:emoji", }');
    const error = await rejectionOf(loadConfig({ file, env: {} }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('a bad value in a config file names the path and the file', async () => {
    const file = join(tmpdir(), `pictor-badvalue-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ middleware: [{ use: 'retry' }], strict: 'yes' }));
    const error = await rejectionOf(loadConfig({ file, env: {} }));
    expect((error as InvalidRequestError).field).toBe('strict');
    expect((error as Error).message).toContain(file);
  });

  it('malformed inline PICTOR_CONFIG', async () => {
    const error = await rejectionOf(loadConfig({ env: { PICTOR_CONFIG: '{ nope' }, cwd: tmpdir() }));
    expect((error as InvalidRequestError).field).toBe('PICTOR_CONFIG');
  });
});
