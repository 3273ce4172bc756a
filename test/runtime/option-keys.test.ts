/**
 * The options objects outside the operation configs (createRetryStrategy's, createLinearRetryStrategy's,
 * createWaitStrategy's, configureLogger's) refuse keys their schema type does not have, with the
 * operation configs' unknown-option DurableValidationError: the reference README's wrong names
 * (`maxRetries`, `jitterStrategy`) used to be ignored, leaving the defaults in force.
 */
import { describe, expect, it } from "vitest";
import { createLinearRetryStrategy, createRetryStrategy, createWaitStrategy, DurableValidationError } from "../../src/index.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";
import { thrownValidationError } from "../support/validation.js";

function rejection(build: () => unknown): { name: string; field: string; message: string } {
  const e = thrownValidationError(build);
  return { name: e.name, field: e.field!, message: e.message };
}

describe("unknown option keys outside the operation configs", () => {
  it("createRetryStrategy names the unknown key and lists the known ones", () => {
    expect(rejection(() => createRetryStrategy({ maxRetries: 3 } as never))).toEqual({
      name: "DurableValidationError",
      field: "createRetryStrategy.config",
      message:
        'createRetryStrategy(): config has unknown option "maxRetries". Remove it or use one of: maxAttempts, initialDelay, maxDelay, backoffRate, jitter, retryableErrors, retryableErrorTypes.',
    });
    expect(rejection(() => createRetryStrategy({ jitterStrategy: "FULL", exponentialDelayFactor: 2 } as never)).message).toMatch(
      /^createRetryStrategy\(\): config has unknown options "jitterStrategy", "exponentialDelayFactor"\. /,
    );
  });

  it("createLinearRetryStrategy and createWaitStrategy do the same", () => {
    expect(rejection(() => createLinearRetryStrategy({ backoffRate: 2 } as never)).message).toBe(
      'createLinearRetryStrategy(): config has unknown option "backoffRate". Remove it or use one of: maxAttempts, initialDelay, increment, maxDelay, jitter, retryableErrors, retryableErrorTypes.',
    );
    expect(rejection(() => createWaitStrategy({ shouldContinuePolling: () => true, maxAttemps: 3 } as never))).toEqual({
      name: "DurableValidationError",
      field: "createWaitStrategy.config",
      message:
        'createWaitStrategy(): config has unknown option "maxAttemps". Remove it or use one of: shouldContinuePolling, maxAttempts, initialDelay, maxDelay, backoffRate, jitter, timeoutSeconds.',
    });
  });

  it("every known key is still accepted, undefined values included", () => {
    expect(() =>
      createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, maxDelay: { seconds: 2 }, backoffRate: 2, jitter: "NONE" as never, retryableErrors: [], retryableErrorTypes: [] }),
    ).not.toThrow();
    expect(() => createWaitStrategy({ shouldContinuePolling: () => true, timeoutSeconds: 5, maxDelay: undefined })).not.toThrow();
  });

  it("context.configureLogger({ level }) fails the invocation with the same error", async () => {
    const run = await runToCompletion(ours(async (_e, ctx) => ctx.configureLogger({ level: "debug" })), {});
    expect(run.last.Status).toBe("FAILED");
    expect((run.last as { Error?: unknown }).Error).toMatchObject({
      ErrorType: "DurableValidationError",
      ErrorMessage: 'configureLogger(): config has unknown option "level". Remove it or use one of: customLogger, modeAware.',
    });
  });
});
