// `pnpm bench onnx`: the ONNX adapter's own cost, next to bare onnxruntime `session.run` calls in the same process.
import { fileURLToPath } from 'node:url';
import { seededNormal } from '@pictor/core';
import { encodePrompt } from '@pictor/model-emoji';
import { generatorOnnxPath } from '@pictor/model-emoji/node';
import { emojiSdFolder } from '@pictor/model-emoji-sd';
import { createOnnx } from '@pictor/onnx';
import * as ort from 'onnxruntime-node';
import { type BenchFigure, sideBySide } from './harness.js';

const fixtures = fileURLToPath(new URL('../../packages/onnx/test/fixtures/', import.meta.url));
const onnx = createOnnx({ baseDir: fixtures, ep: 'cpu', threads: 1 });

/**
 * The glue of the pipeline: a call minus bare runs of the same graphs with ready-made tensors, at two
 * step counts. The slope is the glue per denoising step; the rest is the per-call cost (tokenizer,
 * latents, decoding to pixels, PNG encoding).
 */
async function glue(folder: string, size: number, half: boolean): Promise<BenchFigure[]> {
  const provider = onnx(folder, { scheduler: 'euler' });
  let counter = 0;
  const call = (steps: number) => () =>
    provider.generate(
      { prompt: `a red cat ${counter++}`, width: size, height: size, steps, guidance: 7.5, seed: 1 },
      {},
    );
  const open = (part: string) =>
    ort.InferenceSession.create(`${fixtures}${folder}/${part}/model.onnx`, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
    });
  const [text, unet, vae] = await Promise.all([open('text_encoder'), open('unet'), open('vae_decoder')]);
  const type = half ? 'float16' : 'float32';
  const floats = (n: number) => (half ? new Uint16Array(n) : new Float32Array(n));
  const l = size / 8;
  const ids = new ort.Tensor('int32', new Int32Array(77), [1, 77]);
  const sample = new ort.Tensor(type, floats(2 * 4 * l * l), [2, 4, l, l]);
  const hidden = new ort.Tensor(type, floats(2 * 77 * 32), [2, 77, 32]);
  const timestep = half
    ? new ort.Tensor('float16', new Uint16Array(1), [1])
    : new ort.Tensor('int64', new BigInt64Array(1), [1]);
  const latent = new ort.Tensor(type, floats(4 * l * l), [1, 4, l, l]);
  const bare = (steps: number) => async () => {
    await text.run({ input_ids: ids });
    for (let i = 0; i < steps; i++) await unet.run({ sample, timestep, encoder_hidden_states: hidden });
    await vae.run({ latent_sample: latent });
  };
  const [few, many] = [5, 25];
  const rounds = size > 128 ? 5 : 10;
  const perRound = size > 128 ? 2 : 5;
  const calls = rounds * perRound;
  await call(few)();
  await bare(few)();
  const short = await sideBySide(call(few), bare(few), rounds, perRound);
  const long = await sideBySide(call(many), bare(many), rounds, perRound);
  await Promise.all([text.release(), unet.release(), vae.release(), provider.dispose?.()]);
  const overShort = (short.aMs - short.bMs) / calls;
  const overLong = (long.aMs - long.bMs) / calls;
  const perStep = (overLong - overShort) / (many - few);
  const perCall = overShort - few * perStep;
  const label = `${folder}, ${size}×${size}, CFG, euler`;
  return [
    {
      name: `SD pipeline glue per denoising step beyond session.run (${label})`,
      value: perStep,
      unit: 'ms',
      baseline: {
        name: `bare session.run per step (UNet, batch 2)`,
        value: (long.bMs - short.bMs) / calls / (many - few),
        unit: 'ms',
      },
      goal: '≤ 1 ms per step',
      met: perStep <= 1,
      note: `slope between ${few} and ${many} steps: scheduler, CFG arithmetic, latent copies${half ? ', float16 conversion' : ''}, progress event; CPU EP, 1 thread`,
    },
    {
      name: `SD pipeline cost per call beyond session.run (${label})`,
      value: perCall,
      unit: 'ms',
      baseline: {
        name: `bare session.run of text encoder + ${few} UNet + VAE`,
        value: short.bMs / calls,
        unit: 'ms',
      },
      note: 'tokenizer, starting noise, decoding to pixels, PNG encoding',
    },
  ];
}

