/**
 * Operation names longer than the service accepts (MAX_OPERATION_NAME_LENGTH, from schema/wire.yaml) are
 * refused at the call with a DurableValidationError naming the operation, the field, the limit and the
 * length, before anything is checkpointed. Without the check the service refuses the checkpoint and the
 * whole execution fails with an error naming only the operation's hashed id.
 */
import { describe, expect, it } from "vitest";
import { MAX_OPERATION_NAME_LENGTH } from "../../src/generated/index.js";
import type { DurableContext } from "../../src/index.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";

const tooLong = "n".repeat(MAX_OPERATION_NAME_LENGTH + 1);

/** Every operation that takes a name, called with `name`. */
const calls: [string, (ctx: DurableContext, name: string) => PromiseLike<unknown>][] = [
  ["step", (ctx, name) => ctx.step(name, async () => 1)],
  ["wait", (ctx, name) => ctx.wait(name, { seconds: 1 })],
  ["runInChildContext", (ctx, name) => ctx.runInChildContext(name, async () => 1)],
  ["createCallback", (ctx, name) => ctx.createCallback(name)],
  ["waitForCallback", (ctx, name) => ctx.waitForCallback(name, async () => undefined)],
  ["waitForCondition", (ctx, name) => ctx.waitForCondition(name, async (state: number) => state, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) })],
  ["invoke", (ctx, name) => ctx.invoke(name, "other-function", { id: 1 })],
  ["map", (ctx, name) => ctx.map(name, [1], async () => 1)],
  ["parallel", (ctx, name) => ctx.parallel(name, [async () => 1])],
  ["all", (ctx, name) => ctx.promise.all(name, [])],
  ["allSettled", (ctx, name) => ctx.promise.allSettled(name, [])],
  ["any", (ctx, name) => ctx.promise.any(name, [])],
  ["race", (ctx, name) => ctx.promise.race(name, [])],
];

/** Runs `call` in a handler that reports what it threw (synchronously or as a rejection). */
async function outcome(call: (ctx: DurableContext, name: string) => PromiseLike<unknown>, name: string) {
  const run = await runToCompletion(
    ours(async (_event, ctx) => {
      try {
        await call(ctx, name);
        return { threw: false };
      } catch (error) {
        const { name: type, message, field, operation } = error as { name: string; message: string; field?: string; operation?: string };
        return { threw: true, type, message, field, operation };
      }
    }),
    {},
  );
  expect(run.last.Status).toBe("SUCCEEDED");
  return { result: JSON.parse((run.last as { Result: string }).Result), updates: run.service.updates };
}

describe("operation names over MAX_OPERATION_NAME_LENGTH", () => {
  it.each(calls)("%s refuses one at the call, before anything is checkpointed", async (operation, call) => {
    const { result, updates } = await outcome(call, tooLong);
    expect(result).toEqual({
      threw: true,
      type: "DurableValidationError",
      operation,
      field: `${operation}.name`,
      message: `${operation}(): name is ${MAX_OPERATION_NAME_LENGTH + 1} characters long; at most ${MAX_OPERATION_NAME_LENGTH} are allowed. Use a shorter name: it is stored as the operation's Name.`,
    });
    // Only the execution's own result: no operation was started.
    expect(updates.filter((update) => update.Type !== "EXECUTION")).toEqual([]);
  });

  // Items start as child contexts under runInChildContext's machinery; the error names the call and the
  // field the user wrote instead.
  it("map refuses an item name from config.itemNamer, naming map and the index, before the batch starts", async () => {
    const { result, updates } = await outcome((ctx, name) => ctx.map([1, 2], async (_c, item) => item, { itemNamer: (_item, index) => (index === 1 ? name : `item-${index}`) }), tooLong);
    expect(result).toEqual({
      threw: true,
      type: "DurableValidationError",
      operation: "map",
      field: "map.config.itemNamer",
      message: `map(): the name config.itemNamer returned for index 1 is ${MAX_OPERATION_NAME_LENGTH + 1} characters long; at most ${MAX_OPERATION_NAME_LENGTH} are allowed. Use a shorter name: it is stored as the operation's Name.`,
    });
    expect(updates.filter((update) => update.Type !== "EXECUTION")).toEqual([]);
  });

  it("parallel refuses a branch name, naming parallel and branches[i].name, before the batch starts", async () => {
    const { result, updates } = await outcome((ctx, name) => ctx.parallel([async () => 1, { name, func: async () => 2 }]), tooLong);
    expect(result).toEqual({
      threw: true,
      type: "DurableValidationError",
      operation: "parallel",
      field: "parallel.branches[1].name",
      message: `parallel(): branches[1].name is ${MAX_OPERATION_NAME_LENGTH + 1} characters long; at most ${MAX_OPERATION_NAME_LENGTH} are allowed. Use a shorter name: it is stored as the operation's Name.`,
    });
    expect(updates.filter((update) => update.Type !== "EXECUTION")).toEqual([]);
  });

  // One check in begin covers both: the batch's own name is checked first, as every operation's is.
  it.each([
    ["map", (ctx: DurableContext, name: string) => ctx.map(name, [1], async () => 1, { itemNamer: () => name })],
    ["parallel", (ctx: DurableContext, name: string) => ctx.parallel(name, [{ name, func: async () => 1 }])],
  ] as const)("%s with its own name and an item's both too long names its own", async (operation, call) => {
    const { result, updates } = await outcome(call, tooLong);
    expect(result).toMatchObject({ threw: true, type: "DurableValidationError", operation, field: `${operation}.name` });
    expect(updates.filter((update) => update.Type !== "EXECUTION")).toEqual([]);
  });

  it("a name of exactly the limit is accepted and checkpointed as it is", async () => {
    const name = "n".repeat(MAX_OPERATION_NAME_LENGTH);
    const { result, updates } = await outcome((ctx, n) => ctx.step(n, async () => 1), name);
    expect(result).toEqual({ threw: false });
    expect(updates.filter((update) => update.Type === "STEP").map((update) => [update.Name, update.Action])).toEqual([
      [name, "START"],
      [name, "SUCCEED"],
    ]);
  });
});
