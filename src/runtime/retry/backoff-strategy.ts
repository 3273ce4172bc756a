/**
 * The part shared by the exponential and linear retry strategies: attempt limit, error filter, jitter
 * and rounding. Only the base-delay curve differs between them.
 *
 * @module
 */
import type { JitterStrategy, RetryStrategy } from "../../generated/index.js";
import type { ErrorPredicate } from "./error-filter.js";
import { jitteredDelaySeconds, type RandomSource } from "./delay.js";

/** Resolved settings of a backoff retry strategy. */
export interface BackoffSettings {
  maxAttempts: number;
  jitter: JitterStrategy;
  isRetryable: ErrorPredicate;
  /** Delay before jitter for a given failed attempt, already capped at the maximum delay. */
  baseDelaySeconds: (attemptsMade: number) => number;
  random: RandomSource;
}

/**
 * Assembles a retry strategy — called with the failed attempt's error and number (1-based) — that
 * offers no retry once `attemptsMade >= maxAttempts` or when the error is
 * not retryable; otherwise retry after `max(1, round(jitter(base)))` seconds.
 */
export function backoffRetryStrategy(settings: BackoffSettings): RetryStrategy {
  const { maxAttempts, jitter, isRetryable, baseDelaySeconds, random } = settings;
  return (error, attemptsMade) => {
    if (attemptsMade >= maxAttempts) return { shouldRetry: false };
    if (!isRetryable(error)) return { shouldRetry: false };
    const seconds = jitteredDelaySeconds(baseDelaySeconds(attemptsMade), jitter, random);
    return { shouldRetry: true, delay: { seconds } };
  };
}
