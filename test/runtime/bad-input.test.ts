/**
 * Bad input end to end: malformed events, invalid Durations, invalid retry configs and
 * non-serializable results each produce a typed error naming the field, without crashing the process
 * or losing a checkpoint.
 */
import { describe, expect, it } from "vitest";
import { createRetryStrategy, DurableValidationError, withDurableExecution } from "../../src/index.js";
import { FakeDurableService, lambdaContext, runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";
import { thrownValidationError } from "../support/validation.js";

describe("malformed events", () => {
  const handler = withDurableExecution(async () => "never");
  it.each([
    ["no event", undefined, "event.DurableExecutionArn"],
    ["no ARN", { CheckpointToken: "t", InitialExecutionState: { Operations: [] } }, "event.DurableExecutionArn"],
    ["empty token", { DurableExecutionArn: "arn", CheckpointToken: "", InitialExecutionState: { Operations: [] } }, "event.CheckpointToken"],
  ])("%s → DurableValidationError naming %s", async (_label, event, field) => {
    const error = await handler(event as never, lambdaContext).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DurableValidationError);
    expect(error).toMatchObject({ field, message: expect.stringContaining("Unexpected payload provided to start the durable execution.") });
    expect((error as Error).message).toContain(field.replace("event.", ""));
  });

  it("a handler that is not a function is rejected at wrap time", () => {
    expect(() => withDurableExecution("nope" as never)).toThrow(DurableValidationError);
    // The problem, then the fix once (the message is composed from the two schema texts).
    expect(() => withDurableExecution("nope" as never)).toThrow(
      expect.objectContaining({
        field: "withDurableExecution.handler",
        fix: "Pass an async (event, context) => result function.",
        message: 'withDurableExecution(): handler must be a function (received "nope"). Pass an async (event, context) => result function.',
      }),
    );
  });

  it("a null config is the config left out, and null plugins no plugins, as the reference reads them", () => {
    expect(() => withDurableExecution(async () => 1, null as never)).not.toThrow();
    expect(() => withDurableExecution(async () => 1, { plugins: null } as never)).not.toThrow();
  });

  it.each([
    ["a string", "x", '"x"'],
    ["a number", 5, "number 5"],
    ["an array", [], "an array of 0"],
    ["a function", () => ({}), "a function"],
  ])("a config that is %s is rejected at wrap time, naming withDurableExecution.config", (_label, config, received) => {
    const fix = "Pass an object such as { plugins: [...] } or leave it out.";
    expect(() => withDurableExecution(async () => 1, config as never)).toThrow(
      expect.objectContaining({
        name: "DurableValidationError",
        field: "withDurableExecution.config",
        fix,
        message: `withDurableExecution(): config must be an object (received ${received}). ${fix}`,
      }),
    );
  });

  it("a config left out (undefined) or empty is accepted", () => {
    expect(typeof withDurableExecution(async () => 1, undefined)).toBe("function");
    expect(typeof withDurableExecution(async () => 1, {})).toBe("function");
  });

  it("both client and durableExecutionClient → FAILED naming both", async () => {
    const service = new FakeDurableService({});
    const sdk = ours(async () => 1, { client: { send: async () => ({}) }, durableExecutionClient: service.client });
    const output = await sdk.handler(service.event(sdk), lambdaContext);
    expect(output).toMatchObject({ Status: "FAILED", Error: { ErrorMessage: expect.stringContaining("Both `client` and `durableExecutionClient` were provided") } });
  });
});

describe("invalid arguments inside a handler fail the execution with a typed error", () => {
  const failed = async (body: (ctx: any) => Promise<unknown>) => {
    const run = await runToCompletion(ours(async (_e, ctx) => body(ctx)), {});
    expect(run.last.Status).toBe("FAILED");
    return (run.last as { Error: { ErrorType: string; ErrorMessage: string } }).Error;
  };

  it.each([
    [{ seconds: -1 }, "wait(): duration"],
    [{}, "wait(): duration"],
    [{ minutes: "5" }, "wait(): duration"],
  ])("wait(%j)", async (duration, where) => {
    const error = await failed((ctx) => ctx.wait(duration));
    expect(error.ErrorType).toBe("DurableValidationError");
    expect(error.ErrorMessage).toContain(where);
    expect(error.ErrorMessage).toMatch(/Duration/);
  });

  it("invalid retry configs name the field", async () => {
    const error = await failed(async () => createRetryStrategy({ maxAttempts: 0 }));
    expect(error.ErrorType).toBe("DurableValidationError");
    expect(error.ErrorMessage).toMatch(/maxAttempts/);
    const second = await failed(async () => createRetryStrategy({ initialDelay: { seconds: -5 } }));
    expect(second.ErrorMessage).toMatch(/initialDelay/);
    const third = await failed((ctx) => ctx.step(async () => 1, { retryStrategy: "always" }));
    expect(third.ErrorMessage).toContain("step(): config.retryStrategy must be a function");
  });

  it("an unknown config key is reported with the known ones", async () => {
    const error = await failed((ctx) => ctx.step(async () => 1, { retries: 3 }));
    expect(error.ErrorMessage).toContain('step(): config has unknown option "retries"');
    expect(error.ErrorMessage).toContain("retryStrategy, semantics, serdes");
  });

  it("bad map and parallel configs name the field", async () => {
    expect((await failed((ctx) => ctx.map([1], async () => 1, { maxConcurrency: 0 }))).ErrorMessage).toContain("config.maxConcurrency");
    expect((await failed((ctx) => ctx.map([1], "not a function"))).ErrorMessage).toContain("mapFunc must be a function");
    expect(
      (await failed((ctx) => ctx.parallel([async () => 1], { completionConfig: { minSuccessful: 1, shouldComplete: () => ({ complete: true }) } }))).ErrorMessage,
    ).toContain("cannot be combined with");
    expect((await failed((ctx) => ctx.waitForCondition(async (s: number) => s, { waitStrategy: () => ({ shouldContinue: false }) }))).ErrorMessage).toContain(
      "config.initialState",
    );
  });
});

