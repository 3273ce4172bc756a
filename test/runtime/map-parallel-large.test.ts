/**
 * Batches whose result is over 256 KiB: the batch stores a summary with ReplayChildren, the service
 * keeps the item operations, and replay rebuilds the finished items (skipping unfinished ones while
 * keeping later ids aligned).
 */
import { describe, expect, it } from "vitest";
import { toWireId } from "../../src/runtime/ids.js";
import { recordingBatchHandler, viewBatch } from "../support/batch-view.js";
import { runToCompletion } from "../support/fake-service.js";
import { InOrder } from "../support/in-order.js";
import { ours } from "../support/sdks.js";

const BIG = 100_000;

/** B: a step returning 100 000 characters; F: a failing step; W: a 60 s wait (still running at the end). */
type Kind = "B" | "F" | "W";

/** B and F items finish strictly in index order (see InOrder). */
async function runKind(ctx: any, kind: Kind, index: number, order?: InOrder): Promise<string> {
  if (kind === "W") {
    await ctx.wait({ seconds: 60 });
    return "late";
  }
  const work = () =>
    ctx.step(`part-${index}`, async () => {
      await order?.turn(index);
      if (kind === "F") throw new Error(`part ${index} broke`);
      return String(index).repeat(BIG);
    }, { retryStrategy: () => ({ shouldRetry: false }) });
  return order ? order.run(index, work) : work();
}

/** A compact view: item results are reduced to their first character and length. */
function compactView(result: any) {
  const view = viewBatch(result);
  const shrink = (value: unknown) => (typeof value === "string" ? `${value[0]}×${value.length}` : value);
  return { ...view, all: view.all.map((item: any) => ("result" in item ? { ...item, result: shrink(item.result) } : item)), results: view.results.map(shrink) };
}

async function runLarge(method: "map" | "parallel", kinds: Kind[], config: object = {}) {
  const { handler, views } = recordingBatchHandler((ctx) => {
    const order = new InOrder(kinds.map((kind) => kind !== "W"));
    return method === "map"
      ? ctx.map("big", kinds, (c: any, kind: Kind, index: number) => runKind(c, kind, index, order), config)
      : ctx.parallel("big", kinds.map((kind, index) => (c: any) => runKind(c, kind, index, order)), config);
  }, compactView);
  const run = await runToCompletion(ours(handler), {});
  const succeed = run.service.updates.find((u) => u.Id === toWireId("1") && u.Action === "SUCCEED")!;
  return { run, views, succeed };
}

/** What replay rebuilds: the finished items only (still-running ones are not rebuilt). */
function withoutStarted(view: ReturnType<typeof compactView>) {
  const all = view.all.filter((item: any) => item.status !== "STARTED");
  return { ...view, all, started: [], startedCount: 0, totalCount: all.length };
}

describe("results over 256 KiB", () => {
  it("map: the summary replaces the payload, ReplayChildren is set and replay rebuilds the same result", async () => {
    const { run, views, succeed } = await runLarge("map", ["B", "B", "B"]);
    expect(succeed.ContextOptions).toEqual({ ReplayChildren: true });
    expect(succeed.Payload).toBe(
      JSON.stringify({ type: "MapResult", totalCount: 3, successCount: 3, failureCount: 0, completionReason: "ALL_COMPLETED", status: "SUCCEEDED", itemStatuses: "SSS" }),
    );
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(views[0]);
    expect(views[0]!.results).toEqual(["0×100000", "1×100000", "2×100000"]);
    // The replaying invocation sent nothing for the batch or its items.
    expect(run.service.updates.filter((u) => u.Id === toWireId("1"))).toHaveLength(2);
  });

  it("failures and a still-running item: itemStatuses marks them, replay rebuilds S/F items only", async () => {
    const { views, succeed } = await runLarge("map", ["B", "F", "B", "B", "W"], { completionConfig: { minSuccessful: 3 } });
    expect(JSON.parse(succeed.Payload!)).toEqual({
      type: "MapResult",
      totalCount: 5,
      successCount: 3,
      failureCount: 1,
      completionReason: "MIN_SUCCESSFUL_REACHED",
      status: "FAILED",
      itemStatuses: "SFSS-",
    });
    expect(views).toHaveLength(2);
    expect(views[0]!.started).toEqual([4]);
    expect(views[1]).toEqual(withoutStarted(views[0]!));
    expect(views[1]!.errors).toEqual(["part 1 broke"]);
    expect(views[1]!.all[1].error.slice(0, 2)).toEqual([
      { name: "ChildContextError", message: "part 1 broke" },
      { name: "StepError", message: "part 1 broke" },
    ]);
  });

  it("an unfinished item in the middle is skipped and the next item keeps its id", async () => {
    const { views, succeed } = await runLarge("map", ["B", "W", "B", "B"], { completionConfig: { minSuccessful: 3 } });
    expect(JSON.parse(succeed.Payload!).itemStatuses).toBe("S-SS");
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(withoutStarted(views[0]!));
    expect(views[1]!.all.map((item: any) => item.index)).toEqual([0, 2, 3]);
    expect(views[1]!.results).toEqual(["0×100000", "2×100000", "3×100000"]);
  });

  it("parallel: startedCount and the user's summaryGenerator text are part of the summary", async () => {
    const { views, succeed } = await runLarge("parallel", ["B", "B", "W", "B"], {
      completionConfig: { minSuccessful: 3 },
      summaryGenerator: (result: any) => `${result.successCount} parts ready`,
    });
    expect(succeed.ContextOptions).toEqual({ ReplayChildren: true });
    expect(succeed.Payload).toBe(
      JSON.stringify({
        type: "ParallelResult",
        totalCount: 4,
        successCount: 3,
        failureCount: 0,
        startedCount: 1,
        completionReason: "MIN_SUCCESSFUL_REACHED",
        status: "SUCCEEDED",
        itemStatuses: "SS-S",
        summary: "3 parts ready",
      }),
    );
    expect(views[1]).toEqual(withoutStarted(views[0]!));
  });

  it("FLAT items are rebuilt from their own operations", async () => {
    const { run, views, succeed } = await runLarge("map", ["B", "F", "B", "W", "B"], { nesting: "FLAT", completionConfig: { minSuccessful: 3 } });
    expect(run.service.updates.some((u) => u.SubType === "MapIteration")).toBe(false);
    expect(JSON.parse(succeed.Payload!).itemStatuses).toBe("SFS-S");
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual(withoutStarted(views[0]!));
    expect(views[1]!.all.map((item: any) => [item.index, item.status])).toEqual([
      [0, "SUCCEEDED"],
      [1, "FAILED"],
      [2, "SUCCEEDED"],
      [4, "SUCCEEDED"],
    ]);
  });

  it("a batch inside a child context that itself is over 256 KiB replays through both levels", async () => {
    const views: unknown[] = [];
    await runToCompletion(
      ours(async (_event, ctx) => {
        const total = await ctx.runInChildContext("outer", async (child: any) => {
          const result = await child.map([0, 1, 2], (c: any, _n: number, index: number) => runKind(c, "B", index));
          return result.getResults();
        });
        views.push(total.map((s: string) => `${s[0]}×${s.length}`));
        await ctx.wait({ seconds: 1 });
        return null;
      }),
      {},
    );
    expect(views).toEqual([
      ["0×100000", "1×100000", "2×100000"],
      ["0×100000", "1×100000", "2×100000"],
    ]);
  });
});
