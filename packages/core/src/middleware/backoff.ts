/** Settings of the retry backoff. */
export interface BackoffOptions {
  /** Delay before the first retry, ms. Default 500. */
  initialDelayMs?: number;
  /** Multiplier per attempt. Default 2. */
  factor?: number;
  /** Largest delay, ms; also caps a provider's `Retry-After`. Default 30 000. */
  maxDelayMs?: number;
  /** Jitter fraction 0–1: the delay is drawn from [d·(1−jitter), d]. Default 0.5. */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (1-based): exponential with jitter, or the provider's
 * `retryAfterMs` when it gave one, both capped at `maxDelayMs`. Pure: `random` is injected.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const { initialDelayMs = 500, factor = 2, maxDelayMs = 30_000, jitter = 0.5 } = options;
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, maxDelayMs);
  }
  const base = Math.min(initialDelayMs * factor ** (attempt - 1), maxDelayMs);
  return Math.round(base * (1 - jitter * random()));
}
