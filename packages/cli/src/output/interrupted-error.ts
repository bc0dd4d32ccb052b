/** Ctrl-C arrived after some of the run's files were already written; `written` names them. */
export class InterruptedError extends Error {
  readonly written: readonly string[];
  constructor(written: readonly string[], cause: unknown) {
    super(`interrupted after writing ${written.join(', ')}`, { cause });
    this.name = 'InterruptedError';
    this.written = written;
  }
}

/** What the CLI says after Ctrl-C: the files already written, if any, and that no partial file is left. */
export function interruptedMessage(error: unknown): string {
  const written = error instanceof InterruptedError ? error.written : [];
  if (written.length === 0) return 'interrupted; no file was written and no partial file was left';
  return `interrupted; written before the interrupt: ${written.join(', ')}; no partial file was left`;
}
