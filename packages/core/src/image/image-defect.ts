/**
 * Internal: what the format validators throw for bad bytes. `checkImage` turns it into a result and
 * `validateImage` into a typed Pictor error; it never leaves the package.
 */
export class ImageDefect extends Error {
  readonly offset: number | undefined;

  constructor(message: string, offset?: number) {
    super(message);
    this.name = 'ImageDefect';
    this.offset = offset;
  }
}

/** Throws an `ImageDefect`. */
export function defect(message: string, offset?: number): never {
  throw new ImageDefect(message, offset);
}
