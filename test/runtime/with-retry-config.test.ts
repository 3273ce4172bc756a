/**
 * withRetry checks its arguments with the generated rule table WITH_RETRY_ARGS_RULES (from
 * schema/shared/with-retry.yaml: context, func, then config with its WithRetryConfig fields) through
 * checkArguments, as the context operations check theirs: each bad argument is a DurableValidationError
 * naming the field (`withRetry.…`), what it must be, the value received and the fix.
 */
import { describe, expect, it } from "vitest";
import { DurableValidationError, withRetry, type DurableContext } from "../../src/index.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";
import { rejectedError } from "../support/validation.js";

const context = { wait: async () => undefined, runInChildContext: async () => "ran" } as never;
const block = async () => 1;
const retryStrategy = () => ({ shouldRetry: false });

const CONTEXT_FIX = "Pass the context your handler (or child context) received.";
const FUNC_FIX = "Pass an async (ctx, attempt) => result function.";
const CONFIG_FIX = "Pass { retryStrategy: (error, attemptCount) => RetryDecision }, e.g. createRetryStrategy({ maxAttempts: 3 }).";
const STRATEGY_FIX = "Pass a function (error, attemptCount) => RetryDecision, e.g. createRetryStrategy({ maxAttempts: 3 }).";
const UNKNOWN_FIX = "Remove it or use one of: retryStrategy, wrapWithRunInChildContext, childContextConfig.";

const badConfig = { retryStrategy, retries: 3, backoff: 1 };
const badContext = { runInChildContext: async () => "ran" };
const waitOnlyContext = { wait: async () => undefined };

describe("withRetry argument validation (WITH_RETRY_ARGS_RULES)", () => {
  it.each<[string, () => Promise<unknown>, string, string, string, unknown]>([
    ["context left out", () => withRetry(undefined as never, "n", block, { retryStrategy }), "withRetry.context", "withRetry(): context must be a DurableContext (received undefined)", CONTEXT_FIX, undefined],
    ["context without wait", () => withRetry(badContext as never, "n", block, { retryStrategy }), "withRetry.context", "withRetry(): context must be a DurableContext (received an object with runInChildContext)", CONTEXT_FIX, badContext],
    ["context without runInChildContext", () => withRetry(waitOnlyContext as never, "n", block, { retryStrategy }), "withRetry.context", "withRetry(): context must be a DurableContext (received an object with wait)", CONTEXT_FIX, waitOnlyContext],
    ["func not a function", () => withRetry(context, "n", 5 as never, { retryStrategy }), "withRetry.func", "withRetry(): func must be a function (received number 5)", FUNC_FIX, 5],
    ["func left out", () => withRetry(context, "n", undefined as never, { retryStrategy }), "withRetry.func", "withRetry(): func must be a function (received undefined)", FUNC_FIX, undefined],
    ["config left out", () => withRetry(context, "n", block, undefined as never), "withRetry.config", "withRetry(): config must be an object (received undefined)", CONFIG_FIX, undefined],
    ["config not an object", () => withRetry(context, "n", block, "fast" as never), "withRetry.config", 'withRetry(): config must be an object (received "fast")', CONFIG_FIX, "fast"],
    ["config an array", () => withRetry(context, "n", block, [] as never), "withRetry.config", "withRetry(): config must be an object (received an array of 0)", CONFIG_FIX, []],
    ["retryStrategy missing", () => withRetry(context, "n", block, {} as never), "withRetry.config.retryStrategy", "withRetry(): config.retryStrategy must be a function (received undefined)", STRATEGY_FIX, undefined],
    ["retryStrategy not a function", () => withRetry(context, "n", block, { retryStrategy: 3 } as never), "withRetry.config.retryStrategy", "withRetry(): config.retryStrategy must be a function (received number 3)", STRATEGY_FIX, 3],
    ["wrapWithRunInChildContext not a boolean", () => withRetry(context, "n", block, { retryStrategy, wrapWithRunInChildContext: "no" } as never), "withRetry.config.wrapWithRunInChildContext", 'withRetry(): config.wrapWithRunInChildContext must be true or false (received "no")', "Pass true or false.", "no"],
    ["unknown keys", () => withRetry(context, "n", block, badConfig as never), "withRetry.config", 'withRetry(): config has unknown options "retries", "backoff"', UNKNOWN_FIX, badConfig],
  ])("%s", async (_label, call, field, problem, fix, received) => {
    const error = await rejectedError(DurableValidationError, call);
    expect(error.operation).toBe("withRetry");
    expect(error.field).toBe(field);
    expect(error.message).toBe(`${problem}. ${fix}`);
    expect(error.fix).toBe(fix);
    expect(error.received).toStrictEqual(received);
  });

  it("one unknown key: the singular", async () => {
    const error = await rejectedError(DurableValidationError, () => withRetry(context, "n", block, { retryStrategy, retries: 3 } as never));
    expect(error.message).toBe(`withRetry(): config has unknown option "retries". ${UNKNOWN_FIX}`);
  });

  it("childContextConfig: any value passes withRetry; the child context it wraps the loop in checks it, as runInChildContext's config", async () => {
    let caught: unknown;
    const run = await runToCompletion(
      ours(async (_event, ctx: DurableContext) => {
        caught = await withRetry(ctx, "n", block, { retryStrategy, childContextConfig: "deep" } as never).catch((e: unknown) => e);
        // Not wrapped: the child config is not used, so it is not checked.
        return withRetry(ctx, "m", block, { retryStrategy, wrapWithRunInChildContext: false, childContextConfig: "deep" } as never);
      }),
      {},
    );
    expect(run.last.Status).toBe("SUCCEEDED");
    expect(caught).toBeInstanceOf(DurableValidationError);
    const error = caught as DurableValidationError;
    expect(error.field).toBe("runInChildContext.config");
    expect(error.message).toBe('runInChildContext(): config must be a ChildConfig object (received "deep"). Pass a ChildConfig object (see its fields) or leave it out.');
    expect(error.fix).toBe("Pass a ChildConfig object (see its fields) or leave it out.");
    expect(error.received).toBe("deep");
  });

  it("a valid config runs the block (in a child context by default)", async () => {
    await expect(withRetry(context, "quote", block, { retryStrategy })).resolves.toBe("ran");
    await expect(withRetry(context, block, { retryStrategy, wrapWithRunInChildContext: false })).resolves.toBe(1);
  });
});
