/**
 * Retry and polling strategies.
 *
 * @module
 */
export { createLinearRetryStrategy } from "./linear-retry-strategy.js";
export { createRetryStrategy } from "./retry-strategy.js";
export { retryPresets } from "./presets.js";
export { createWaitStrategy } from "./wait-strategy.js";
export {
  applyJitter,
  defaultRandom,
  exponentialDelaySeconds,
  jitteredDelaySeconds,
  type RandomSource,
} from "./delay.js";
export { compileErrorFilter, type ErrorPredicate, type ErrorClass } from "./error-filter.js";
