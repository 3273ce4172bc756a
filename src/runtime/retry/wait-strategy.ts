/**
 * Polling strategy for `waitForCondition`.
 *
 * @module
 */
import {
  fixDurableValidationErrorShouldContinuePollingNotFunction,
  fixDurableValidationErrorWaitStrategyConfigMissing,
  messageDurableValidationErrorShouldContinuePollingNotFunction,
  messageDurableValidationErrorWaitStrategyConfigMissing,
  messagePlainErrorWaitForConditionMaxAttempts,
  type WaitForConditionWaitStrategyFunc,
  type WaitStrategyConfig,
  WAIT_STRATEGY_DEFAULTS,
  WAIT_STRATEGY_MAX_SECONDS,
  WAIT_STRATEGY_FIELDS,
} from "../../generated/index.js";
import { invalidInput } from "../duration.js";
import { checkConfigObject, checkExponentialOptions } from "./config-checks.js";
import { defaultRandom, exponentialDelaySeconds, jitteredDelaySeconds, type RandomSource } from "./delay.js";

const OPERATION = "createWaitStrategy";


/**
 * Creates a `waitStrategy` for `waitForCondition` with exponential backoff.
 *
 * The returned function, called with the latest state and the number of the check that produced it
 * (1 for the first):
 * 1. returns `{ shouldContinue: false }` as soon as `shouldContinuePolling(state)` is false;
 * 2. otherwise throws `Error("waitForCondition exceeded maximum attempts (<maxAttempts>)")` once
 *    `attemptsMade >= maxAttempts`;
 * 3. otherwise continues after `max(1, round(jitter(min(initialDelay × backoffRate^(attemptsMade − 1),
 *    maxDelay))))` seconds.
 *
 * Unset options take the defaults listed on {@link WaitStrategyConfig}. `timeoutSeconds` is
 * accepted for compatibility and has no effect.
 *
 * @param config - Options; `shouldContinuePolling` is required.
 * @param random - Uniform `[0, 1)` source for jitter (defaults to `Math.random`).
 * @throws DurableValidationError when `shouldContinuePolling` is not a function, another option is
 *   invalid (same rules as `createRetryStrategy`), or the config has a key WaitStrategyConfig does not
 *   (`maxAttemps`).
 *
 * @example
 * ```ts
 * const job = await context.waitForCondition("await-job", async (state) => fetchJob(state.id), {
 *   initialState: { id: "job-1", status: "RUNNING" },
 *   waitStrategy: createWaitStrategy({
 *     shouldContinuePolling: (state) => state.status === "RUNNING",
 *     initialDelay: { seconds: 10 },
 *     maxDelay: { minutes: 5 },
 *     maxAttempts: 100,
 *   }),
 * });
 * ```
 */
export function createWaitStrategy<T>(
  config: WaitStrategyConfig<T>,
  random: RandomSource = defaultRandom,
): WaitForConditionWaitStrategyFunc<T> {
  if (config === undefined) {
    throw invalidInput({
      operation: OPERATION,
      field: `${OPERATION}.config`,
      problem: messageDurableValidationErrorWaitStrategyConfigMissing(OPERATION),
      fix: fixDurableValidationErrorWaitStrategyConfigMissing,
      received: config,
    });
  }
  const options = checkConfigObject(config, OPERATION, WAIT_STRATEGY_FIELDS);
  const { shouldContinuePolling } = options;
  if (typeof shouldContinuePolling !== "function") {
    throw invalidInput({
      operation: OPERATION,
      field: `${OPERATION}.shouldContinuePolling`,
      problem: messageDurableValidationErrorShouldContinuePollingNotFunction(OPERATION),
      fix: fixDurableValidationErrorShouldContinuePollingNotFunction,
      received: shouldContinuePolling,
    });
  }
  const { maxAttempts, initialSeconds, capSeconds, rate, jitter } = checkExponentialOptions(
    options,
    WAIT_STRATEGY_DEFAULTS,
    WAIT_STRATEGY_MAX_SECONDS,
    OPERATION,
  );

  return (state, attemptsMade) => {
    if (!shouldContinuePolling(state)) return { shouldContinue: false };
    if (attemptsMade >= maxAttempts) {
      throw new Error(messagePlainErrorWaitForConditionMaxAttempts(maxAttempts));
    }
    const base = exponentialDelaySeconds(initialSeconds, rate, capSeconds, attemptsMade);
    return { shouldContinue: true, delay: { seconds: jitteredDelaySeconds(base, jitter, random) } };
  };
}
