/**
 * The plugin runner's zero-cost rule: a hook no plugin defines is absent from the runner (the runtime
 * checks it before building an information object or awaiting anything), and plugins that define no
 * hook at all give no runner.
 */
import { describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import * as ours from "../../src/testing.js";
import type { Operation } from "../../src/generated/index.js";
import { withLazyOperations } from "../../src/runtime/plugins/info.js";
import { createPluginRunner } from "../../src/runtime/plugins/runner.js";

describe("createPluginRunner", () => {
  it("no plugin, or plugins without hooks: no runner", () => {
    expect(createPluginRunner([])).toBeUndefined();
    expect(createPluginRunner([{}, { name: "not a hook" } as object])).toBeUndefined();
  });

  it("only the hooks some plugin defines are present", () => {
    const runner = createPluginRunner([{ onOperationEnd: async () => {} }, {}, { wrapOperationAttemptFn: (_info, fn) => fn() }])!;
    const present = Object.entries(runner)
      .filter(([key, value]) => key !== "plugins" && typeof value === "function")
      .map(([key]) => key)
      .sort();
    expect(present).toEqual(["onOperationEnd", "wrapOperationAttemptFn"]);
    expect(runner.onOperationStart).toBeUndefined();
    expect(runner.onOperationChange).toBeUndefined();
    expect(runner.enrichLogContext).toBeUndefined();
  });

  it("on the SDK, a plugin with one hook gets exactly that hook's calls, and the run is unchanged", async () => {
    await ours.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    try {
      const ended: string[] = [];
      const handler = withDurableExecution(
        async (_event: unknown, ctx) => {
          const a = await ctx.step("a", async () => 1);
          await ctx.wait("w", { seconds: 5 });
          return a + (await ctx.step("b", async () => 2));
        },
        { plugins: [{ onOperationEnd: async (info) => void ended.push(`${info.name}:${info.status}:${info.isReplay}`) }] },
      );
      const result = await new ours.LocalDurableTestRunner({ handlerFunction: handler }).run();
      expect(result.getResult()).toBe(3);
      expect(ended).toEqual(["a:SUCCEEDED:false", "w:SUCCEEDED:false", "b:SUCCEEDED:false"]);
    } finally {
      await ours.LocalDurableTestRunner.teardownTestEnvironment();
    }
  });
});

describe("onOperationChange's operations, built only when read", () => {
  const op = (id: string, status: string) => ({ Id: id, Type: "STEP", Status: status }) as Operation;

  it("is the snapshot of the moment the hook was called, and behaves like a plain property", () => {
    const live = new Map([["a", op("a", "STARTED")]]);
    const info = withLazyOperations({ executionArn: "arn" }, live);
    live.set("a", op("a", "SUCCEEDED"));
    live.set("b", op("b", "STARTED"));
    expect(Object.keys(info)).toEqual(["executionArn", "operations"]);
    expect(Object.keys(info.operations)).toEqual(["a"]);
    expect(info.operations.a!.status).toBe("STARTED");
    expect(info.operations).toBe(info.operations);
    expect(structuredClone(info)).toEqual({ executionArn: "arn", operations: { a: expect.objectContaining({ id: "a", status: "STARTED" }) } });
    info.operations = {};
    expect(JSON.stringify(info)).toBe('{"executionArn":"arn","operations":{}}');
  });
});