describe("non-serializable values", () => {
  it("a step result that cannot be serialized ends the invocation with SerdesFailedError naming the step", async () => {
    const service = new FakeDurableService({});
    const sdk = ours(async (_e, ctx) => {
      await ctx.step("fine", async () => 1);
      return ctx.step("big-int", async () => ({ n: 10n }));
    });
    const error = await sdk.handler(service.event(sdk), lambdaContext).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SerdesFailedError" });
    expect((error as Error).message).toContain('Serialization failed for step "big-int" (2)');
    // The earlier checkpoint was not lost.
    expect(service.updates.filter((u) => u.Name === "fine").map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
  });

  it("a handler result that cannot be serialized fails the execution naming the result", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const run = await runToCompletion(ours(async (_e, ctx) => {
      await ctx.step(async () => 1);
      return circular;
    }), {});
    expect(run.last).toMatchObject({ Status: "FAILED", Error: { ErrorType: "SerdesFailedError", ErrorMessage: expect.stringContaining("handler's result could not be serialized") } });
    expect(run.service.updates).toHaveLength(2);
  });
});

describe("plugin config", () => {
  it("plugins and a child-operations depth are accepted without any warning, and the plugins are called", async () => {
    const warnings: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((message: string) => warnings.push(message)) as never;
    const seen: string[] = [];
    try {
      const handler = ours(async (_e, ctx) => ctx.step("s", async () => 1), {
        plugins: [{ onOperationStart: async (info) => void seen.push(`${info.type}:${info.name}`) }],
        pluginsConfig: { childOperationsDepth: 2 },
      });
      withDurableExecution(async () => 1, { plugins: [] });
      const run = await runToCompletion(handler, {});
      expect(run.last).toMatchObject({ Status: "SUCCEEDED", Result: "1" });
    } finally {
      process.emitWarning = original;
    }
    expect(warnings).toEqual([]);
    expect(seen).toEqual(["STEP:s"]);
  });
});

describe("withDurableExecution config, checked when the handler is wrapped", () => {
  const handler = async () => 1;
  const known = "client, durableExecutionClient, plugins, pluginsConfig, checkpointRetryBudgetSeconds";

  it("refuses an unknown key (plugin for plugins) naming it and the known ones", () => {
    const error = thrownValidationError(() => withDurableExecution(handler, { plugin: [] } as never));
    expect(error).toMatchObject({
      operation: "withDurableExecution",
      field: "withDurableExecution.config",
      fix: `Remove it or use one of: ${known}.`,
      message: `withDurableExecution(): config has unknown option "plugin". Remove it or use one of: ${known}.`,
    });
  });

  it.each([
    ["a string", "otel", '"otel"'],
    ["an object", { onInvocationStart: async () => undefined }, "an object with onInvocationStart"],
  ])("refuses plugins that are %s, before any invocation", (_label, plugins, shown) => {
    const error = thrownValidationError(() => withDurableExecution(handler, { plugins } as never));
    expect(error).toMatchObject({
      operation: "withDurableExecution",
      field: "withDurableExecution.config.plugins",
      fix: "Pass plugin instances, e.g. plugins: [new MyPlugin()], or leave plugins out.",
      message: `withDurableExecution(): config.plugins must be an array of plugin objects (received ${shown}). Pass plugin instances, e.g. plugins: [new MyPlugin()], or leave plugins out.`,
    });
  });

  class TracingPlugin {
    async onOperationStart(): Promise<void> {}
  }
  const entryFix = "Pass an instance, e.g. plugins: [new MyPlugin()], not the class; to load a plugin module by name, list it in DURABLE_EXECUTION_PLUGINS.";

  it.each([
    ["the plugin class instead of an instance", [TracingPlugin], 0, "a function"],
    ["null", [new TracingPlugin(), null], 1, "null"],
    ["a module name", ["otel"], 0, '"otel"'],
    ["undefined", [new TracingPlugin(), undefined], 1, "undefined"],
    // A hole: forEach and every skip it; the runner would read a hook of undefined at cold start.
    ["a hole of a sparse array", [new TracingPlugin(), , new TracingPlugin()], 1, "undefined"],
  ])("refuses a plugins entry that is %s, naming its index, before any invocation", (_label, plugins, index, shown) => {
    const error = thrownValidationError(() => withDurableExecution(handler, { plugins } as never));
    expect(error).toMatchObject({
      operation: "withDurableExecution",
      field: `withDurableExecution.config.plugins[${index}]`,
      fix: entryFix,
      message: `withDurableExecution(): config.plugins[${index}] must be a plugin object (received ${shown}). ${entryFix}`,
    });
  });

  it("accepts a plugins entry that is any object, one with no hook included (every hook is optional)", () => {
    expect(() => withDurableExecution(handler, { plugins: [new TracingPlugin(), {}, Object.create(null) as object] })).not.toThrow();
  });

  it("accepts every known key, an empty config and no config", () => {
    expect(() => withDurableExecution(handler)).not.toThrow();
    expect(() => withDurableExecution(handler, {})).not.toThrow();
    expect(() => withDurableExecution(handler, { plugins: undefined, pluginsConfig: { childOperationsDepth: 1 }, checkpointRetryBudgetSeconds: 0 })).not.toThrow();
  });
});
