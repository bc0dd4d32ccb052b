import { PictorError, type PictorErrorOptions } from '@pictor/core';

/** The container format a byte-level error was found in. */
export type ContainerFormat = 'png' | 'jpeg' | 'webp' | 'unknown';

/**
 * The bytes are not a well-formed PNG, JPEG or WebP file (truncated chunk, bad CRC, impossible
 * length, not an image at all). Thrown by the reader and the writers before any allocation that
 * depends on a declared length.
 */
export class MalformedImageError extends PictorError {
  static readonly code = 'malformed_image';
  /** The container the bytes claim to be. */
  readonly format: ContainerFormat;
  /** Byte offset where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(format: ContainerFormat, message: string, offset?: number, options: PictorErrorOptions = {}) {
    super(
      MalformedImageError.code,
      offset === undefined ? message : `${message} (at byte ${offset})`,
      options,
    );
    this.name = 'MalformedImageError';
    this.format = format;
    this.offset = offset;
  }

  static override isInstance(value: unknown): value is MalformedImageError {
    return PictorError.hasCode(value, MalformedImageError.code);
  }
}
