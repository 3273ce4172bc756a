/**
 * Linear-backoff retry strategy.
 *
 * @module
 */
import { LINEAR_RETRY_STRATEGY_DEFAULTS, LINEAR_RETRY_STRATEGY_MAX_SECONDS, type LinearRetryStrategyConfig, type RetryStrategy, LINEAR_RETRY_STRATEGY_FIELDS } from "../../generated/index.js";
import { backoffRetryStrategy } from "./backoff-strategy.js";
import { checkConfigObject, checkDelay, checkJitter, checkMaxAttempts } from "./config-checks.js";
import { defaultRandom, type RandomSource } from "./delay.js";
import { compileErrorFilter } from "./error-filter.js";

const OPERATION = "createLinearRetryStrategy";


/**
 * Creates a retry strategy whose delay grows by a fixed step.
 *
 * For the attempt that just failed (`attemptsMade`, starting at 1) the delay before jitter is
 * `min(initialDelay + increment × (attemptsMade − 1), maxDelay)` seconds; jitter, rounding
 * (`max(1, round(x))`), the attempt limit and the error filters work as in `createRetryStrategy`.
 *
 * Unset options take the defaults listed on {@link LinearRetryStrategyConfig}.
 *
 * @param config - Options; unset ones take the defaults above.
 * @param random - Uniform `[0, 1)` source for jitter (defaults to `Math.random`).
 * @throws DurableValidationError for invalid options (see `createRetryStrategy`).
 *
 * @example
 * ```ts
 * // Waits 2 s, 4 s, 6 s, 8 s between the five attempts.
 * await context.step("poll-inventory", async () => fetchInventory(), {
 *   retryStrategy: createLinearRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 2 }, increment: { seconds: 2 }, jitter: JitterStrategy.NONE }),
 * });
 * ```
 */
export function createLinearRetryStrategy(
  config?: LinearRetryStrategyConfig,
  random: RandomSource = defaultRandom,
): RetryStrategy {
  const options = checkConfigObject(config, OPERATION, LINEAR_RETRY_STRATEGY_FIELDS);
  const d = LINEAR_RETRY_STRATEGY_DEFAULTS;
  const max = LINEAR_RETRY_STRATEGY_MAX_SECONDS;
  const initial = checkDelay(options.initialDelay, d.initialDelay, OPERATION, "initialDelay", max);
  const step = checkDelay(options.increment, d.increment, OPERATION, "increment", max);
  const cap = checkDelay(options.maxDelay, d.maxDelay, OPERATION, "maxDelay", max);
  return backoffRetryStrategy({
    maxAttempts: checkMaxAttempts(options.maxAttempts, d.maxAttempts, OPERATION),
    jitter: checkJitter(options.jitter, d.jitter, OPERATION),
    random,
    isRetryable: compileErrorFilter(options.retryableErrors, options.retryableErrorTypes, OPERATION),
    baseDelaySeconds: (attemptsMade) => Math.min(initial + step * (attemptsMade - 1), cap),
  });
}
