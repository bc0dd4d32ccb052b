import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The provider answered with something that is not what the model promises. Never returned as an image. */
export class InvalidResponseError extends PictorError {
  static readonly code = 'invalid_response';

  constructor(message: string, options: PictorErrorOptions = {}) {
    super(InvalidResponseError.code, message, options);
    this.name = 'InvalidResponseError';
  }

  static override isInstance(value: unknown): value is InvalidResponseError {
    return PictorError.hasCode(value, InvalidResponseError.code);
  }
}
