/**
 * withDurableExecution's checks of its config made at every invocation, not when the handler is wrapped
 * (schema/execution.yaml `invocationChecks`): the invocation fails (Status FAILED, ErrorType
 * DurableValidationError) with the exact message, at the exact moment — `client` with
 * `durableExecutionClient` before the plugins load; `pluginsConfig.childOperationsDepth` and
 * `checkpointRetryBudgetSeconds` after the operations load and the plugins' onInvocationStart, so a plugin
 * sees the failed invocation through onInvocationEnd (the error's field, fix and received value).
 */
import { afterEach, describe, expect, it } from "vitest";
import { DurableValidationError, withDurableExecution, type DurableExecutionClient, type DurableInstrumentationPlugin } from "../../src/index.js";
import { FakeDurableService, lambdaContext } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";

type Config = Parameters<typeof withDurableExecution>[1];
type Output = { Status: string; Result?: string; Error?: { ErrorType?: string; ErrorMessage?: string } };

const DEPTH_FIX = "Pass a non-negative integer or Infinity.";
const BUDGET_FIX = "Leave it out for the default of 12.";
const depthMessage = (received: string) => `pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity (received ${received}).`;
const budgetMessage = (received: string) => `checkpointRetryBudgetSeconds must be a finite number of seconds, 0 or more (received ${received}). ${BUDGET_FIX}`;
const BOTH_CLIENTS = "Both `client` and `durableExecutionClient` were provided. Pass only `durableExecutionClient` (client is deprecated).";

/** A plugin recording its invocation hooks, in order, with the error onInvocationEnd is given. */
function recorder() {
  const seen: string[] = [];
  let ended: { status: string; executionError?: unknown } | undefined;
  const plugin: DurableInstrumentationPlugin = {
    onInvocationStart: async () => void seen.push("start"),
    onInvocationEnd: async (info) => {
      seen.push("end");
      ended = info as typeof ended;
    },
  };
  return { plugin, seen, ended: () => ended };
}

/** Runs one invocation of a handler returning "done" with `config`, on a service whose state takes a second page. */
async function invoke(config: Config): Promise<{ output: Output; stateCalls: number }> {
  const service = new FakeDurableService({});
  let stateCalls = 0;
  const client: DurableExecutionClient = {
    checkpoint: (params) => service.client.checkpoint(params),
    getExecutionState: (params) => (stateCalls++, service.client.getExecutionState(params)),
  };
  const sdk = ours(async () => "done", config);
  const event = service.event({ wrapEvent: (e) => e }, { pageSize: 0 });
  const output = (await sdk.handler(sdk.wrapEvent(event, client), lambdaContext)) as Output;
  return { output, stateCalls };
}

const failedWith = (message: string) => ({ Status: "FAILED", Error: { ErrorType: "DurableValidationError", ErrorMessage: message } });

describe("pluginsConfig.childOperationsDepth: a non-negative integer or Infinity", () => {
  it.each([
    ["number -1", -1],
    ["number 1.5", 1.5],
    ["number NaN", NaN],
    ["number -Infinity", -Infinity],
    ['"2"', "2"],
    ["null", null],
  ])("%s fails the invocation after the operations load", async (received, depth) => {
    const { output, stateCalls } = await invoke({ pluginsConfig: { childOperationsDepth: depth as number } });
    expect(output).toStrictEqual(failedWith(depthMessage(received)));
    expect(stateCalls).toBe(1);
  });

  // String() would write "[object Object]" for these, and throw for an object without a prototype
  // (the invocation then threw a TypeError instead of failing with the validation error).
  it.each([
    ["an empty object", {}],
    ["an object with n", { n: 1 }],
    ["an object with n (no prototype)", Object.assign(Object.create(null) as object, { n: 1 })],
    ["an array of 1", [1]],
    ["a function", () => 1],
  ])("%s: the message describes it", async (received, depth) => {
    const { output } = await invoke({ pluginsConfig: { childOperationsDepth: depth as unknown as number } });
    expect(output).toStrictEqual(failedWith(depthMessage(received.replace(" (no prototype)", ""))));
  });

  it.each([0, 3, Infinity, 2 ** 53, undefined])("%s is accepted", async (depth) => {
    expect((await invoke({ pluginsConfig: { childOperationsDepth: depth } })).output).toMatchObject({ Status: "SUCCEEDED", Result: '"done"' });
  });

  it("a plugin sees the failed invocation: onInvocationStart, then onInvocationEnd with the error naming the field, the fix and the value", async () => {
    const r = recorder();
    const { output } = await invoke({ plugins: [r.plugin], pluginsConfig: { childOperationsDepth: -2 } });
    expect(output).toStrictEqual(failedWith(depthMessage("number -2")));
    expect(r.seen).toEqual(["start", "end"]);
    expect(r.ended()?.status).toBe("FAILED");
    const error = r.ended()?.executionError;
    expect(error).toBeInstanceOf(DurableValidationError);
    expect({ ...(error as object), message: (error as Error).message }).toStrictEqual({
      name: "DurableValidationError",
      operation: "withDurableExecution",
      field: "config.pluginsConfig.childOperationsDepth",
      fix: DEPTH_FIX,
      message: depthMessage("number -2"),
      received: -2,
    });
  });
});

