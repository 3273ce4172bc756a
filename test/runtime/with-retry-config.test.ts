/**
 * withRetry validates its config with the generated plain validator (validateWithRetryConfig): each
 * bad config is a DurableValidationError naming the field, what it must be and the fix.
 */
import { describe, expect, it } from "vitest";
import { DurableValidationError, withRetry } from "../../src/index.js";

const context = { wait: async () => undefined, runInChildContext: async () => "ran" } as never;
const block = async () => 1;

async function rejection(config: unknown): Promise<DurableValidationError> {
  const error = await withRetry(context, "quote", block, config as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DurableValidationError);
  return error as DurableValidationError;
}

describe("withRetry config validation", () => {
  it.each([
    [undefined, "withRetry.config", "withRetry(): config must be an object (received undefined)."],
    [{}, "withRetry.config.retryStrategy", "withRetry(): config.retryStrategy must be a function (received undefined)."],
    [{ retryStrategy: 3 }, "withRetry.config.retryStrategy", "withRetry(): config.retryStrategy must be a function (received number 3)."],
    [{ retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: "no" }, "withRetry.config.wrapWithRunInChildContext", "withRetry(): config.wrapWithRunInChildContext must be true or false (received \"no\"). Pass true or false."],
    [{ retryStrategy: () => ({ shouldRetry: false }), retries: 3, backoff: 1 }, "withRetry.config", 'withRetry(): config has unknown options "retries", "backoff". Use only retryStrategy, wrapWithRunInChildContext and childContextConfig.'],
  ])("%j → %s", async (config, field, message) => {
    const error = await rejection(config);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it.each([
    ["quote", '"quote"'],
    [undefined, "undefined"],
    [{ run: 1 }, "an object with run"],
  ])("a func that is not a function (%j): described as every validation message describes a value", async (func, described) => {
    const error = await withRetry(context, "n", func as never, { retryStrategy: () => ({ shouldRetry: false }) }).then(
      () => undefined,
      (e: unknown) => e as DurableValidationError,
    );
    expect(error).toBeInstanceOf(DurableValidationError);
    expect(error!.message).toBe(`withRetry(): func must be a function (received ${described}). Pass an async (ctx, attempt) => result function.`);
  });

  it("a valid config runs the block (in a child context by default)", async () => {
    await expect(withRetry(context, "quote", block, { retryStrategy: () => ({ shouldRetry: false }) })).resolves.toBe("ran");
  });
});
