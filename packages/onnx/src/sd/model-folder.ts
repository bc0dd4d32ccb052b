import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ModelLoadError } from '@pictor/core';
import { type SchedulerConfig, schedulerConfigSchema } from './schedulers/scheduler-config.js';

/** What the adapter reads from an optimum/diffusers ONNX export folder. */
export interface SdFolder {
  /** The folder. */
  root: string;
  /** `text_encoder/model.onnx` and the others (`vaeEncoder` only when the folder has one). */
  graphs: { textEncoder: string; unet: string; vaeDecoder: string; vaeEncoder?: string };
  /** The `tokenizer/` folder. */
  tokenizer: string;
  /** `scheduler/scheduler_config.json`. */
  scheduler: SchedulerConfig;
  /** UNet input channels: 4 (text-to-image, img2img) or 9 (inpainting). */
  inChannels: number;
  /** Latent size of the training resolution (64 → 512 px). */
  sampleSize: number;
  /** The VAE's latent scaling factor (0.18215 for SD 1.x/2.x). */
  scalingFactor: number;
  /** LCM UNets with a guidance embedding input: its width. */
  timeCondProjDim?: number;
  /** Whether the folder looks like a distilled few-step model (SD-Turbo, LCM), which runs without guidance. */
  distilled: 'turbo' | 'lcm' | undefined;
}

function readJson(path: string, required: boolean): Record<string, unknown> | undefined {
  if (!existsSync(path)) {
    if (required) throw new ModelLoadError(`missing ${path}`, { provider: 'onnx' });
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ModelLoadError(`${path} is not valid JSON: ${(error as Error).message}`, {
      provider: 'onnx',
      cause: error,
    });
  }
}

function graph(root: string, part: string, required: boolean): string | undefined {
  for (const name of ['model.onnx', 'model_fp16.onnx']) {
    const path = join(root, part, name);
    if (existsSync(path)) return path;
  }
  if (required)
    throw new ModelLoadError(`${root} has no ${part}/model.onnx (is it an optimum/diffusers ONNX export?)`, {
      provider: 'onnx',
    });
  return undefined;
}

/** Whether `root` is a Stable-Diffusion-family export (it has `model_index.json` and `unet/`). */
export function isSdFolder(root: string): boolean {
  return existsSync(join(root, 'model_index.json')) && existsSync(join(root, 'unet'));
}

/** Reads a Stable-Diffusion-family export folder (synchronously: these are small JSON files). */
export function readSdFolder(root: string): SdFolder {
  const index = readJson(join(root, 'model_index.json'), true)!;
  const parsed = schedulerConfigSchema.safeParse(
    readJson(join(root, 'scheduler', 'scheduler_config.json'), false) ?? {},
  );
  if (!parsed.success) {
    throw new ModelLoadError(`${root}/scheduler/scheduler_config.json: ${parsed.error.issues[0]?.message}`, {
      provider: 'onnx',
    });
  }
  const unetConfig = readJson(join(root, 'unet', 'config.json'), false) ?? {};
  const vaeConfig =
    readJson(join(root, 'vae_decoder', 'config.json'), false) ??
    readJson(join(root, 'vae_encoder', 'config.json'), false) ??
    {};
  const vaeEncoder = graph(root, 'vae_encoder', false);
  const name = `${basename(root)} ${String(index._name_or_path ?? '')}`.toLowerCase();
  const inChannels =
    typeof unetConfig.in_channels === 'number' ? unetConfig.in_channels : name.includes('inpaint') ? 9 : 4;
  const timeCond =
    typeof unetConfig.time_cond_proj_dim === 'number' ? unetConfig.time_cond_proj_dim : undefined;
  const lcm =
    parsed.data._class_name === 'LCMScheduler' || timeCond !== undefined || /\blcm\b|lcm[-_]/.test(name);
  return {
    root,
    graphs: {
      textEncoder: graph(root, 'text_encoder', true)!,
      unet: graph(root, 'unet', true)!,
      vaeDecoder: graph(root, 'vae_decoder', true)!,
      ...(vaeEncoder ? { vaeEncoder } : {}),
    },
    tokenizer: join(root, 'tokenizer'),
    scheduler: parsed.data,
    inChannels,
    sampleSize: typeof unetConfig.sample_size === 'number' ? unetConfig.sample_size : 64,
    scalingFactor: typeof vaeConfig.scaling_factor === 'number' ? vaeConfig.scaling_factor : 0.18215,
    ...(timeCond !== undefined ? { timeCondProjDim: timeCond } : {}),
    distilled: lcm ? 'lcm' : name.includes('turbo') ? 'turbo' : undefined,
  };
}
