/**
 * The `pictor` command's exit codes. Scripts may rely on them; they are stable.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | failure: the provider, the model, the network or the filesystem failed |
 * | 2 | usage: a bad argument, flag, config value or request value; nothing was generated |
 * | 3 | check failed: `--check` found an image that does not show the prompt, or `config check` found problems |
 * | 130 | interrupted (Ctrl-C); no partial file is left behind, and the message names the files already written |
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  checkFailed: 3,
  interrupted: 130,
} as const;

/** One of the exit codes. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
