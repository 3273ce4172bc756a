/**
 * Map items and parallel branches that race each other in microtasks, on our SDK and on the reference
 * side by side: which item a completion policy sees first decides the BatchResult (stored on the
 * wire), and what an item still running checkpoints before the batch closes its gate decides which of
 * its updates go out. Both depend on how many microtask turns an outcome takes to travel: from an
 * item's body to the batch's decision (CHILD_RESULT_TURNS, the item wrapper, the default serdes'
 * turns in child-context.ts), from the decision to the gate (BATCH_RETURN_TICKS) and from a nested
 * batch to the code awaiting it (BATCH_RESULT_TURNS). Each case sweeps the number of turns the racing
 * user code takes across the point where the outcome flips, so a count off by one fails it.
 *
 * Not covered: races decided by a step's own turns (its body starts in the turn it is called; the
 * reference's two turns later, see docs/guide/switching.md).
 */
import { describe, expect, it } from "vitest";
import { updatesByOperation, viewBatch } from "../support/batch-view.js";
import { runToCompletion, type RunResult } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Handler = (event: unknown, ctx: any) => Promise<unknown>;

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** `n` turns of the caller's own code: plain awaits of settled promises. */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await undefined;
};

/** Every update of the run, in the order sent (the EXECUTION update's time-based Id left out). */
const sent = (run: RunResult) => run.service.updates.map((u) => `${u.Type === "EXECUTION" ? "EXECUTION" : u.Id} ${u.Action}`);

/**
 * Runs `handler` on both SDKs: the same updates per operation, the same invocation statuses and output;
 * with `inOrder`, the same updates in the same order too. Returns what ours sent.
 */
async function sideBySide(handler: Handler, label: string, inOrder = true): Promise<RunResult> {
  const mine = await runToCompletion(ours(handler), {});
  const theirs = await runToCompletion(reference(handler), {});
  expect(Object.fromEntries(updatesByOperation(mine)), label).toEqual(Object.fromEntries(updatesByOperation(theirs)));
  expect(mine.outputs.map((o) => o.Status), label).toEqual(theirs.outputs.map((o) => o.Status));
  expect(mine.last, label).toEqual(theirs.last);
  if (inOrder) expect(sent(mine), label).toEqual(sent(theirs));
  return mine;
}

const NESTINGS = ["NESTED", "FLAT"] as const;

/**
 * A fail-fast batch of two items whose steps succeed in one checkpoint response; item 0 then throws,
 * item 1 goes on with `survivor`. (Both steps succeed: a failed step rejects a turn sooner, relative to
 * a sibling that succeeded in the same response, than on the reference, a step matter left out here.)
 */
function failFastPair(method: "map" | "parallel", nesting: string, survivor: (child: any) => Promise<unknown>): Handler {
  const item = async (child: any, n: number) => {
    const value = await child.step(async () => n, noRetry);
    if (n === 0) throw new Error("zero failed");
    await survivor(child);
    return value;
  };
  return async (_event, ctx) =>
    viewBatch(
      method === "map"
        ? await ctx.map("m", [0, 1], item, { nesting })
        : await ctx.parallel("p", [(child: any) => item(child, 0), (child: any) => item(child, 1)], { nesting }),
    );
}

describe("what an item still running checkpoints after a fail-fast decision", () => {
  // The reference sends the survivor's SUCCEED when it returns within 5 awaits of its step, and an
  // operation it starts within 9 (ours sent the SUCCEED up to 6 awaits, the operation up to 8).
  const survivors: Record<string, (k: number) => (child: any) => Promise<unknown>> = {
    "returns after k awaits": (k) => () => turns(k),
    "throws after k awaits": (k) => async () => {
      await turns(k);
      throw new Error("late");
    },
    "starts a wait after k awaits": (k) => async (child) => {
      await turns(k);
      void child.wait({ seconds: 1 });
    },
    "runs a child context after k awaits": (k) => async (child) => {
      await turns(k);
      await child.runInChildContext("late", async () => "done");
    },
  };
  for (const method of ["map", "parallel"] as const)
    it(`${method}: a survivor that returns, throws, starts a wait or runs a child context after k = 0…12 awaits, NESTED and FLAT`, async () => {
      for (const [name, survivor] of Object.entries(survivors))
        for (const nesting of NESTINGS)
          for (let k = 0; k <= 12; k++) await sideBySide(failFastPair(method, nesting, survivor(k)), `${name}, ${nesting}, k=${k}`);
    });

  it("the survivor's SUCCEED goes out when it returns within 6 awaits, a wait it starts within 10 (ours used to stop at 8)", async () => {
    const item1Succeeded = (run: RunResult) => run.service.updates.some((u) => u.Name === "map-item-1" && u.Action === "SUCCEED");
    const waitSent = (run: RunResult) => run.service.updates.some((u) => u.Type === "WAIT");
    const returnsAfter = (k: number) => failFastPair("map", "NESTED", () => turns(k));
    const waitsAfter = (k: number) =>
      failFastPair("map", "NESTED", async (child) => {
        await turns(k);
        void child.wait({ seconds: 1 });
      });
    expect(item1Succeeded(await sideBySide(returnsAfter(6), "return k=6"))).toBe(true);
    expect(item1Succeeded(await sideBySide(returnsAfter(7), "return k=7"))).toBe(false);
    expect(waitSent(await sideBySide(waitsAfter(10), "wait k=10"))).toBe(true);
    expect(waitSent(await sideBySide(waitsAfter(11), "wait k=11"))).toBe(false);
  });
});

