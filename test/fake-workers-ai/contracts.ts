// Each model's documented input contract (Cloudflare's Workers AI model schemas), checked the way
// Workers AI checks it: HTTP 400 with code 5006 and its "AiError: Bad input: Error: …" messages.

/** One field's rule. */
export interface FieldRule {
  type: 'string' | 'integer' | 'number' | 'byte-array' | 'boolean' | 'array' | 'object';
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
}

/** A JSON input schema. */
export interface JsonContract {
  required: string[];
  fields: Record<string, FieldRule>;
  /** `false`: unknown fields are a 5006 (flux-1-schnell). */
  additionalProperties: boolean;
}

/** How a model answers. */
export type OutputKind = 'binary-png' | 'binary-jpeg' | 'binary-jpeg-as-png' | 'base64-jpeg' | 'base64-png';

/** A model the fake serves. */
export interface ModelContract {
  kind: 'image-json' | 'image-multipart' | 'text' | 'vision-llama' | 'llava' | 'clef' | 'resnet';
  json?: JsonContract;
  output?: OutputKind;
  defaultSize?: readonly [number, number];
  /** Input fields without which the model cannot run (img2img needs an image…). */
  needs?: readonly ('image' | 'mask')[];
  /** FLUX.2 klein: steps are fixed. */
  fixedSteps?: boolean;
}

const sdFields: Record<string, FieldRule> = {
  prompt: { type: 'string', minLength: 1 },
  negative_prompt: { type: 'string' },
  height: { type: 'integer', min: 256, max: 2048 },
  width: { type: 'integer', min: 256, max: 2048 },
  image: { type: 'byte-array' },
  image_b64: { type: 'string' },
  mask: { type: 'byte-array' },
  num_steps: { type: 'integer', max: 20 },
  strength: { type: 'number', min: 0, max: 1 },
  guidance: { type: 'number' },
  seed: { type: 'integer' },
};
const sd = (output: OutputKind, size: number, needs: ModelContract['needs'] = []): ModelContract => ({
  kind: 'image-json',
  json: { required: ['prompt'], fields: sdFields, additionalProperties: true },
  output,
  defaultSize: [size, size],
  needs,
});

/** The models of the fake, by id. */
export const CONTRACTS: Readonly<Record<string, ModelContract>> = {
  '@cf/stabilityai/stable-diffusion-xl-base-1.0': sd('binary-png', 1024),
  '@cf/bytedance/stable-diffusion-xl-lightning': sd('binary-jpeg-as-png', 1024),
  '@cf/lykon/dreamshaper-8-lcm': sd('binary-png', 512),
  '@cf/runwayml/stable-diffusion-v1-5-img2img': sd('binary-png', 512, ['image']),
  '@cf/runwayml/stable-diffusion-v1-5-inpainting': sd('binary-png', 512, ['image', 'mask']),
  '@cf/black-forest-labs/flux-1-schnell': {
    kind: 'image-json',
    json: {
      required: ['prompt'],
      fields: {
        prompt: { type: 'string', minLength: 1, maxLength: 2048 },
        steps: { type: 'integer', max: 8 },
      },
      additionalProperties: false,
    },
    output: 'base64-jpeg',
    defaultSize: [1024, 1024],
  },
  '@cf/black-forest-labs/flux-2-dev': {
    kind: 'image-multipart',
    output: 'base64-png',
    defaultSize: [1024, 768],
  },
  '@cf/black-forest-labs/flux-2-klein-4b': {
    kind: 'image-multipart',
    output: 'base64-png',
    defaultSize: [1024, 768],
    fixedSteps: true,
  },
  '@cf/black-forest-labs/flux-2-klein-9b': {
    kind: 'image-multipart',
    output: 'base64-png',
    defaultSize: [1024, 768],
    fixedSteps: true,
  },
  '@cf/leonardo/lucid-origin': {
    kind: 'image-json',
    json: {
      required: ['prompt'],
      fields: {
        prompt: { type: 'string', minLength: 1 },
        guidance: { type: 'number', min: 0, max: 10 },
        seed: { type: 'integer', min: 0 },
        height: { type: 'integer', min: 0, max: 2500 },
        width: { type: 'integer', min: 0, max: 2500 },
        num_steps: { type: 'integer', min: 1, max: 40 },
        steps: { type: 'integer', min: 1, max: 40 },
      },
      additionalProperties: true,
    },
    output: 'base64-jpeg',
    defaultSize: [1120, 1120],
  },
  '@cf/leonardo/phoenix-1.0': {
    kind: 'image-json',
    json: {
      required: ['prompt'],
      fields: {
        prompt: { type: 'string', minLength: 1 },
        guidance: { type: 'number', min: 2, max: 10 },
        seed: { type: 'integer', min: 0 },
        height: { type: 'integer', min: 0, max: 2048 },
        width: { type: 'integer', min: 0, max: 2048 },
        num_steps: { type: 'integer', min: 1, max: 50 },
        negative_prompt: { type: 'string', minLength: 1 },
      },
      additionalProperties: true,
    },
    output: 'binary-jpeg',
    defaultSize: [1024, 1024],
  },
  '@cf/meta/llama-3.1-8b-instruct': { kind: 'text' },
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { kind: 'text' },
  '@cf/meta/llama-3.2-11b-vision-instruct': { kind: 'vision-llama' },
  '@cf/llava-hf/llava-1.5-7b-hf': { kind: 'llava' },
  '@cf/cloudflare/clef': { kind: 'clef' },
  '@cf/cloudflare/clef-flash': { kind: 'clef' },
  '@cf/microsoft/resnet-50': { kind: 'resnet' },
};

