import { builtInMiddlewareSchemas, configJsonSchema } from '@pictor/core';
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

function toJson(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** Drops the ±2^53 bounds zod adds to every `.int()`: they say nothing to a reader. */
function bound(value: number | undefined): number | undefined {
  return value === undefined || Math.abs(value) >= SAFE ? undefined : value;
}

function constraints(schema: JsonSchema): string[] {
  const s = { ...schema, minimum: bound(schema.minimum), maximum: bound(schema.maximum) };
  const out: string[] = [];
  if (s.minimum !== undefined && s.maximum !== undefined) out.push(`${s.minimum}–${s.maximum}`);
  else if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  else if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (s.minLength !== undefined && s.minLength > 1) out.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`length ≤ ${s.maxLength}`);
  if (s.minItems !== undefined && s.minItems > 0) out.push(`at least ${s.minItems}`);
  if (s.format) out.push(s.format);
  if (s.pattern) out.push(`pattern \`${s.pattern.replace(/\|/g, '\\|')}\``);
  return out;
}

function typeOf(s: JsonSchema, defs: Record<string, JsonSchema>): string {
  if (s.$ref) return typeOf(defs[s.$ref.split('/').pop()!] ?? {}, defs);
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u) => typeOf(u, defs)).join(' \\| ');
  if (s.allOf?.length) return s.allOf.map((u) => typeOf(u, defs)).join(' & ');
  const type = Array.isArray(s.type) ? s.type.join(' \\| ') : s.type;
  if (type === 'array') {
    const item = s.items ? typeOf(s.items, defs) : 'any';
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (type === 'object') {
    if (s.properties && Object.keys(s.properties).length === 1 && s.properties.env)
      return '`{ "env": NAME }`';
    const tag = discriminator(s);
    if (tag)
      return `\`{ "${tag.key}": ${JSON.stringify(tag.value)}${Object.keys(s.properties!).length > 1 ? ', …' : ''} }\``;
    return 'object';
  }
  const base = type ?? 'any';
  const extra = constraints(s);
  return extra.length ? `${base} (${extra.join(', ')})` : base;
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\n/g, ' ').replace(/\|/g, '\\|');
}

