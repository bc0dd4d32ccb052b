import { PictorError, redactSecrets } from '@pictor/core';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { FileExistsError } from './atomic-write.js';

/** What the CLI says about an error: one line, a code for `--json`, and the exit code. */
export interface ErrorReport {
  exitCode: ExitCode;
  /** Stable code: a Pictor error code, `usage`, `file_exists`, or `error`. */
  code: string;
  /** One line, secrets redacted. */
  message: string;
  /** For `InvalidRequestError`: the path of the bad value. */
  field?: string;
  /** A hint on what to do, when there is an obvious one. */
  hint?: string;
  /** The cause chain, one line each (shown with `--verbose`). */
  causes: string[];
}

/** Request fields and the flags that set them, so errors name what the user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  prompt: 'PROMPT',
  negativePrompt: '--negative',
  width: '--size',
  height: '--size',
  n: '-n',
  seed: '--seed',
  steps: '--steps',
  guidance: '--guidance',
  strength: '--strength',
  image: '--image',
  mask: '--mask',
};

const HINTS: Record<string, string> = {
  authentication: 'check CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (see docs/troubleshooting.md)',
  rate_limit: 'wait and try again, or add { "use": "retry" } to your config',
  model_load: 'see docs/troubleshooting.md#models-and-runtimes',
  content_filtered: 'the provider refused the prompt or the image; rephrase the prompt',
  timeout: 'raise the timeout in your config, or try a faster model',
  unsupported_feature: 'pictor models lists what each model can do',
};

function oneLine(text: string): string {
  return redactSecrets(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function causes(error: unknown): string[] {
  const out: string[] = [];
  let cause = (error as { cause?: unknown })?.cause;
  for (let depth = 0; cause !== undefined && depth < 8; depth++) {
    const name = (cause as Error)?.name ?? typeof cause;
    const code = (cause as { code?: unknown })?.code;
    out.push(
      oneLine(`${name}${code ? ` [${String(code)}]` : ''}: ${(cause as Error)?.message ?? String(cause)}`),
    );
    cause = (cause as { cause?: unknown })?.cause;
  }
  return out;
}

/** Classifies an error for the terminal: message, code, exit code. Never includes a token. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    const hint = `run: pictor ${error.command ? `${error.command} ` : ''}--help`;
    return { exitCode: ExitCode.usage, code: 'usage', message: oneLine(error.message), hint, causes: [] };
  }
  if (error instanceof FileExistsError) {
    return { exitCode: ExitCode.failure, code: 'file_exists', message: oneLine(error.message), causes: [] };
  }
  if (PictorError.isInstance(error)) {
    const field = (error as { field?: unknown }).field;
    const report: ErrorReport = {
      exitCode: ExitCode.failure,
      code: error.code,
      message: oneLine(error.message),
      causes: causes(error),
    };
    if (typeof field === 'string' && field) {
      report.field = field;
      const flag = FLAG_OF_FIELD[field];
      if (flag) report.hint = `check ${flag}`;
    }
    if (error.code === 'invalid_request' || error.code === 'unsupported_feature')
      report.exitCode = ExitCode.usage;
    if (error.code === 'hallucination_check') report.exitCode = ExitCode.checkFailed;
    if (error.code === 'aborted') report.exitCode = ExitCode.interrupted;
    const hint = HINTS[error.code];
    if (hint && !report.hint) report.hint = hint;
    return report;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.failure, code: 'error', message: oneLine(message), causes: causes(error) };
}
