/**
 * Retry and polling strategies.
 *
 * @module
 */
export { createLinearRetryStrategy, LINEAR_RETRY_STRATEGY_DEFAULTS } from "./linear-retry-strategy.js";
export { createRetryStrategy, RETRY_STRATEGY_DEFAULTS } from "./retry-strategy.js";
export { retryPresets } from "./presets.js";
export { createWaitStrategy, WAIT_STRATEGY_DEFAULTS } from "./wait-strategy.js";
export {
  applyJitter,
  defaultRandom,
  exponentialDelaySeconds,
  jitteredDelaySeconds,
  type RandomSource,
} from "./delay.js";
export { compileErrorFilter, type ErrorPredicate, type ErrorClass } from "./error-filter.js";
