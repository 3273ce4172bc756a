/**
 * map / parallel on our SDK through the fake service: the completion matrix (fresh and replayed),
 * scheduling, naming, empty batches, error chains through replay, serdes and bad input.
 */
import { describe, expect, it } from "vitest";
import { BatchCompletionError, ChildContextError, CompletionOutcome, DurableValidationError, completeBatch, continueBatch } from "../../src/index.js";
import { toWireId } from "../../src/runtime/ids.js";
import { errorChain, parsedResult, recordingBatchHandler, updatesByOperation, viewBatch } from "../support/batch-view.js";
import { runToCompletion, type RunResult } from "../support/fake-service.js";
import { InOrder } from "../support/in-order.js";
import { ours } from "../support/sdks.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** S: a step that succeeds; F: the same step failing; W: waits 10 s (spans invocations). */
type Kind = "S" | "F" | "W";

/** S and F items finish strictly in index order (see InOrder); W items are left out of the order. */
async function runKind(ctx: any, kind: Kind, index: number, order: InOrder): Promise<string> {
  if (kind === "W") {
    await ctx.wait({ seconds: 10 });
    return `waited-${index}`;
  }
  return order.run(index, () =>
    ctx.step("work", async () => {
      await order.turn(index);
      if (kind === "F") throw new Error(`item ${index} failed`);
      return `ok-${index}`;
    }, noRetry),
  );
}

type Method = "map" | "parallel";

function startBatch(ctx: any, method: Method, kinds: Kind[], config?: object) {
  const order = new InOrder(kinds.map((kind) => kind !== "W"));
  if (method === "map") return ctx.map("batch", kinds, (child: any, kind: Kind, index: number) => runKind(child, kind, index, order), config);
  return ctx.parallel("batch", kinds.map((kind, index) => (child: any) => runKind(child, kind, index, order)), config);
}

/** Runs `batch` and then a 1 s wait, to completion; `views` holds the live view, then the replayed ones. */
async function runRecorded(batch: (ctx: any) => Promise<unknown>) {
  const { handler, views } = recordingBatchHandler(batch);
  const run = await runToCompletion(ours(handler), {});
  return { run, views };
}

const runBatchAcrossInvocations = (method: Method, kinds: Kind[], config?: object) => runRecorded((ctx) => startBatch(ctx, method, kinds, config));

const itemContextId = (index: number) => toWireId(`1-${index + 1}`);

interface Expected {
  reason: string;
  statuses: string;
  status: "SUCCEEDED" | "FAILED";
}

/** "SF-." → statuses per index: S succeeded, F failed, - still running (STARTED), . never started. */
function statusesOf(view: ReturnType<typeof viewBatch>, length: number): string {
  const byIndex = new Map(view.all.map((item: { index: number; status: string }) => [item.index, item.status]));
  let out = "";
  for (let i = 0; i < length; i++) {
    const status = byIndex.get(i);
    out += status === "SUCCEEDED" ? "S" : status === "FAILED" ? "F" : status === "STARTED" ? "-" : ".";
  }
  return out;
}

const WITH_FAILURE: Kind[] = ["S", "F", "S", "W"];
const NO_FAILURE: Kind[] = ["S", "S", "W"];

