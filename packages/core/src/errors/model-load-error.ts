import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** A local model or runtime could not be loaded (missing file, missing optional package, bad weights). */
export class ModelLoadError extends PictorError {
  static readonly code = 'model_load';

  constructor(message: string, options: PictorErrorOptions = {}) {
    super(ModelLoadError.code, message, options);
    this.name = 'ModelLoadError';
  }

  static override isInstance(value: unknown): value is ModelLoadError {
    return PictorError.hasCode(value, ModelLoadError.code);
  }
}
