import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The provider's safety filter refused the prompt or the output. */
export class ContentFilteredError extends PictorError {
  static readonly code = 'content_filtered';

  constructor(message: string, options: PictorErrorOptions = {}) {
    super(ContentFilteredError.code, message, options);
    this.name = 'ContentFilteredError';
  }

  static override isInstance(value: unknown): value is ContentFilteredError {
    return PictorError.hasCode(value, ContentFilteredError.code);
  }
}