const MATRIX: Array<{ title: string; kinds: Kind[]; config?: object; expected: Expected }> = [
  { title: "no config (fail fast)", kinds: WITH_FAILURE, expected: { reason: "FAILURE_TOLERANCE_EXCEEDED", statuses: "SF--", status: "FAILED" } },
  { title: "empty completionConfig (fail fast)", kinds: WITH_FAILURE, config: { completionConfig: {} }, expected: { reason: "FAILURE_TOLERANCE_EXCEEDED", statuses: "SF--", status: "FAILED" } },
  { title: "minSuccessful 2 (failures tolerated)", kinds: WITH_FAILURE, config: { completionConfig: { minSuccessful: 2 } }, expected: { reason: "MIN_SUCCESSFUL_REACHED", statuses: "SFS-", status: "FAILED" } },
  { title: "toleratedFailureCount 0", kinds: WITH_FAILURE, config: { completionConfig: { toleratedFailureCount: 0 } }, expected: { reason: "FAILURE_TOLERANCE_EXCEEDED", statuses: "SF--", status: "FAILED" } },
  { title: "toleratedFailureCount 1", kinds: WITH_FAILURE, config: { completionConfig: { toleratedFailureCount: 1 } }, expected: { reason: "ALL_COMPLETED", statuses: "SFSS", status: "FAILED" } },
  { title: "toleratedFailurePercentage 20", kinds: WITH_FAILURE, config: { completionConfig: { toleratedFailurePercentage: 20 } }, expected: { reason: "FAILURE_TOLERANCE_EXCEEDED", statuses: "SF--", status: "FAILED" } },
  { title: "toleratedFailurePercentage 25 (not exceeded at exactly 25 %)", kinds: WITH_FAILURE, config: { completionConfig: { toleratedFailurePercentage: 25 } }, expected: { reason: "ALL_COMPLETED", statuses: "SFSS", status: "FAILED" } },
  { title: "minSuccessful 3 reached only when all finished", kinds: WITH_FAILURE, config: { completionConfig: { minSuccessful: 3, toleratedFailureCount: 1 } }, expected: { reason: "ALL_COMPLETED", statuses: "SFSS", status: "FAILED" } },
  {
    title: "shouldComplete completes (SUCCEEDED) after two successes",
    kinds: WITH_FAILURE,
    config: { completionConfig: { shouldComplete: (s: any) => (s.successCount >= 2 ? completeBatch() : continueBatch()) } },
    expected: { reason: "CUSTOM_COMPLETION_SUCCEEDED", statuses: "SFS-", status: "SUCCEEDED" },
  },
  {
    title: "shouldComplete completes (FAILED) on the first failure",
    kinds: WITH_FAILURE,
    config: { completionConfig: { shouldComplete: (s: any) => (s.failureCount > 0 ? completeBatch(CompletionOutcome.FAILED) : continueBatch()) } },
    expected: { reason: "CUSTOM_COMPLETION_FAILED", statuses: "SF--", status: "FAILED" },
  },
  {
    title: "shouldComplete always continues",
    kinds: WITH_FAILURE,
    config: { completionConfig: { shouldComplete: () => continueBatch() } },
    expected: { reason: "ALL_COMPLETED", statuses: "SFSS", status: "FAILED" },
  },
  { title: "no config, no failure", kinds: NO_FAILURE, expected: { reason: "ALL_COMPLETED", statuses: "SSS", status: "SUCCEEDED" } },
  { title: "minSuccessful 2, no failure", kinds: NO_FAILURE, config: { completionConfig: { minSuccessful: 2 } }, expected: { reason: "MIN_SUCCESSFUL_REACHED", statuses: "SS-", status: "SUCCEEDED" } },
  {
    title: "shouldComplete fails the batch without any failed item",
    kinds: NO_FAILURE,
    config: { completionConfig: { shouldComplete: (s: any) => (s.items[1]?.status === "SUCCEEDED" ? completeBatch(CompletionOutcome.FAILED) : continueBatch()) } },
    expected: { reason: "CUSTOM_COMPLETION_FAILED", statuses: "SS-", status: "FAILED" },
  },
  {
    title: "shouldComplete completes before any item starts",
    kinds: NO_FAILURE,
    config: { completionConfig: { shouldComplete: () => completeBatch() } },
    expected: { reason: "CUSTOM_COMPLETION_SUCCEEDED", statuses: "...", status: "SUCCEEDED" },
  },
];

