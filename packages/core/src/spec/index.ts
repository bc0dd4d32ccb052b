export type { CallOptions } from './call-options.js';
export type { Capabilities, Range } from './capabilities.js';
export type { EditMode, EditRequest } from './edit-request.js';
export type { GenerateRequest } from './generate-request.js';
export type { ImageInput, ImageMediaType, NormalizedImage } from './image-input.js';
export type { ImageProvider, ProviderId } from './image-provider.js';
export type { GeneratedImage, ImageResult } from './image-result.js';
export type { ProgressEvent } from './progress-event.js';
export type { Warning } from './warning.js';
