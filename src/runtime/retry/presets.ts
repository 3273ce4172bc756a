/**
 * Ready-made retry strategies.
 *
 * @module
 */
import { JitterStrategy, type RetryStrategy } from "../../generated/index.js";
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
 * Common retry strategies.
 *
 * - `default` — what a step uses when it has no `retryStrategy`: 6 attempts in total, exponential
 *   backoff from 5 s doubling up to 60 s (caps 5, 10, 20, 40, 60 s), full jitter.
 * - `linear` — 6 attempts, waits of 1, 2, 3, 4, 5 s, no jitter.
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
  default: onFirstCall(() =>
    createRetryStrategy({
      maxAttempts: 6,
      initialDelay: { seconds: 5 },
      maxDelay: { seconds: 60 },
      backoffRate: 2,
      jitter: JitterStrategy.FULL,
    }),
  ),
  linear: onFirstCall(() =>
    createLinearRetryStrategy({
      maxAttempts: 6,
      initialDelay: { seconds: 1 },
      increment: { seconds: 1 },
      jitter: JitterStrategy.NONE,
    }),
  ),
  noRetry: onFirstCall(() => createRetryStrategy({ maxAttempts: 1 })),
});