describe.each<Method>(["map", "parallel"])("%s: completion matrix, fresh and replayed", (method) => {
  it.each(MATRIX)("$title", async ({ kinds, config, expected }) => {
    const { run, views } = await runBatchAcrossInvocations(method, kinds, config);
    expect(run.last.Status).toBe("SUCCEEDED");
    // The first view is the live result, the later ones come from the stored batch.
    expect(views.length).toBeGreaterThanOrEqual(2);
    for (const view of views.slice(1)) expect(view).toEqual(views[0]);
    expect(parsedResult(run.last)).toEqual(views[0]);

    const view = views[0]!;
    expect(view.completionReason).toBe(expected.reason);
    expect(statusesOf(view, kinds.length)).toBe(expected.statuses);
    expect(view.status).toBe(expected.status);
    const marks = expected.statuses;
    const count = (c: string) => [...marks].filter((m) => m === c).length;
    expect(view).toMatchObject({
      successCount: count("S"),
      failureCount: count("F"),
      startedCount: count("-"),
      totalCount: marks.length - count("."),
      hasFailure: count("F") > 0,
      results: [...marks].flatMap((m, i) => (m === "S" ? [kinds[i] === "W" ? `waited-${i}` : `ok-${i}`] : [])),
      errors: [...marks].flatMap((m, i) => (m === "F" ? [`item ${i} failed`] : [])),
    });
    for (const item of view.all.filter((i: { status: string }) => i.status === "FAILED")) {
      expect(item.error.slice(0, 2)).toEqual([
        { name: "ChildContextError", message: `item ${item.index} failed` },
        { name: "StepError", message: `item ${item.index} failed` },
      ]);
    }
    if (count("F") > 0) expect(view.thrown?.[0]).toEqual({ name: "ChildContextError", message: "item 1 failed" });
    else if (expected.status === "FAILED") expect(view.thrown).toEqual([{ name: "BatchCompletionError", message: `Batch completed as failed by shouldComplete (${expected.reason})` }]);
    else expect(view.thrown).toBeNull();

    // On the wire: an item still running when the batch completed only ever sent its START; a
    // never-started item sent nothing; the batch itself succeeded with the stored BatchResult.
    const byOp = updatesByOperation(run);
    [...marks].forEach((mark, index) => {
      const actions = (byOp.get(itemContextId(index)) ?? []).map((u) => u.Action);
      expect(actions).toEqual(mark === "S" ? ["START", "SUCCEED"] : mark === "F" ? ["START", "FAIL"] : mark === "-" ? ["START"] : []);
    });
    const batchUpdates = byOp.get(toWireId("1"))!;
    expect(batchUpdates.map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
    expect(JSON.parse(batchUpdates[1]!.Payload as string).completionReason).toBe(expected.reason);
  });
});

describe("scheduling and naming", () => {
  it("map with maxConcurrency 2 and itemNamer: index order, never more than 2 running, names on the wire", async () => {
    const items = ["a", "b", "c", "d", "e"];
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        const result = await ctx.map(
          "letters",
          items,
          (child: any, item: string, index: number, array: string[]) =>
            child.step("upper", async () => {
              await sleep(5 * (items.length - index));
              return `${item.toUpperCase()}${array.length}`;
            }),
          { maxConcurrency: 2, itemNamer: (item: string, index: number) => `letter-${item}-${index}` },
        );
        return viewBatch(result);
      }),
      {},
    );
    const view = parsedResult(run.last);
    expect(view.results).toEqual(["A5", "B5", "C5", "D5", "E5"]);
    expect(view.completionReason).toBe("ALL_COMPLETED");

    const itemUpdates = run.service.updates.filter((u) => u.SubType === "MapIteration");
    let running = 0;
    let maxRunning = 0;
    const startOrder: string[] = [];
    for (const update of itemUpdates) {
      expect(update.ParentId).toBe(toWireId("1"));
      if (update.Action === "START") {
        startOrder.push(update.Name!);
        running++;
      } else running--;
      maxRunning = Math.max(maxRunning, running);
    }
    expect(maxRunning).toBe(2);
    expect(startOrder).toEqual(items.map((item, i) => `letter-${item}-${i}`));
    expect(itemUpdates.filter((u) => u.Action === "START").map((u) => u.Id)).toEqual(items.map((_, i) => itemContextId(i)));
  });

  it("fail fast with maxConcurrency 1: items after the failure never start and are absent from all", async () => {
    const { run, views } = await runBatchAcrossInvocations("map", ["S", "F", "S", "S"], { maxConcurrency: 1 });
    expect(views[0]).toMatchObject({ totalCount: 2, completionReason: "FAILURE_TOLERANCE_EXCEEDED", started: [] });
    expect(statusesOf(views[0]!, 4)).toBe("SF..");
    expect(views[1]).toEqual(views[0]);
    const byOp = updatesByOperation(run);
    expect(byOp.has(itemContextId(2))).toBe(false);
    expect(byOp.has(itemContextId(3))).toBe(false);
  });

  it("default item names: map-item-<i>, parallel-branch-<i>, and a named branch keeps its name", async () => {
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        await ctx.map([1, 2], async (_c: any, n: number) => n);
        await ctx.map([1, 2], async (_c: any, n: number) => n, { itemNamer: (n: number) => (n === 1 ? "" : `n${n}`) });
        await ctx.parallel([{ name: "first", func: async () => 1 }, async () => 2, { func: async () => 3 }]);
        return "done";
      }),
      {},
    );
    const starts = run.service.updates.filter((u) => u.Action === "START" && (u.SubType === "MapIteration" || u.SubType === "ParallelBranch"));
    expect(starts.map((u) => u.Name)).toEqual(["map-item-0", "map-item-1", "map-item-0", "n2", "first", "parallel-branch-1", "parallel-branch-2"]);
    const batches = run.service.updates.filter((u) => u.Action === "START" && (u.SubType === "Map" || u.SubType === "Parallel"));
    expect(batches.map((u) => [u.Name, u.SubType])).toEqual([
      [undefined, "Map"],
      [undefined, "Map"],
      [undefined, "Parallel"],
    ]);
  });

  it("parallel: named branch, unnamed branch and minSuccessful 2 while a third branch waits", async () => {
    const { run, views } = await runRecorded((ctx) =>
      ctx.parallel(
        "fan-out",
        [
          { name: "named", func: async (c: any) => c.step("a", async () => "A") },
          async (c: any) => c.step("b", async () => "B"),
          async (c: any) => {
            await c.wait("slow", { seconds: 30 });
            return "C";
          },
        ],
        { completionConfig: { minSuccessful: 2 } },
      ),
    );
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(views[0]);
    expect(views[0]).toMatchObject({
      completionReason: "MIN_SUCCESSFUL_REACHED",
      status: "SUCCEEDED",
      results: ["A", "B"],
      started: [2],
      totalCount: 3,
      startedCount: 1,
    });
    // The batch completed without the waiting branch: one suspension for the handler's own wait only.
    expect(run.outputs.map((o) => o.Status)).toEqual(["PENDING", "SUCCEEDED"]);
    const names = run.service.updates.filter((u) => u.SubType === "ParallelBranch" && u.Action === "START").map((u) => u.Name);
    expect(names).toEqual(["named", "parallel-branch-1", "parallel-branch-2"]);
  });

  it("a map inside a map item nests ids under the item", async () => {
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        const outer = await ctx.map([[1, 2], [3]], async (c: any, row: number[]) => {
          const inner = await c.map(row, async (cc: any, n: number) => cc.step(async () => n * 10));
          return inner.getResults();
        });
        return outer.getResults();
      }),
      {},
    );
    expect(parsedResult(run.last)).toEqual([[10, 20], [30]]);
    const innerBatch = run.service.updates.find((u) => u.SubType === "Map" && u.Id === toWireId("1-1-1"));
    expect(innerBatch?.ParentId).toBe(toWireId("1-1"));
    const step = run.service.updates.find((u) => u.Type === "STEP" && u.Id === toWireId("1-1-1-2-1"));
    expect(step?.ParentId).toBe(toWireId("1-1-1-2"));
  });
});

