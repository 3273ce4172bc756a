/**
 * map / parallel side by side with the reference SDK through the same fake service: the same updates
 * per operation (Id, ParentId, Name, Type, SubType, Action, Payload, ContextOptions, error type and
 * message), the same invocation outcomes and the same result.
 */
import { describe, expect, it } from "vitest";
import { parsedResult, recordingBatchHandler, updatesByOperation, viewBatch } from "../support/batch-view.js";
import { runToCompletion, type RunResult } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Handler = (event: any, ctx: any) => Promise<unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

async function sideBySide(handler: Handler): Promise<{ mine: RunResult; theirs: RunResult }> {
  const mine = await runToCompletion(ours(handler), {});
  const theirs = await runToCompletion(reference(handler), {});
  expect(Object.fromEntries(updatesByOperation(mine))).toEqual(Object.fromEntries(updatesByOperation(theirs)));
  expect(mine.outputs.map((o) => o.Status)).toEqual(theirs.outputs.map((o) => o.Status));
  expect(mine.last).toEqual(theirs.last);
  return { mine, theirs };
}

describe("map and parallel match the reference SDK", () => {
  it("map with maxConcurrency 2 and itemNamer", async () => {
    const { mine } = await sideBySide(async (_event, ctx) => {
      const result = await ctx.map(
        "orders",
        [{ id: "a1", qty: 2 }, { id: "b2", qty: 1 }, { id: "c3", qty: 5 }, { id: "d4", qty: 3 }, { id: "e5", qty: 4 }],
        async (child: any, order: { id: string; qty: number }, index: number, all: unknown[]) => {
          const priced = await child.step("price", async () => {
            await sleep(3 * order.qty);
            return { id: order.id, total: order.qty * 10, of: all.length, index };
          });
          return child.step("label", async () => `${priced.id}:${priced.total}`);
        },
        { maxConcurrency: 2, itemNamer: (order: { id: string }, index: number) => `order-${order.id}-${index}` },
      );
      return viewBatch(result);
    });
    expect(parsedResult(mine.last)).toMatchObject({ results: ["a1:20", "b2:10", "c3:50", "d4:30", "e5:40"], completionReason: "ALL_COMPLETED" });
  });

  it("map with tolerated failures (ErrorObjects with Cause chains in the stored payload)", async () => {
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.map(
        "charge",
        [10, 0, 25, -1, 40],
        async (child: any, amount: number) => {
          if (amount < 0) throw new RangeError(`negative amount ${amount}`);
          return child.step("charge", async () => {
            if (amount === 0) throw new Error("nothing to charge");
            return amount * 100;
          }, noRetry);
        },
        { completionConfig: { toleratedFailureCount: 2 } },
      ),
    );
    const { mine } = await sideBySide(handler);
    // Ours fresh, ours replayed, reference fresh, reference replayed.
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
    expect(parsedResult(mine.last)).toMatchObject({ completionReason: "ALL_COMPLETED", status: "FAILED", errors: ["nothing to charge", "negative amount -1"], results: [1000, 2500, 4000] });
  });

  it("item errors rebuilt on replay carry no stack of their own, as the reference's (none is stored)", async () => {
    // Each link of each failed item's error chain: name and whether it has a stack. A fresh run's errors
    // have the stacks of their throw sites; rebuilt from the stored result they have none on either SDK
    // (not the stack of the code that rebuilt them).
    const stacks = (result: any) =>
      result.all
        .filter((item: any) => item.error)
        .map((item: any) => {
          const links: [string, boolean][] = [];
          for (let e = item.error as Error | undefined; e; e = e.cause as Error | undefined) links.push([e.name, e.stack !== undefined]);
          return links;
        });
    const { handler, views } = recordingBatchHandler(
      (ctx) =>
        ctx.map(
          "charge",
          [1, -1, 0],
          async (child: any, amount: number) => {
            if (amount < 0) throw new RangeError("negative");
            return child.step("charge", async () => {
              if (amount === 0) throw new TypeError("nothing to charge");
              return amount;
            }, noRetry);
          },
          { completionConfig: { toleratedFailureCount: 2 } },
        ),
      stacks,
    );
    await sideBySide(handler);
    // Ours fresh, ours replayed, reference fresh, reference replayed.
    expect(views).toHaveLength(4);
    expect(views[1]).toEqual(views[3]);
    // The durable error classes are constructed anew where the chain is rebuilt, so they have stacks on both
    // SDKs; the stored plain errors at the ends of the chains have none.
    expect(views[1]).toEqual([
      [["ChildContextError", true], ["StepError", true], ["RangeError", false]],
      [["ChildContextError", true], ["StepError", true], ["StepError", true], ["StepError", false]],
    ]);
  });

  it("parallel with a named branch, an unnamed branch and minSuccessful 2 while a third branch waits", async () => {
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.parallel(
        "lookups",
        [
          { name: "profile", func: async (child: any) => child.step("load-profile", async () => ({ user: "ada" })) },
          async (child: any) => child.step("load-orders", async () => [1, 2, 3]),
          async (child: any) => {
            await child.wait("slow-feed", { minutes: 5 });
            return child.step("load-feed", async () => "feed");
          },
        ],
        { completionConfig: { minSuccessful: 2 } },
      ),
    );
    const { mine } = await sideBySide(handler);
    // Ours fresh, ours replayed, reference fresh, reference replayed.
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
    expect(parsedResult(mine.last)).toMatchObject({ completionReason: "MIN_SUCCESSFUL_REACHED", started: [2], results: [{ user: "ada" }, [1, 2, 3]] });
  });

  it("a bounded map resumed across invocations (items start in later invocations)", async () => {
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.map(
        ["wait", "quick", "wait", "quick", "wait"],
        async (child: any, kind: string, index: number) => {
          if (kind === "wait") await child.wait(`pause-${index}`, { seconds: 10 + index });
          return child.step("finish", async () => `${kind}-${index}`);
        },
        { maxConcurrency: 2, itemNamer: (kind: string, index: number) => `${kind}#${index}` },
      ),
    );
    const { mine } = await sideBySide(handler);
    expect(mine.outputs.length).toBeGreaterThan(2);
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
    expect(parsedResult(mine.last).results).toEqual(["wait-0", "quick-1", "wait-2", "quick-3", "wait-4"]);
  });

  it("fail fast with maxConcurrency 1 (items after the failure never start)", async () => {
    await sideBySide(async (_event, ctx) =>
      viewBatch(
        await ctx.map([1, 2, 3], async (child: any, n: number) => child.step(async () => {
          if (n === 2) throw new Error("two");
          return n;
        }, noRetry), { maxConcurrency: 1 }),
      ),
    );
  });

  it("empty map and empty parallel", async () => {
    await sideBySide(async (_event, ctx) => {
      const map = await ctx.map("none", [], async () => 1);
      const parallel = await ctx.parallel("nothing", []);
      return [viewBatch(map), viewBatch(parallel)];
    });
  });

  it("FLAT nesting across invocations", async () => {
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.map(
        [1, 2, 3],
        async (child: any, n: number) => {
          const tripled = await child.step("triple", async () => n * 3);
          await child.wait({ seconds: n });
          return tripled;
        },
        { nesting: "FLAT" },
      ),
    );
    await sideBySide(handler);
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
  });

  it("a result over 256 KiB with a summaryGenerator, replayed from ReplayChildren", async () => {
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.map(
        "big",
        [0, 1, 2],
        async (child: any, n: number) => child.step(`part-${n}`, async () => String(n).repeat(100_000)),
        { summaryGenerator: (result: any) => `parts: ${result.successCount}` },
      ),
    );
    await sideBySide(handler);
    // Ours fresh, ours replayed, reference fresh, reference replayed.
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
  });

  it("an item that throws an error with an empty message: ChildContextError takes the rebuilt error's message ('Unknown error')", async () => {
    // Found by batch-wire-properties. The reference words a failed child context's error from the error
    // rebuilt from the stored ErrorObject, so an unknown type with an empty message reads "Unknown error"
    // (not ChildContextError's own default), in the live BatchResult, in the stored batch and on replay.
    const { handler, views } = recordingBatchHandler((ctx) =>
      ctx.map(
        ["quiet", "loud"],
        async (_child: any, kind: string) => {
          throw kind === "quiet" ? new Error("") : new TypeError("");
        },
        { completionConfig: { toleratedFailureCount: 2 } },
      ),
    );
    const { mine } = await sideBySide(handler);
    expect(views).toHaveLength(4);
    for (const view of views) expect(view).toEqual(views[0]);
    expect(parsedResult(mine.last).errors).toEqual(["Unknown error", "Unknown error"]);
  });

  it("an empty-message failure in a FLAT map item is worded the same way", async () => {
    await sideBySide(async (_event, ctx) =>
      viewBatch(await ctx.map([1], async () => {
        throw new Error("");
      }, { nesting: "FLAT" })),
    );
  });

  it("an item that settles in the same checkpoint response as the failure that ends the batch still sends its SUCCEED", async () => {
    // Found by batch-wire-properties. Both items' steps finish in one checkpoint response; item 1's
    // failure completes the batch (fail fast) with item 0 STARTED. The reference closes the gate for
    // the items' checkpoints only once the batch function has returned, so item 0's context SUCCEED,
    // already on its way, is still sent; ours used to drop it at the completion decision.
    const { mine } = await sideBySide(async (_event, ctx) =>
      viewBatch(
        await ctx.map([0, 1], async (child: any, n: number) =>
          child.step(async () => {
            if (n === 1) throw new Error("one failed");
            return n;
          }, noRetry),
        ),
      ),
    );
    expect(parsedResult(mine.last)).toMatchObject({ completionReason: "FAILURE_TOLERANCE_EXCEEDED", started: [0], failed: [1] });
    expect(mine.service.updates.filter((u) => u.Name === "map-item-0").map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
  });

  it("the same race with a custom async itemSerdes (map and parallel): the late SUCCEED still goes out", async () => {
    // Found by batch-wire-properties. Item 1's SUCCEED waits for its itemSerdes (an async serialize
    // that awaits `ticks` times); the reference still sends it for up to 5 awaits: the batch function
    // returns (and closes the gate) several microtasks after its decision. Ours used to resolve the
    // batch at once and drop it even with no extra await.
    for (const ticks of [0, 5]) {
      const itemSerdes = {
        serialize: async (value: unknown) => {
          for (let i = 0; i < ticks; i++) await undefined;
          return JSON.stringify(value);
        },
        deserialize: async (data: string | undefined) => (data === undefined ? undefined : JSON.parse(data)),
      };
      const item = (child: any, n: number) =>
        child.step(async () => {
          if (n === 0) throw new Error("zero failed");
          return n;
        }, noRetry);
      const { mine } = await sideBySide(async (_event, ctx) => [
        viewBatch(await ctx.map("m", [0, 1], item, { itemSerdes })),
        viewBatch(await ctx.parallel("p", [(child: any) => item(child, 0), (child: any) => item(child, 1)], { itemSerdes })),
      ]);
      const late = mine.service.updates.filter((u) => (u.Name === "map-item-1" || u.Name === "parallel-branch-1") && u.Action === "SUCCEED");
      expect(late, `ticks ${ticks}`).toHaveLength(2);
    }
  });
});
