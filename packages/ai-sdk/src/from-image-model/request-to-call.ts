import type { EditRequest, GenerateRequest, Warning } from '@pictor/core';
import { sniffMediaType } from '@pictor/core';
import type { AISDKImageCallOptions, AISDKImageFile } from '../ai-sdk-spec.js';
import type { SizeEncoding, VendorProfile } from './known-models.js';

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

/** The size's reduced ratio, or the nearest of the named ratios a vendor accepts (1344×768 → `16:9`). */
export function aspectRatioFor(
  width: number,
  height: number,
  allowed: readonly `${number}:${number}`[] | undefined,
): `${number}:${number}` {
  const divisor = gcd(width, height);
  const exact = `${width / divisor}:${height / divisor}` as const;
  if (!allowed?.length || allowed.includes(exact)) return exact;
  const target = Math.log(width / height);
  let best = allowed[0]!;
  for (const ratio of allowed) {
    const [a, b] = ratio.split(':').map(Number) as [number, number];
    const [c, d] = best.split(':').map(Number) as [number, number];
    if (Math.abs(Math.log(a / b) - target) < Math.abs(Math.log(c / d) - target)) best = ratio;
  }
  return best;
}

/** Bytes as an AI SDK file part, with the media type read from them. */
export function toFile(bytes: Uint8Array): AISDKImageFile {
  return { type: 'file', mediaType: sniffMediaType(bytes) ?? 'application/octet-stream', data: bytes };
}

const EXTRA_FIELDS = ['negativePrompt', 'steps', 'guidance', 'strength'] as const;

/**
 * A validated Pictor request → `doGenerate` options: width/height → `size` (or the aspect ratio the
 * vendor takes), Pictor's typed extras → the vendor's provider options through its key map (a field
 * without one is reported unsupported), an edit's image/references/mask → `files`/`mask`.
 * `request.providerOptions` is passed as the AI SDK's `providerOptions` (keyed `openai`, `fal`, …).
 */
export function requestToCall(
  request: GenerateRequest | EditRequest,
  profile: VendorProfile | undefined,
  sizeEncoding: SizeEncoding,
): { call: AISDKImageCallOptions; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const providerOptions: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(request.providerOptions ?? {}))
    providerOptions[key] = { ...value };
  const vendorOptions = (key: string) => {
    providerOptions[key] ??= {};
    return providerOptions[key]!;
  };
  const call: AISDKImageCallOptions = {
    prompt: request.prompt,
    n: request.n ?? 1,
    size: undefined,
    aspectRatio: undefined,
    seed: request.seed,
    providerOptions,
  };
  const { width, height } = request;
  if (width !== undefined && height !== undefined) {
    const ratio = aspectRatioFor(
      width,
      height,
      sizeEncoding === 'aspectRatio' ? profile?.aspectRatios : undefined,
    );
    if (sizeEncoding === 'size') call.size = `${width}x${height}`;
    else call.aspectRatio = ratio;
    if (sizeEncoding === 'bfl') Object.assign(vendorOptions('blackForestLabs'), { width, height });
  }
  for (const field of EXTRA_FIELDS) {
    const value = (request as EditRequest)[field];
    if (value === undefined) continue;
    const key = profile?.keys[field];
    if (key && profile) vendorOptions(profile.optionsKey)[key] = value;
    else warnings.push({ type: 'unsupported', field, details: 'this AI SDK provider has no option for it' });
  }
  if ('mode' in request && request.image instanceof Uint8Array) {
    const files = [request.image, ...((request.references ?? []) as Uint8Array[])];
    call.files = files.map(toFile);
    if (request.mask instanceof Uint8Array) call.mask = toFile(request.mask);
  }
  return { call, warnings };
}
