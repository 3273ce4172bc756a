/**
 * `afterMicrotasks` (src/runtime/real-timers.ts), which the checkpoint queue uses to send a call once the
 * burst of code that queued its updates is over: the callback runs after every promise continuation that
 * burst set off, before the next event-loop turn, and keeps working when a test fakes `process.nextTick`.
 */
import { describe, expect, it } from "vitest";
import { afterMicrotasks, realSetImmediate } from "../../src/runtime/real-timers.js";

/** A fake `process.nextTick` carrying `marks`, which swallows the calls made from real-timers.ts and forwards the rest. */
function fakeNextTick(original: typeof process.nextTick, marks: object): { fake: typeof process.nextTick; swallowed: () => number } {
  let swallowed = 0;
  const fake = (callback: (...args: unknown[]) => void, ...args: unknown[]): void => {
    if (/real-timers\.[jt]s/.test(new Error().stack ?? "")) swallowed++;
    else original(callback, ...args);
  };
  return { fake: Object.assign(fake, marks) as never, swallowed: () => swallowed };
}

describe("afterMicrotasks", () => {
  it("runs after a long chain of promise continuations, before the next event-loop turn", async () => {
    const seen: string[] = [];
    const schedule = afterMicrotasks(() => seen.push("callback"));
    realSetImmediate(() => seen.push("next turn"));
    schedule();
    // Twenty continuations, each queued by the previous one: all of them run before the callback.
    let chain: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < 20; i++) chain = chain.then(() => seen.push(`continuation ${i}`));
    await new Promise((resolve) => realSetImmediate(resolve));
    expect(seen).toEqual([...Array.from({ length: 20 }, (_, i) => `continuation ${i}`), "callback", "next turn"]);
  });

  it("runs once per call", async () => {
    let runs = 0;
    const schedule = afterMicrotasks(() => runs++);
    schedule();
    schedule();
    await new Promise((resolve) => realSetImmediate(resolve));
    expect(runs).toBe(2);
  });

  // Fakes as @sinonjs/fake-timers (Vitest's and Jest's) install them: the fake hangs its clock on the
  // function and the clock keeps the original as `_nextTick`. Vitest cannot fake nextTick in this pool,
  // so the test installs such a fake itself. The fake swallows what the scheduler (real-timers.ts) gives
  // it and passes every other caller's callback on to the real nextTick: the test worker's own traffic
  // (Vitest's reporting channel) uses nextTick too, and swallowing that would count calls that are not
  // the scheduler's and could stall the worker.
  it("uses the original nextTick when a fake was installed before the scheduler was made", async () => {
    const original = process.nextTick;
    const { fake, swallowed } = fakeNextTick(original, { clock: { _nextTick: original } });
    process.nextTick = fake;
    let ran = false;
    try {
      afterMicrotasks(() => (ran = true))();
      await new Promise((resolve) => realSetImmediate(resolve));
    } finally {
      process.nextTick = original;
    }
    expect(swallowed()).toBe(0);
    expect(ran).toBe(true);
  });

  it("falls back to a real setImmediate when nextTick is a mock with no original (Jest's legacy fake timers)", async () => {
    const original = process.nextTick;
    const { fake, swallowed } = fakeNextTick(original, { _isMockFunction: true });
    process.nextTick = fake;
    let ran = false;
    try {
      afterMicrotasks(() => (ran = true))();
      await new Promise((resolve) => realSetImmediate(resolve));
      await new Promise((resolve) => realSetImmediate(resolve));
    } finally {
      process.nextTick = original;
    }
    expect(swallowed()).toBe(0);
    expect(ran).toBe(true);
  });
});