describe("empty batches", () => {
  it.each<Method>(["map", "parallel"])("empty %s resolves at once with an empty ALL_COMPLETED result", async (method) => {
    const run = await runToCompletion(
      ours(async (_event, ctx) => viewBatch(await (method === "map" ? ctx.map([], async () => 1) : ctx.parallel([])))),
      {},
    );
    expect(run.outputs).toHaveLength(1);
    expect(parsedResult(run.last)).toMatchObject({ all: [], completionReason: "ALL_COMPLETED", status: "SUCCEEDED", totalCount: 0, thrown: null });
    expect(updatesByOperation(run).get(toWireId("1"))).toEqual([
      { Id: toWireId("1"), Type: "CONTEXT", SubType: method === "map" ? "Map" : "Parallel", Action: "START" },
      { Id: toWireId("1"), Type: "CONTEXT", SubType: method === "map" ? "Map" : "Parallel", Action: "SUCCEED", Payload: '{"all":[],"completionReason":"ALL_COMPLETED"}' },
    ]);
  });
});

describe("FLAT nesting", () => {
  it("items have no context of their own; their operations keep item ids and are parented to the batch", async () => {
    const { run, views } = await runRecorded((ctx) =>
      ctx.map(
        "flat",
        [1, 2, 3],
        async (c: any, n: number) => {
          const doubled = await c.step("double", async () => n * 2);
          await c.wait("pause", { seconds: n });
          if (n === 2) throw new Error("two is odd today");
          return doubled;
        },
        { nesting: "FLAT", completionConfig: { toleratedFailureCount: 1 } },
      ),
    );
    expect(run.last.Status).toBe("SUCCEEDED");
    expect(views.length).toBeGreaterThanOrEqual(2);
    for (const view of views) expect(view).toEqual(views[0]);
    expect(views[0]).toMatchObject({ results: [2, 6], errors: ["two is odd today"], completionReason: "ALL_COMPLETED" });
    expect(run.service.updates.some((u) => u.SubType === "MapIteration")).toBe(false);
    for (let i = 0; i < 3; i++) {
      const step = run.service.updates.find((u) => u.Type === "STEP" && u.Id === toWireId(`1-${i + 1}-1`));
      const wait = run.service.updates.find((u) => u.Type === "WAIT" && u.Id === toWireId(`1-${i + 1}-2`));
      expect(step).toMatchObject({ ParentId: toWireId("1"), Name: "double" });
      expect(wait).toMatchObject({ ParentId: toWireId("1"), Name: "pause" });
    }
  });
});

