import type { Capabilities, EditRequest, GenerateRequest, Warning } from '@pictor/core';
import type { MultipartInputs } from '../run/runner.js';

/** The image model ids of the catalogue; any other string compiles but is rejected at creation. */
export type WorkersAIImageModelId =
  | '@cf/stabilityai/stable-diffusion-xl-base-1.0'
  | '@cf/bytedance/stable-diffusion-xl-lightning'
  | '@cf/lykon/dreamshaper-8-lcm'
  | '@cf/runwayml/stable-diffusion-v1-5-img2img'
  | '@cf/runwayml/stable-diffusion-v1-5-inpainting'
  | '@cf/black-forest-labs/flux-1-schnell'
  | '@cf/black-forest-labs/flux-2-dev'
  | '@cf/black-forest-labs/flux-2-klein-4b'
  | '@cf/black-forest-labs/flux-2-klein-9b'
  | '@cf/leonardo/lucid-origin'
  | '@cf/leonardo/phoenix-1.0'
  | (string & {});

/** What the encoder knows besides the request. */
export interface EncodeContext {
  /** `generate` or `edit`. */
  operation: 'generate' | 'edit';
  /** How SD-family edit images are sent: `array` (number array, default) or `base64` (`image_b64`). */
  imageEncoding: 'array' | 'base64';
}

/** A request turned into model inputs, with what had to be dropped. */
export interface EncodedInputs {
  inputs: Record<string, unknown> | MultipartInputs;
  warnings: Warning[];
}

/** One Workers AI image model: what it honours, how to call it, what it costs. */
export interface WorkersAIImageModel {
  /** The model id, for example `@cf/black-forest-labs/flux-1-schnell`. */
  id: string;
  /** A human name. */
  name: string;
  /** The request/response family: `sd` (JSON, binary out), `flux-1` (JSON, base64 out), `flux-2` (multipart, base64 out), `leonardo`. */
  family: 'sd' | 'flux-1' | 'flux-2' | 'leonardo';
  /** What the model honours, as documented. */
  capabilities: Capabilities;
  /** How the model returns images: raw bytes or `{ image: base64 }`. Decoding sniffs the bytes either way. */
  output: 'binary' | 'base64';
  /** Whether the body must be multipart/form-data. */
  multipart: boolean;
  /** Terms or licence linked from the model's page. */
  terms: { name: string; url: string };
  /** Price as documented (USD; Cloudflare bills in neurons, $0.011 per 1,000). */
  pricing: string;
  /** A partner model (hosted for a third party; may have its own terms). */
  partner: boolean;
  /** Marked beta in the catalogue. */
  beta: boolean;
  /** Notes for users (caveats, known issues). */
  notes: string[];
  /** Turns a (validated) request into the model's inputs. */
  encode(request: GenerateRequest | EditRequest, context: EncodeContext): EncodedInputs;
}

/** Adds a warning for each listed field present in `request`, so nothing is dropped silently. */
export function dropFields(
  request: GenerateRequest | EditRequest,
  fields: readonly string[],
  model: string,
  warnings: Warning[],
): void {
  for (const field of fields) {
    if ((request as unknown as Record<string, unknown>)[field] !== undefined) {
      warnings.push({
        type: 'unsupported',
        field,
        details: `${model} does not take ${field}; it was not sent`,
      });
    }
  }
}

/** Copies the defined entries of `values` into `target`. */
export function assignDefined(
  target: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) target[key] = value;
  return target;
}

/** Base64 of bytes, in chunks (no stack overflow on large images). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
