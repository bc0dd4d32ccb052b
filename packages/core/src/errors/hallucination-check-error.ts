import { PictorError, type PictorErrorOptions } from './pictor-error.js';

/** The hallucination check rejected the image(s). `verdicts` says which checks failed and why. */
export class HallucinationCheckError extends PictorError {
  static readonly code = 'hallucination_check';
  /** The verdicts of the checks (see `@pictor/hallucination-check`). */
  readonly verdicts: readonly unknown[];

  constructor(message: string, verdicts: readonly unknown[], options: PictorErrorOptions = {}) {
    super(HallucinationCheckError.code, message, options);
    this.name = 'HallucinationCheckError';
    this.verdicts = verdicts;
  }

  static override isInstance(value: unknown): value is HallucinationCheckError {
    return PictorError.hasCode(value, HallucinationCheckError.code);
  }
}