describe("errors through replay", () => {
  class PaymentError extends Error {
    override name = "PaymentError";
  }

  it("keeps messages, types and cause chains of failed items in the stored result", async () => {
    const { run, views } = await runRecorded((ctx) =>
      ctx.parallel(
        [
          async () => {
            throw new PaymentError("card declined: insufficient funds");
          },
          async (c: any) => c.step("charge", async () => {
            throw new RangeError("amount out of range");
          }, noRetry),
          async (c: any) => c.runInChildContext("inner", async () => {
            throw new TypeError("bad input in child");
          }),
        ],
        { completionConfig: { toleratedFailurePercentage: 100 } },
      ),
    );
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(views[0]);
    const [payment, range, child] = views[0]!.all;
    expect(payment.error).toEqual([
      { name: "ChildContextError", message: "card declined: insufficient funds" },
      { name: "StepError", message: "card declined: insufficient funds" },
      { name: "PaymentError", message: "card declined: insufficient funds" },
    ]);
    expect(range.error.slice(0, 2)).toEqual([
      { name: "ChildContextError", message: "amount out of range" },
      { name: "StepError", message: "amount out of range" },
    ]);
    expect(child.error.slice(0, 2)).toEqual([
      { name: "ChildContextError", message: "bad input in child" },
      { name: "ChildContextError", message: "bad input in child" },
    ]);
    // The stored payload holds ErrorObjects with nested causes.
    const stored = JSON.parse(run.service.updates.find((u) => u.SubType === "Parallel" && u.Action === "SUCCEED")!.Payload!);
    expect(stored.all[0]).toEqual({
      error: {
        ErrorType: "ChildContextError",
        ErrorMessage: "card declined: insufficient funds",
        Cause: { ErrorType: "StepError", ErrorMessage: "card declined: insufficient funds", Cause: { ErrorType: "PaymentError", ErrorMessage: "card declined: insufficient funds" } },
      },
      index: 0,
      status: "FAILED",
    });
  });

  it("item errors are ChildContextError instances, also after replay, and throwIfError throws them", async () => {
    const seen: Array<{ isChildError: boolean; thrownIsFirst: boolean; cause: unknown }> = [];
    await runToCompletion(
      ours(async (_event, ctx) => {
        const result = await ctx.map([1, 2], async (_c: any, n: number) => {
          if (n === 2) throw new Error("no twos");
          return n;
        }, { completionConfig: { toleratedFailureCount: 5 } });
        let thrown: unknown;
        try {
          result.throwIfError();
        } catch (error) {
          thrown = error;
        }
        seen.push({ isChildError: result.all[1].error instanceof ChildContextError, thrownIsFirst: thrown === result.all[1].error, cause: errorChain(result.getErrors()[0]) });
        await ctx.wait({ seconds: 1 });
        return null;
      }),
      {},
    );
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({ isChildError: true, thrownIsFirst: true });
  });

  it("throwIfError throws BatchCompletionError for a custom FAILED batch without failed items", async () => {
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        const result = await ctx.map([1, 2, 3], async (_c: any, n: number) => n, {
          completionConfig: { shouldComplete: (s: any) => (s.successCount === 1 ? completeBatch(CompletionOutcome.FAILED) : continueBatch()) },
          maxConcurrency: 1,
        });
        try {
          result.throwIfError();
          return "not thrown";
        } catch (error) {
          return { isBatchError: error instanceof BatchCompletionError, reason: (error as BatchCompletionError).completionReason, message: (error as Error).message };
        }
      }),
      {},
    );
    expect(parsedResult(run.last)).toEqual({
      isBatchError: true,
      reason: "CUSTOM_COMPLETION_FAILED",
      message: "Batch completed as failed by shouldComplete (CUSTOM_COMPLETION_FAILED)",
    });
  });
});