/** The FLUX.2 form fields (anything else is a 5006). */
export const FLUX2_FIELDS: Record<string, FieldRule> = {
  prompt: { type: 'string', minLength: 1 },
  steps: { type: 'integer', min: 1, max: 50 },
  guidance: { type: 'number' },
  width: { type: 'integer', min: 256, max: 1920 },
  height: { type: 'integer', min: 256, max: 1920 },
  seed: { type: 'integer' },
};

const bad = (message: string) => `AiError: Bad input: Error: ${message}`;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Checks one value; returns the 5006 message or undefined. */
export function checkField(name: string, value: unknown, rule: FieldRule): string | undefined {
  const actual = typeOf(value);
  const ok =
    rule.type === 'number'
      ? actual === 'number' || actual === 'integer'
      : rule.type === 'byte-array'
        ? Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)
        : actual === rule.type;
  if (!ok)
    return bad(
      `Type mismatch of '/${name}', '${actual}' not in '${rule.type === 'byte-array' ? 'array' : rule.type}'`,
    );
  if (typeof value === 'number') {
    if (rule.min !== undefined && value < rule.min) return bad(`Value of '/${name}' must be >= ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) return bad(`Value of '/${name}' must be <= ${rule.max}`);
  }
  if (typeof value === 'string') {
    if (rule.minLength !== undefined && value.length < rule.minLength)
      return bad(`Length of '/${name}' must be >= ${rule.minLength}`);
    if (rule.maxLength !== undefined && value.length > rule.maxLength)
      return bad(`Length of '/${name}' must be <= ${rule.maxLength}`);
  }
  return undefined;
}

/** Checks a JSON body against a contract; returns the 5006 message or undefined. */
export function checkJson(body: unknown, contract: JsonContract): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return bad(`Type mismatch of '/', '${typeOf(body)}' not in 'object'`);
  const record = body as Record<string, unknown>;
  const missing = contract.required.filter((key) => record[key] === undefined);
  if (missing.length) return bad(`required properties at '/' are '${missing.join("', '")}'`);
  if (!contract.additionalProperties) {
    const extra = Object.keys(record).filter((key) => !(key in contract.fields));
    if (extra.length)
      return bad(
        `Additional or unevaluated properties '${extra.map((k) => `/${k}`).join(', ')}' at '/' not allowed`,
      );
  }
  for (const [key, value] of Object.entries(record)) {
    const rule = contract.fields[key];
    if (rule) {
      const problem = checkField(key, value, rule);
      if (problem) return problem;
    }
  }
  return undefined;
}

export { bad as badInput };
