import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** A request (or config) value that is not allowed. `field` is its path, for example `width` or `middleware[1].use`. */
export class InvalidRequestError extends PictorError {
  static readonly code = 'invalid_request';
  /** Path of the bad value, dot/bracket notation. */
  readonly field: string;
  /** Suggested values, when there are obvious ones. */
  readonly suggestions: readonly string[];

  constructor(
    field: string,
    message: string,
    options: PictorErrorOptions & { suggestions?: readonly string[] } = {},
  ) {
    super(InvalidRequestError.code, field ? `${field}: ${message}` : message, options);
    this.name = 'InvalidRequestError';
    this.field = field;
    this.suggestions = options.suggestions ?? [];
  }

  static override isInstance(value: unknown): value is InvalidRequestError {
    return PictorError.hasCode(value, InvalidRequestError.code);
  }
}