async function emoji(): Promise<BenchFigure> {
  const provider = onnx('emoji');
  const call = () => provider.generate({ prompt: 'red apple', seed: 1 }, {});
  await call();
  const session = await ort.InferenceSession.create(generatorOnnxPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  const { words } = encodePrompt('red apple');
  const feeds = {
    words: new ort.Tensor('float32', words, [1, words.length]),
    z: new ort.Tensor('float32', seededNormal(1, 64), [1, 64]),
  };
  const bare = () => session.run(feeds);
  await bare();
  const { aMs, bMs } = await sideBySide(call, bare, 10, 20);
  await session.release();
  await provider.dispose?.();
  const ratio = bMs / aMs;
  return {
    name: 'emoji generator through the adapter vs bare session.run (throughput ratio = bare ms ÷ adapter ms)',
    value: aMs / 200,
    unit: 'ms',
    baseline: { name: 'bare session.run with ready-made tensors', value: bMs / 200, unit: 'ms' },
    ratio,
    goal: '≥ 0.8×',
    met: ratio >= 0.8,
    note: 'adapter = prompt encoding + noise + session.run + PNG encoding of the 32×32 image; CPU EP, 1 thread, batch 1',
  };
}

/**
 * emoji-sd (the trained 64×64 latent diffusion model), 20 Euler steps with guidance, through the adapter
 * vs the same graphs run bare with ready-made tensors: text encoder, 20 UNet batches of 2, VAE decoder
 * (the encoded empty image a 9-channel UNet gets for text-to-image is cached per size); one text-encoder run
 * per call on both sides (a new prompt each call, the empty negative prompt cached).
 */
async function emojiSd(): Promise<BenchFigure[]> {
  const steps = 20;
  const provider = onnx('emoji-sd', { scheduler: 'euler' });
  let counter = 0;
  const call = () =>
    provider.generate({ prompt: `a red apple ${counter++}`, steps, guidance: 5, seed: 1 }, {});
  const open = (part: string) =>
    ort.InferenceSession.create(`${emojiSdFolder}/${part}/model.onnx`, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
    });
  const [text, unet, decoder] = await Promise.all([open('text_encoder'), open('unet'), open('vae_decoder')]);
  const ids = new ort.Tensor('int32', new Int32Array(16), [1, 16]);
  const sample = new ort.Tensor('float32', seededNormal(2, 2 * 9 * 64), [2, 9, 8, 8]);
  const hidden = new ort.Tensor('float32', seededNormal(3, 2 * 16 * 128), [2, 16, 128]);
  const latent = new ort.Tensor('float32', seededNormal(4, 4 * 64), [1, 4, 8, 8]);
  const bare = async () => {
    await text.run({ input_ids: ids });
    for (let i = 0; i < steps; i++)
      await unet.run({
        sample,
        timestep: new ort.Tensor('float32', Float32Array.of(999 - i * 50), [1]),
        encoder_hidden_states: hidden,
      });
    await decoder.run({ latent_sample: latent });
  };
  await call();
  await bare();
  const rounds = 6;
  const perRound = 5;
  const { aMs, bMs } = await sideBySide(call, bare, rounds, perRound);
  await Promise.all([text.release(), unet.release(), decoder.release(), provider.dispose?.()]);
  const callMs = aMs / (rounds * perRound);
  const bareMs = bMs / (rounds * perRound);
  const glueShare = (callMs - bareMs) / callMs;
  return [
    {
      name: 'emoji-sd, 20 Euler steps with guidance at 64×64, one image through the adapter',
      value: callMs,
      unit: 'ms',
      goal: '≤ 1000 ms',
      met: callMs <= 1000,
      note: 'CPU EP, 1 thread; a new prompt each call (the empty negative prompt is cached), so one text-encoder run per call on both sides',
    },
    {
      name: 'emoji-sd pipeline glue share of the call (call − bare session.run) ÷ call',
      value: glueShare * 100,
      unit: '%',
      baseline: {
        name: 'bare session.run of the same graphs with ready-made tensors',
        value: bareMs,
        unit: 'ms',
      },
      goal: '≤ 5 %',
      met: glueShare <= 0.05,
      note: 'glue = tokenizer, noise, scheduler, CFG arithmetic, latent copies, progress events, PNG encoding',
    },
  ];
}

export default async function (): Promise<BenchFigure[]> {
  return [
    ...(await emojiSd()),
    ...(await glue('tiny-sd', 64, false)),
    ...(await glue('tiny-sd', 512, false)),
    ...(await glue('tiny-sd-fp16', 512, true)),
    await emoji(),
  ];
}
