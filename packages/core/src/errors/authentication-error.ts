import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** Missing, invalid or insufficient credentials (HTTP 401/403). The token itself is never included. */
export class AuthenticationError extends PictorError {
  static readonly code = 'authentication';

  constructor(message: string, options: PictorErrorOptions = {}) {
    super(AuthenticationError.code, message, options);
    this.name = 'AuthenticationError';
  }

  static override isInstance(value: unknown): value is AuthenticationError {
    return PictorError.hasCode(value, AuthenticationError.code);
  }
}