describe("which item a completion policy sees first", () => {
  // minSuccessful 1: the first item to succeed completes the batch; the other is reported STARTED.
  const racers: Record<string, (child: any) => Promise<unknown>> = {
    "a child context": (child) => child.runInChildContext("c", async () => "child"),
    "a child context that fails (caught)": (child) =>
      child.runInChildContext("c", async () => {
        throw new Error("no");
      }).catch(() => "caught"),
    "a nested map": async (child) => (await child.map("inner", [1, 2], async (_c: any, x: number) => x)).getResults(),
    "a nested FLAT parallel": async (child) => (await child.parallel("inner", [async () => 1], { nesting: "FLAT" })).getResults(),
  };
  for (const [name, racer] of Object.entries(racers))
    it(`item 0 awaits ${name}, item 1 returns after k awaits (k = 0…40), NESTED and FLAT`, async () => {
      for (const nesting of NESTINGS)
        for (let k = 0; k <= 40; k += 1) {
          const handler: Handler = async (_event, ctx) =>
            viewBatch(
              await ctx.map("race", [0, 1], async (child: any, n: number) => (n === 0 ? racer(child) : turns(k).then(() => `after ${k}`)), {
                nesting,
                completionConfig: { minSuccessful: 1 },
              }),
            );
          await sideBySide(handler, `${nesting} k=${k}`);
        }
    });

  it("a FLAT item re-run in a later invocation races an item that replays its wait and fails (fail fast)", async () => {
    // FLAT items have no record of their own: item 1 runs again in the second invocation, while item 0
    // replays its wait and throws. Whether item 1 is SUCCEEDED or STARTED in the stored result depends
    // on the turns each takes.
    for (let k = 0; k <= 24; k++) {
      const handler: Handler = async (_event, ctx) =>
        viewBatch(
          await ctx.parallel(
            "replayed",
            [
              async (child: any) => {
                await child.wait({ seconds: 1 });
                await turns(2);
                throw new Error("after the wait");
              },
              async () => {
                await turns(k);
                return `after ${k}`;
              },
            ],
            { nesting: "FLAT" },
          ),
        );
      await sideBySide(handler, `k=${k}`);
    }
  });

  it("a nested batch's result reaches an enclosing item as late as on the reference", async () => {
    // Item 0 returns right after its nested map; item 1 starts a step after k awaits. Which of the two
    // is first decides the order of the updates in the call (the nested map SUCCEED, item 0's SUCCEED,
    // item 1's step).
    for (const nesting of NESTINGS)
      for (let k = 0; k <= 40; k++) {
        const handler: Handler = async (_event, ctx) =>
          viewBatch(
            await ctx.map("outer", [0, 1], async (child: any, n: number) => {
              if (n === 0) return (await child.map("inner", [1], async (_c: any, x: number) => x, { nesting })).getResults();
              await turns(k);
              return child.runInChildContext("late", async () => k);
            }),
          );
        await sideBySide(handler, `${nesting} k=${k}`);
      }
  });
});

describe("which checkpoint call an outcome passed on late rides", () => {
  /** The updates of each checkpoint call that carried any, as `Id Action` (the EXECUTION update's Id left out). */
  const calls = (run: RunResult) =>
    run.service.calls.filter((call) => call.updates.length > 0).map((call) => call.updates.map((u) => `${u.Type === "EXECUTION" ? "EXECUTION" : u.Id} ${u.Action}`));

  it("a batch that completes early sends its own SUCCEED in the call with the item that completed it, as the reference", async () => {
    // Item 1 ends at once and satisfies minSuccessful; the batch's SUCCEED follows after the turns its
    // result takes to reach the batch (CHILD_RESULT_TURNS and the item wrapper, then the decision),
    // which the checkpoint queue must not count as the quiet turns that end a burst. Item 0 keeps a
    // wait open, so the run suspends after the call.
    for (const method of ["map", "parallel"] as const)
      for (const nesting of NESTINGS) {
        const item = async (child: any, n: number) => (n === 0 ? child.wait({ seconds: 2 }) : n);
        const config = { nesting, completionConfig: { minSuccessful: 1 } };
        const handler: Handler = async (_event, ctx) =>
          viewBatch(
            method === "map"
              ? await ctx.map("m", [0, 1], item, config)
              : await ctx.parallel("p", [(child: any) => item(child, 0), (child: any) => item(child, 1)], config),
          );
        const mine = await sideBySide(handler, `${method} ${nesting}`);
        const theirs = await runToCompletion(reference(handler), {});
        expect(calls(mine), `${method} ${nesting}`).toEqual(calls(theirs));
      }
  });
});
