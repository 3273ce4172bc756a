/**
 * Exponential-backoff retry strategy.
 *
 * @module
 */
import { RETRY_STRATEGY_DEFAULTS, RETRY_STRATEGY_MAX_SECONDS, type RetryStrategy, type RetryStrategyConfig, RETRY_STRATEGY_FIELDS } from "../../generated/index.js";
import { backoffRetryStrategy } from "./backoff-strategy.js";
import { checkConfigObject, checkExponentialOptions } from "./config-checks.js";
import { defaultRandom, exponentialDelaySeconds, type RandomSource } from "./delay.js";
import { compileErrorFilter } from "./error-filter.js";

const OPERATION = "createRetryStrategy";


/**
 * Creates a retry strategy with exponential backoff.
 *
 * For the attempt that just failed (`attemptsMade`, starting at 1) the delay before jitter is
 * `min(initialDelay × backoffRate^(attemptsMade − 1), maxDelay)` seconds; the jittered value is rounded
 * to whole seconds with a floor of 1. No retry is offered once `attemptsMade >= maxAttempts`, or when
 * the error does not pass the `retryableErrors` / `retryableErrorTypes` filters (no filters = retry all).
 *
 * Unset options take the defaults listed on {@link RetryStrategyConfig}.
 *
 * @param config - Options; unset ones take the defaults above.
 * @param random - Uniform `[0, 1)` source for jitter (tests inject a fixed one; defaults to `Math.random`).
 * @throws DurableValidationError for a non-integer or < 1 `maxAttempts`, a negative or malformed delay,
 *   a `backoffRate` that is not a positive finite number, an unknown `jitter`, malformed filters, or a
 *   key RetryStrategyConfig does not have (`maxRetries`).
 *
 * @example
 * ```ts
 * const retry = createRetryStrategy({ maxAttempts: 5, retryableErrors: [/timeout/i] });
 * retry(new Error("Read timeout"), 1); // { shouldRetry: true, delay: { seconds: … } }
 * ```
 */
export function createRetryStrategy(
  config?: RetryStrategyConfig,
  random: RandomSource = defaultRandom,
): RetryStrategy {
  const options = checkConfigObject(config, OPERATION, RETRY_STRATEGY_FIELDS);
  const { maxAttempts, initialSeconds, capSeconds, rate, jitter } = checkExponentialOptions(
    options,
    RETRY_STRATEGY_DEFAULTS,
    RETRY_STRATEGY_MAX_SECONDS,
    OPERATION,
  );
  return backoffRetryStrategy({
    maxAttempts,
    jitter,
    random,
    isRetryable: compileErrorFilter(options.retryableErrors, options.retryableErrorTypes, OPERATION),
    baseDelaySeconds: (attemptsMade) => exponentialDelaySeconds(initialSeconds, rate, capSeconds, attemptsMade),
  });
}