describe("shouldComplete input", () => {
  it("sees counts and every item with its user name and status, before starting and after each settlement", async () => {
    const snapshots: unknown[] = [];
    await runToCompletion(
      ours(async (_event, ctx) => {
        await ctx.map(["x", "y"], async (_c: any, item: string) => item, {
          maxConcurrency: 1,
          itemNamer: (item: string) => (item === "x" ? "item-x" : ""),
          completionConfig: {
            shouldComplete: (status: any) => {
              snapshots.push(structuredClone(status));
              return continueBatch();
            },
          },
        });
        return null;
      }),
      {},
    );
    expect(snapshots[0]).toEqual({
      successCount: 0,
      failureCount: 0,
      completedCount: 0,
      totalCount: 2,
      items: [
        { index: 0, name: "item-x", status: undefined },
        { index: 1, name: "", status: undefined },
      ],
    });
    expect(snapshots).toContainEqual({
      successCount: 1,
      failureCount: 0,
      completedCount: 1,
      totalCount: 2,
      items: [
        { index: 0, name: "item-x", status: "SUCCEEDED" },
        { index: 1, name: "", status: undefined },
      ],
    });
    expect(snapshots[snapshots.length - 1]).toMatchObject({ completedCount: 2, items: [{ status: "SUCCEEDED" }, { status: "SUCCEEDED" }] });
  });
});