/** The constant-valued key that tells a union's object variants apart (`type`, `name`), if any. */
function discriminator(s: JsonSchema): { key: string; value: unknown } | undefined {
  for (const key of ['type', 'name', 'use']) {
    const value = s.properties?.[key]?.const;
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
  /** For a field of some variants only: `type` is `reroll`, `refine`. */
  when: string[];
}

/** Rows for an object schema's properties, nested objects and union variants flattened as `a.b`. */
function collect(
  s: JsonSchema,
  defs: Record<string, JsonSchema>,
  prefix: string,
  when: string | undefined,
  out: Map<string, Row>,
) {
  const required = new Set(s.required ?? []);
  const tag = discriminator(s);
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    if (name === '$schema' || (tag && name === tag.key)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const description =
      property.description ??
      (property.anyOf ?? property.oneOf ?? []).find((u) => u.description)?.description ??
      '';
    const type = typeOf(property, defs);
    const existing = out.get(`${path} ${type}`);
    if (existing) {
      if (when) existing.when.push(when);
    } else {
      out.set(`${path} ${type}`, {
        path,
        type,
        required: required.has(name),
        description,
        when: when ? [when] : [],
      });
    }
    const items = property.items;
    for (const variant of items ? [items, ...(items.anyOf ?? items.oneOf ?? [])] : []) {
      if (!variant.properties) continue;
      const variantTag = discriminator(variant);
      collect(
        variant,
        defs,
        `${path}[]`,
        variantTag ? `\`${variantTag.key}\` is \`${String(variantTag.value)}\`` : undefined,
        out,
      );
    }
    for (const variant of [property, ...(property.anyOf ?? property.oneOf ?? [])]) {
      if (!variant.properties || (Object.keys(variant.properties).length === 1 && variant.properties.env))
        continue;
      const variantTag = discriminator(variant);
      collect(
        variant,
        defs,
        path,
        variantTag ? `\`${variantTag.key}\` is \`${String(variantTag.value)}\`` : undefined,
        out,
      );
    }
  }
}

function rows(s: JsonSchema, defs: Record<string, JsonSchema>): string[] {
  const out = new Map<string, Row>();
  collect(s, defs, '', undefined, out);
  return [...out.values()].map((row) => {
    const when = row.when.length ? `_When ${row.when.join(' or ')}._ ` : '';
    return `| \`${row.path}\` | ${row.type} | ${row.required ? 'yes' : ''} | ${cell((when + row.description).trim())} |`;
  });
}

function table(schema: JsonSchema): string {
  const defs = schema.$defs ?? {};
  const body = rows(schema, defs);
  if (body.length === 0) return '_No options._\n';
  const closed = schema.additionalProperties === false ? '\nOther keys are errors.\n' : '';
  return ['| key | type | required | meaning |', '|---|---|---|---|', ...body].join('\n') + '\n' + closed;
}

function section(title: string, intro: string, schema: z.ZodType | JsonSchema): string {
  const json = schema instanceof z.ZodType ? toJson(schema) : schema;
  return `### ${title}\n\n${intro}\n\n${table(json)}`;
}

/** The schemas the reference documents, imported from each package on demand. */
async function schemas() {
  const [hallucination, licence, onnx, tfjs, workersAI] = await Promise.all([
    import('@pictor/hallucination-check'),
    import('@pictor/licence-tagging'),
    import('@pictor/onnx'),
    import('@pictor/tfjs'),
    import('@pictor/workers-ai'),
  ]);
  return {
    hallucinationCheckConfigSchema: hallucination.hallucinationCheckConfigSchema as z.ZodType,
    licenceTaggingConfigSchema: licence.licenceTaggingConfigSchema as z.ZodType,
    onnxSettingsSchema: onnx.onnxSettingsSchema as z.ZodType,
    onnxModelOptionsSchema: onnx.onnxModelOptionsSchema as z.ZodType,
    tfjsSettingsSchema: tfjs.tfjsSettingsSchema as z.ZodType,
    tfjsModelOptionsSchema: tfjs.tfjsModelOptionsSchema as z.ZodType,
    workersAISettingsSchema: workersAI.workersAISettingsSchema as z.ZodType,
  };
}

/**
 * The configuration reference (docs/configuration.md), generated from the zod schemas of core, the
 * adapters and the middleware packages, so it cannot drift from what the code accepts.
 */
export async function configReferenceMarkdown(): Promise<string> {
  const config = configJsonSchema() as JsonSchema;
  const {
    hallucinationCheckConfigSchema,
    licenceTaggingConfigSchema,
    onnxModelOptionsSchema,
    onnxSettingsSchema,
    tfjsModelOptionsSchema,
    tfjsSettingsSchema,
    workersAISettingsSchema,
  } = await schemas();
  const parts = [
    '# Configuration reference',
    '',
    '<!-- Generated by scripts/gen-config-docs.ts from the zod schemas. Do not edit by hand; run',
    '     node --conditions=@pictor/source --import tsx scripts/gen-config-docs.ts -->',
    '',
    'A Pictor config names a provider and a middleware list. It is read from the file given to',
    '`loadConfig({ file })` or `pictor -c FILE`, else the file named by `PICTOR_CONFIG` (or inline JSON',
    'in it), else `./pictor.config.json`; `PICTOR_PROVIDER` alone sets the provider. With nothing',
    'configured the provider is the embedded model, `tfjs:emoji`. Check a file with',
    '`pictor config check FILE` (every problem, with line and column). Editors can validate it with',
    'the JSON Schema [`pictor.config.schema.json`](pictor.config.schema.json) (also printed by',
    '`pictor config schema`): put `"$schema": "./pictor.config.schema.json"` at the top of the file.',
    '',
    'Secrets are never written in the file: a setting declared secret may be `{ "env": "NAME" }`,',
    'read from the environment variable `NAME` when the config is resolved (a missing variable is an',
    'error naming the path). The secret settings are `accountId`, `apiToken`, `gateway.authorization`',
    'and `headers.*` of the `workers-ai` provider (also inside `fallback` providers); a reference',
    'anywhere else — a middleware option such as a copyright notice, say — is an error naming its path,',
    'so a secret can never end up in an image, a log or a file. Resolved values are redacted from every',
    'error, log line, event and result.',
    '',
    '```json',
    JSON.stringify(
      {
        provider: 'workers-ai:@cf/black-forest-labs/flux-1-schnell',
        middleware: [
          { use: 'retry', maxRetries: 3 },
          { use: 'cache', dir: '.cache/pictor' },
          { use: 'licence-tagging' },
        ],
      },
      null,
      2,
    ),
    '```',
    '',
    '## The file',
    '',
    section('Top level', 'The middleware list runs in order: **the first listed is the outermost**.', config),
    '',
    '## Providers',
    '',
    'A provider is a string `id:model?option=value&…` (options become `options`) or an object',
    '`{ "id", "model", "settings", "options" }`. `settings` configure the adapter; `options` the model.',
    '',
    section(
      '`workers-ai` settings',
      'Cloudflare Workers AI over REST. `accountId` and `apiToken` default to `CLOUDFLARE_ACCOUNT_ID` and `CLOUDFLARE_API_TOKEN`. In a provider string: `?gateway=ID&cacheTtl=S&skipCache=true`.',
      workersAISettingsSchema,
    ),
    '',
    section(
      '`onnx` settings',
      'ONNX Runtime, local. Relative model paths are resolved against `baseDir`.',
      onnxSettingsSchema,
    ),
    '',
    section(
      '`onnx` model options',
      'Per model, also as the query of `onnx:./model?ep=cuda,cpu&threads=2`.',
      onnxModelOptionsSchema,
    ),
    '',
    section(
      '`tfjs` settings',
      'TensorFlow.js: tfjs-node(-gpu) if installed, else wasm, else cpu.',
      tfjsSettingsSchema,
    ),
    '',
    section(
      '`tfjs` model options',
      'Per model, also as the query of `tfjs:emoji?size=64`.',
      tfjsModelOptionsSchema,
    ),
    '',
    '## Middleware',
    '',
    'Each entry is `{ "use": NAME, …options }`. Core: `retry`, `timeout`, `cache`, `concurrency`,',
    '`fallback`; packages: `hallucination-check`, `licence-tagging`. See `docs/middleware/` for what each does.',
    '',
    ...Object.entries(builtInMiddlewareSchemas).flatMap(([name, schema]) => [
      section(
        `\`${name}\``,
        `\`{ "use": "${name}", … }\` — [docs/middleware/${name}.md](middleware/${name}.md)`,
        schema,
      ),
      '',
    ]),
    section(
      '`hallucination-check`',
      '`{ "use": "hallucination-check", … }` — from `@pictor/hallucination-check`.',
      hallucinationCheckConfigSchema,
    ),
    '',
    section(
      '`licence-tagging`',
      '`{ "use": "licence-tagging", … }` — from `@pictor/licence-tagging`.',
      licenceTaggingConfigSchema,
    ),
  ];
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The JSON Schema of the config file (draft 2020-12), as written to docs/pictor.config.schema.json. */
export function configSchemaJson(): string {
  return `${JSON.stringify({ title: 'Pictor config', ...configJsonSchema() }, null, 2)}\n`;
}
