/**
 * When the checkpoint queue sends a call (src/runtime/checkpoint/checkpoint-manager.ts, `#settle`): once
 * the burst of code that queued the updates has gone QUIET_TURNS microtask turns without queueing more.
 * Operations started together share a call, as they do on the reference (which sends once per event-loop
 * turn); a step whose body returns without waiting sends START and its result in one call; and the call
 * needs no timer, so a test's fake `process.nextTick` or `setImmediate` cannot hold it back.
 */
import { describe, expect, it } from "vitest";
import { QUIET_TURNS } from "../../src/runtime/checkpoint/checkpoint-manager.js";
import { FakeDurableService, lambdaContext, runToCompletion, type RunResult } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Handler = (event: unknown, ctx: any) => Promise<unknown>;

/** `n` plain microtask turns of the caller's own code (no SDK call in between). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await null;
};

/** Each call's updates as `Type:Action`, calls with no updates (polls) left out. */
const callShapes = (run: RunResult): string[][] =>
  run.service.calls.filter((call) => call.updates.length > 0).map((call) => call.updates.map((u) => `${u.Type}:${u.Action}`));

async function bothSdks(handler: Handler): Promise<{ mine: string[][]; theirs: string[][] }> {
  const mine = await runToCompletion(ours(handler), {});
  const theirs = await runToCompletion(reference(handler), {});
  expect(mine.last.Status).toBe("SUCCEEDED");
  expect(theirs.last.Status).toBe("SUCCEEDED");
  return { mine: callShapes(mine), theirs: callShapes(theirs) };
}

describe("checkpoint call batching", () => {
  it("a step whose body returns without waiting sends START and SUCCEED in one call, sync or async body, as the reference does", async () => {
    for (const body of [(i: number) => () => i, (i: number) => async () => i]) {
      const { mine, theirs } = await bothSdks(async (_e, ctx) => {
        for (let i = 0; i < 3; i++) await ctx.step(body(i));
      });
      expect(mine).toEqual(Array.from({ length: 3 }, () => ["STEP:START", "STEP:SUCCEED"]));
      expect(mine).toEqual(theirs);
    }
  });

  const together: Record<string, Handler> = {
    "steps started together": async (_e, ctx) => Promise.all([1, 2, 3].map((i) => ctx.step(async () => i))),
    "steps started together whose bodies take different numbers of turns": async (_e, ctx) =>
      Promise.all([1, 2, 3].map((i) => ctx.step(async () => (await turns(i * 3), i)))),
    "steps each started a few turns after the last": async (_e, ctx) =>
      Promise.all([1, 2, 3].map(async (i) => (await turns(i), ctx.step(async () => i)))),
    "a step and a wait started together": async (_e, ctx) => Promise.all([ctx.step(async () => 1), ctx.wait({ seconds: 1 })]),
    "parallel branches": async (_e, ctx) => ctx.parallel([1, 2, 3].map((i) => async (child: any) => child.step(async () => i))),
    "map items": async (_e, ctx) => ctx.map([1, 2, 3, 4], async (child: any, x: number) => child.step(async () => x * 2)),
    "a map inside a parallel branch (contexts finishing together)": async (_e, ctx) =>
      ctx.parallel([async (branch: any) => branch.map([1, 2, 3], async (item: any, x: number) => item.step(async () => x)), async (branch: any) => branch.step(async () => 4)]),
    "a child context's steps": async (_e, ctx) =>
      ctx.runInChildContext("c", async (child: any) => {
        await child.step(async () => 1);
        return child.step(async () => 2);
      }),
  };
  for (const [name, handler] of Object.entries(together)) {
    it(`${name}: the same calls as the reference`, async () => {
      const { mine, theirs } = await bothSdks(handler);
      // Same calls, each with the same updates; within a call the order may differ where the reference
      // queues a body's result later than ours (both orders are valid for the service).
      expect(mine.map((call) => [...call].sort())).toEqual(theirs.map((call) => [...call].sort()));
    });
  }

  it("three steps started together share the first call", async () => {
    const { mine } = await bothSdks(together["steps started together"]!);
    expect(mine[0]).toEqual(["STEP:START", "STEP:START", "STEP:START", "STEP:SUCCEED", "STEP:SUCCEED", "STEP:SUCCEED"]);
  });

  it("a step started after the burst went quiet rides the next call (the reference, sending once per turn, takes it along)", async () => {
    // The second step starts long after the first one's updates: QUIET_TURNS quiet turns have passed
    // and the call with the first step is out. Documented in docs/guide/internals-replay.md.
    const late: Handler = async (_e, ctx) => Promise.all([ctx.step(async () => 1), turns(QUIET_TURNS * 4).then(() => ctx.step(async () => 2))]);
    const { mine, theirs } = await bothSdks(late);
    expect(mine).toEqual([
      ["STEP:START", "STEP:SUCCEED"],
      ["STEP:START", "STEP:SUCCEED"],
    ]);
    expect(theirs).toEqual([["STEP:START", "STEP:SUCCEED", "STEP:START", "STEP:SUCCEED"]]);
  });

  it("the call goes out with process.nextTick and setImmediate faked: it waits on microtasks only", async () => {
    const service = new FakeDurableService({});
    const sent: string[] = [];
    const original = service.client.checkpoint;
    service.client.checkpoint = (params) => {
      sent.push(params.Updates?.map((u) => u.Action).join() ?? "");
      return original(params);
    };
    const sdk = ours(async (_e, ctx) => ctx.step(() => 42));
    // Fakes as a test's fake timers install them: callbacks are held until the test lets them run.
    const held: (() => void)[] = [];
    const realNextTick = process.nextTick;
    const realSetImmediate = globalThis.setImmediate;
    process.nextTick = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => void held.push(() => callback(...args))) as typeof process.nextTick;
    globalThis.setImmediate = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
      held.push(() => callback(...args));
      return { ref: () => undefined, unref: () => undefined, hasRef: () => false } as unknown as NodeJS.Immediate;
    }) as typeof setImmediate;
    let output: ReturnType<typeof sdk.handler>;
    try {
      output = sdk.handler(service.event(sdk), lambdaContext);
      await turns(QUIET_TURNS * 10);
      expect(sent).toEqual(["START,SUCCEED"]);
    } finally {
      process.nextTick = realNextTick;
      globalThis.setImmediate = realSetImmediate;
      for (const run of held.splice(0)) run();
    }
    expect((await output!).Status).toBe("SUCCEEDED");
  });
});