describe("serdes", () => {
  it("itemSerdes converts item results; a custom batch serdes gets its methods restored", async () => {
    const entityIds: string[] = [];
    const itemSerdes = {
      serialize: async (value: unknown, context: { entityId: string }) => {
        entityIds.push(context.entityId);
        return `v:${JSON.stringify(value)}`;
      },
      deserialize: async (data: string | undefined) => (data === undefined ? undefined : JSON.parse(data.slice(2))),
    };
    const batchSerdes = {
      serialize: async (value: any) => JSON.stringify({ all: value.all.map((i: any) => ({ index: i.index, status: i.status, result: i.result })), completionReason: value.completionReason }),
      deserialize: async (data: string | undefined) => (data === undefined ? undefined : JSON.parse(data)),
    };
    const { run, views } = await runRecorded((ctx) => ctx.map([1, 2], async (_c: any, n: number) => ({ n }), { itemSerdes, serdes: batchSerdes }));
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(views[0]);
    expect(views[0]).toMatchObject({ results: [{ n: 1 }, { n: 2 }], status: "SUCCEEDED" });
    expect(run.service.updates.filter((u) => u.SubType === "MapIteration" && u.Action === "SUCCEED").map((u) => u.Payload)).toEqual(['v:{"n":1}', 'v:{"n":2}']);
    expect(entityIds.slice(0, 2)).toEqual(["1-1", "1-2"]);
  });
});

describe("bad input", () => {
  async function failure(handler: (ctx: any) => Promise<unknown>): Promise<RunResult["last"]> {
    return (await runToCompletion(ours(async (_event, ctx) => handler(ctx)), {})).last;
  }

  it("an itemNamer that returns a non-string rejects the map with DurableValidationError (no operation created)", async () => {
    let caught: unknown;
    const run = await runToCompletion(
      ours(async (_event, ctx) => {
        try {
          await ctx.map([1], async () => 1, { itemNamer: () => 42 as unknown as string });
        } catch (error) {
          caught = error;
        }
        return ctx.step("next", async () => "ok");
      }),
      {},
    );
    expect(caught).toBeInstanceOf(DurableValidationError);
    expect((caught as DurableValidationError).field).toBe("map.config.itemNamer");
    // What it returned, described as every validation message describes a value (was "returned number").
    expect((caught as DurableValidationError).message).toBe("map: itemNamer must return a string, but returned number 42 for the item at index 0.");
    // The failed map took no id: the next step is operation 1.
    expect(run.service.updates.find((u) => u.Type === "STEP")?.Id).toBe(toWireId("1"));
  });

  it("a shouldComplete that returns garbage fails the batch with a typed error instead of hanging", async () => {
    const last = await failure((ctx) => ctx.map([1], async () => 1, { completionConfig: { shouldComplete: () => "yes" } }));
    expect(last).toMatchObject({
      Status: "FAILED",
      Error: { ErrorType: "ChildContextError", ErrorMessage: expect.stringContaining("shouldComplete must return completeBatch(outcome?) or continueBatch()") },
    });
  });

  it.each([
    ["yes", '"yes"'],
    [{ complete: "yes" }, "an object with complete"],
    [null, "null"],
  ])("shouldComplete returning %j: the message describes it as every validation message does", async (decision, described) => {
    const last = await failure((ctx) => ctx.map([1], async () => 1, { completionConfig: { shouldComplete: () => decision as never } }));
    expect((last as { Error?: { ErrorMessage?: string } }).Error?.ErrorMessage).toContain(
      `completionConfig.shouldComplete must return completeBatch(outcome?) or continueBatch() (received ${described}).`,
    );
  });

  it("a throwing shouldComplete fails the batch", async () => {
    const last = await failure((ctx) =>
      ctx.parallel([async () => 1], {
        completionConfig: {
          shouldComplete: () => {
            throw new Error("predicate exploded");
          },
        },
      }),
    );
    expect(last).toMatchObject({ Status: "FAILED", Error: { ErrorType: "ChildContextError", ErrorMessage: "predicate exploded" } });
  });

  it("invalid config is rejected by the generated validation with DurableValidationError", async () => {
    let caught: unknown;
    await runToCompletion(
      ours(async (_event, ctx) => {
        try {
          await ctx.map([1], async () => 1, { maxConcurrency: 0 });
        } catch (error) {
          caught = error;
        }
        return null;
      }),
      {},
    );
    expect(caught).toBeInstanceOf(DurableValidationError);
  });
});