describe("checkpointRetryBudgetSeconds: a finite number of 0 or more", () => {
  it.each([
    ["number -1", -1],
    ["number NaN", NaN],
    ["number Infinity", Infinity],
    ['"5"', "5"],
  ])("%s fails the invocation after the operations load", async (received, budget) => {
    const { output, stateCalls } = await invoke({ checkpointRetryBudgetSeconds: budget as number });
    expect(output).toStrictEqual(failedWith(budgetMessage(received)));
    expect(stateCalls).toBe(1);
  });

  // null is the field left out (the default applies: test/runtime/api-retry.test.ts), as every other optional config field reads it.
  it.each([0, 0.5, 30, undefined, null])("%s is accepted", async (budget) => {
    expect((await invoke({ checkpointRetryBudgetSeconds: budget as number | undefined })).output).toMatchObject({ Status: "SUCCEEDED", Result: '"done"' });
  });

  it("an object without a prototype fails the invocation with the message, not a TypeError", async () => {
    const { output } = await invoke({ checkpointRetryBudgetSeconds: Object.create(null) as number });
    expect(output).toStrictEqual(failedWith(budgetMessage("an empty object")));
  });

  it("a plugin sees the failed invocation, with the fix naming the default", async () => {
    const r = recorder();
    const { output } = await invoke({ plugins: [r.plugin], checkpointRetryBudgetSeconds: -3 });
    expect(output).toStrictEqual(failedWith(budgetMessage("number -3")));
    expect(r.seen).toEqual(["start", "end"]);
    const error = r.ended()?.executionError;
    expect(error).toBeInstanceOf(DurableValidationError);
    expect({ ...(error as object), message: (error as Error).message }).toStrictEqual({
      name: "DurableValidationError",
      operation: "withDurableExecution",
      field: "config.checkpointRetryBudgetSeconds",
      fix: BUDGET_FIX,
      message: budgetMessage("number -3"),
      received: -3,
    });
  });

  it("with a bad childOperationsDepth too, the depth is reported (the schema's order)", async () => {
    const { output } = await invoke({ pluginsConfig: { childOperationsDepth: -1 }, checkpointRetryBudgetSeconds: -1 });
    expect(output).toStrictEqual(failedWith(depthMessage("number -1")));
  });
});

describe("client with durableExecutionClient", () => {
  const saved = process.env.DURABLE_EXECUTION_PLUGINS;
  afterEach(() => {
    if (saved === undefined) delete process.env.DURABLE_EXECUTION_PLUGINS;
    else process.env.DURABLE_EXECUTION_PLUGINS = saved;
  });
  const lambda = { send: async () => ({}) };

  it("fails the invocation before the operations load and before any plugin hook, whatever else is wrong", async () => {
    const r = recorder();
    const service = new FakeDurableService({});
    const { output, stateCalls } = await invoke({
      client: lambda,
      durableExecutionClient: service.client,
      plugins: [r.plugin],
      pluginsConfig: { childOperationsDepth: -1 },
      checkpointRetryBudgetSeconds: -1,
    });
    expect(output).toStrictEqual(failedWith(BOTH_CLIENTS));
    expect(stateCalls).toBe(0);
    expect(r.seen).toEqual([]);
  });

  it("is reported before the plugins load: a bad DURABLE_EXECUTION_PLUGINS is not", async () => {
    process.env.DURABLE_EXECUTION_PLUGINS = "a,,b";
    const both = await invoke({ client: lambda, durableExecutionClient: new FakeDurableService({}).client });
    expect(both.output).toStrictEqual(failedWith(BOTH_CLIENTS));
    const one = await invoke({ durableExecutionClient: new FakeDurableService({}).client });
    expect(one.output).toMatchObject({ Status: "FAILED", Error: { ErrorType: "PluginLoadError" } });
  });

  it("a falsy client is not given (as the reference reads it)", async () => {
    expect((await invoke({ client: undefined, durableExecutionClient: new FakeDurableService({}).client })).output).toMatchObject({ Status: "SUCCEEDED" });
    expect((await invoke({ client: null as never, durableExecutionClient: new FakeDurableService({}).client })).output).toMatchObject({ Status: "SUCCEEDED" });
    expect((await invoke({ client: lambda, durableExecutionClient: null as never })).output).toMatchObject({ Status: "SUCCEEDED" });
  });
});
