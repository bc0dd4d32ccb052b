import { afterAll, describe, expect, it } from 'vitest';
import { createOnnx } from '../src/index.js';
import { fixtures } from './helpers.js';

// tiny-sd's scheduler_config.json names PNDMScheduler (as SD 1.x exports do); the adapter runs Euler then.
const onnx = createOnnx({ baseDir: fixtures, ep: 'cpu', threads: 1 });
const provider = onnx('tiny-sd', { steps: 1 });
const request = { prompt: 'a red apple', width: 64, height: 64, seed: 1 };

describe('onnx scheduler the folder names but the adapter lacks', () => {
  afterAll(() => provider.dispose?.());

  it('says it ran another scheduler', async () => {
    const result = await provider.generate(request, {});
    const warning = result.warnings.find((w) => w.type === 'other' && w.message.includes('PNDMScheduler'));
    expect(warning).toMatchObject({ source: 'onnx' });
    expect(warning && 'message' in warning && warning.message).toContain('ran euler');
  });

  it('says nothing when the caller picked the scheduler', async () => {
    const result = await provider.generate(
      { ...request, providerOptions: { onnx: { scheduler: 'euler' } } },
      {},
    );
    expect(result.warnings.filter((w) => w.type === 'other' && w.message.includes('PNDMScheduler'))).toEqual(
      [],
    );
  });
});
