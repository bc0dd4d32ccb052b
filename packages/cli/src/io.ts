/** A stream the CLI writes to: `process.stdout`, `process.stderr`, or a test's collector. */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  /** True when the stream is a terminal (progress bars and spinners are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** Everything the CLI touches outside itself, so it can run in-process in tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment variables (`PICTOR_PROVIDER`, `PICTOR_CONFIG`, `CLOUDFLARE_API_TOKEN`, …). */
  env: Record<string, string | undefined>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Aborted when the user presses Ctrl-C. */
  signal?: AbortSignal;
}
