import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** A field or mode the model does not support, on a `strict` client (non-strict clients warn instead). */
export class UnsupportedFeatureError extends PictorError {
  static readonly code = 'unsupported_feature';
  /** The request field (or `mode`) that is not supported. */
  readonly field: string;

  constructor(field: string, message: string, options: PictorErrorOptions = {}) {
    super(UnsupportedFeatureError.code, `${field}: ${message}`, options);
    this.name = 'UnsupportedFeatureError';
    this.field = field;
  }

  static override isInstance(value: unknown): value is UnsupportedFeatureError {
    return PictorError.hasCode(value, UnsupportedFeatureError.code);
  }
}
