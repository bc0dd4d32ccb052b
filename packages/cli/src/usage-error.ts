/** A bad command line: an unknown flag, a missing argument, a value of the wrong form. Exit code 2. */
export class UsageError extends Error {
  /** The command whose help the user should read, when there is one. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
