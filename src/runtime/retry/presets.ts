/**
 * Ready-made retry strategies.
 *
 * @module
 */
import { LINEAR_RETRY_STRATEGY_PRESETS, RETRY_STRATEGY_PRESETS, type RetryDecision, type RetryStrategy } from "../../generated/index.js";
import { createLinearRetryStrategy } from "./linear-retry-strategy.js";
import { createRetryStrategy } from "./retry-strategy.js";

/**
 * A strategy that builds the real one on its first call. Building the presets at import (running and
 * compiling the factories) was a measurable share of the SDK's import time, which every Lambda cold
 * start pays; see BENCHMARKS.md ("Ninth session").
 */
function onFirstCall(build: () => RetryStrategy): RetryStrategy {
  let strategy: RetryStrategy | undefined;
  return (error, attemptCount) => (strategy ??= build())(error, attemptCount);
}

/**
 * Common retry strategies, built from the presets of {@link RetryStrategyConfig} (`default`, `noRetry`)
 * and {@link LinearRetryStrategyConfig} (`linear`), whose TSDoc lists their values:
 *
 * - `default` — what a step uses when it has no `retryStrategy` (exponential backoff, full jitter).
 * - `linear` — linear backoff, no jitter.
 * - `noRetry` — a single attempt; the first failure is final.
 *
 * @example
 * ```ts
 * await context.step("read-profile", async () => getProfile(id)); // retryPresets.default
 * await context.step("send-sms", async () => sendSms(phone), { retryStrategy: retryPresets.noRetry });
 * await context.step("reserve", async () => reserve(sku), { retryStrategy: retryPresets.linear });
 * ```
 */
export const retryPresets: Readonly<{
  default: RetryStrategy;
  linear: RetryStrategy;
  noRetry: RetryStrategy;
}> = Object.freeze({
  default: onFirstCall(() => createRetryStrategy(RETRY_STRATEGY_PRESETS.default)),
  linear: onFirstCall(() => createLinearRetryStrategy(LINEAR_RETRY_STRATEGY_PRESETS.linear)),
  noRetry: onFirstCall(() => createRetryStrategy(RETRY_STRATEGY_PRESETS.noRetry)),
});

/**
 * What `strategy` decides for a failed attempt. A strategy that returns nothing falls back to the
 * default preset, as the reference's step does; a step and withRetry both decide through here.
 */
export function decideRetry(strategy: RetryStrategy, error: Error, attempt: number): RetryDecision {
  return strategy(error, attempt) ?? retryPresets.default(error, attempt);
}
