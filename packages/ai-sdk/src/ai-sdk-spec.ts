// The parts of the AI SDK image model spec (V2, V3, V4) this package reads, written structurally so
// that nothing here imports `ai` or `@ai-sdk/provider` at run time. Shapes follow
// `@ai-sdk/provider@3` (`ImageModelV3`) and `@4` (`ImageModelV4`), which share call options and result.

/** A file given to an image model: bytes or base64 text, or a URL. */
export type AISDKImageFile =
  | { type: 'file'; mediaType: string; data: string | Uint8Array; providerOptions?: Record<string, unknown> }
  | { type: 'url'; url: string; providerOptions?: Record<string, unknown> };

/** `doGenerate`'s options (V3 = V4; V2 has no `files`/`mask`). */
export interface AISDKImageCallOptions {
  prompt: string | undefined;
  n: number;
  size: `${number}x${number}` | undefined;
  aspectRatio: `${number}:${number}` | undefined;
  seed: number | undefined;
  files?: AISDKImageFile[] | undefined;
  mask?: AISDKImageFile | undefined;
  providerOptions: Record<string, Record<string, unknown>>;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
}

/** A warning as V3/V4 (`unsupported`, `compatibility`, `other`, V4 `deprecated`) or V2 (`unsupported-setting`) write it. */
export type AISDKImageWarning =
  | { type: 'unsupported'; feature: string; details?: string }
  | { type: 'compatibility'; feature: string; details?: string }
  | { type: 'deprecated'; setting?: string; feature?: string; message?: string; details?: string }
  | { type: 'unsupported-setting'; setting: string; details?: string }
  | { type: 'other'; message: string };

/** What `doGenerate` resolves to. */
export interface AISDKImageResult {
  images: string[] | Uint8Array[];
  isRetryable?: boolean;
  warnings: AISDKImageWarning[];
  /** Per provider key: `{ images: [...] (one entry per image), ...more }`. */
  providerMetadata?: Record<string, unknown>;
  response: { timestamp: Date; modelId: string; headers: Record<string, string> | undefined };
  usage?: {
    inputTokens: number | undefined;
    outputTokens: number | undefined;
    totalTokens: number | undefined;
  };
}

/** `maxImagesPerCall` as a number, unknown, or a function of the model id. */
export type AISDKMaxImagesPerCall =
  | number
  | undefined
  | ((options: { modelId: string }) => PromiseLike<number | undefined> | number | undefined);

/** Any AI SDK image model: `specificationVersion` `v2`, `v3` or `v4`, read by duck typing. */
export interface AISDKImageModel {
  readonly specificationVersion: 'v2' | 'v3' | 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: AISDKMaxImagesPerCall;
  /** V4 only: whether `files` are honoured (`undefined`: unknown). */
  readonly supportsFileInputs?: boolean | PromiseLike<boolean | undefined>;
  /** V4 only: whether `mask` is honoured. */
  readonly supportsMaskInputs?: boolean | PromiseLike<boolean | undefined>;
  doGenerate(options: AISDKImageCallOptions): PromiseLike<AISDKImageResult>;
}
