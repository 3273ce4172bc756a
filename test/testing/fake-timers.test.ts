/**
 * The runner with the test's own fake timers installed (`vi.useFakeTimers()`): the runner, the
 * local service and the SDK's checkpointing keep real time, so runs finish; the handler's own
 * `Date.now()` sees the fake clock, as the test intended.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { withDurableExecution, type DurableContext } from "../../src/index.js";
import { LocalDurableTestRunner } from "../../src/testing.js";
import { realNow, realSetTimeout } from "../../src/runtime/real-timers.js";

const durable = <I = any, O = unknown>(fn: (event: I, context: DurableContext) => Promise<O>) => withDurableExecution(fn as never);
const FAKE_NOW = Date.UTC(2001, 0, 2, 3, 4, 5);

afterEach(async () => {
  vi.useRealTimers();
  await LocalDurableTestRunner.teardownTestEnvironment();
});

/** A step, an hour's wait, a step that fails once, and a callback the test completes. */
let attempts = 0;
const workflow = durable(async (_event, context) => {
  const seen = await context.step("read-clock", async () => Date.now());
  await context.wait("nap", { hours: 1 });
  const retried = await context.step(
    "flaky",
    async () => {
      attempts++;
      if (attempts === 1) throw new Error("first attempt fails");
      return attempts;
    },
    { retryStrategy: (_error, attempt) => (attempt < 3 ? { shouldRetry: true, delay: { seconds: 5 } } : { shouldRetry: false }) },
  );
  const [result] = await context.createCallback("approval", { timeout: { minutes: 5 } });
  return { seen, retried, approval: JSON.parse(await result) };
});

describe("with vi.useFakeTimers() installed", () => {
  it("the real-timer module still holds real functions", () => {
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_NOW);
    expect(Date.now()).toBe(FAKE_NOW);
    expect(realNow()).toBeGreaterThan(FAKE_NOW + 10 * 365 * 86_400_000);
    return new Promise<void>((resolve) => realSetTimeout(resolve, 1));
  });

  it("finds the real functions when the fakes were installed before the module loaded", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_NOW);
    vi.resetModules();
    const fresh = await import("../../src/runtime/real-timers.js");
    expect(fresh.realNow).not.toBe(realNow);
    expect(fresh.realNow()).toBeGreaterThan(FAKE_NOW + 10 * 365 * 86_400_000);
    expect(fresh.realPerformance.now()).toBeGreaterThan(0);
    await fresh.realDelay(5);
    await fresh.realYield();
  });

  it("skipTime: a run with a step, a wait, a retry and a callback completes; the handler sees the fake clock", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_NOW);
    const runner = new LocalDurableTestRunner({ handlerFunction: workflow });
    const execution = runner.run();
    const callback = runner.getOperation("approval");
    await callback.waitForData();
    await callback.sendCallbackSuccess(JSON.stringify("ok"));
    const result = await execution;
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ seen: FAKE_NOW, retried: 2, approval: "ok" });
    // The service's timestamps are on its own (virtual, real-based) clock, not the test's fake one.
    const nap = runner.getOperation("nap");
    const start = nap.getStartTimestamp()!.getTime();
    expect(start).toBeGreaterThan(FAKE_NOW + 10 * 365 * 86_400_000);
    // The hour was skipped; the handler's own work between the wait's start and end takes real milliseconds.
    const took = nap.getEndTimestamp()!.getTime() - start;
    expect(took).toBeGreaterThanOrEqual(3_600_000);
    expect(took).toBeLessThan(3_601_000);
    expect(Date.now()).toBe(FAKE_NOW); // the test's fake clock was not moved by the run
  });

  it("real time: a run with a one-second wait completes without advancing the fake clock", async () => {
    const handler = durable(async (_event, context) => {
      const before = await context.step("before", async () => Date.now());
      await context.wait("second", { seconds: 1 });
      return { before, after: await context.step("after", async () => Date.now()) };
    });
    vi.useFakeTimers();
    vi.setSystemTime(FAKE_NOW);
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run();
    expect(result.getResult()).toEqual({ before: FAKE_NOW, after: FAKE_NOW });
    const wait = runner.getOperation("second");
    expect(wait.getEndTimestamp()!.getTime() - wait.getStartTimestamp()!.getTime()).toBeGreaterThanOrEqual(1_000);
  });

  it("the handler's own timers stay fake: a handler that awaits a fake setTimeout finishes once the test advances it", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    vi.useFakeTimers();
    const handler = durable(async (_event, context) =>
      context.step("sleepy", () => new Promise<string>((resolve) => setTimeout(() => resolve("woke"), 60_000))),
    );
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const execution = runner.run();
    await runner.getOperation("sleepy").waitForData();
    await vi.advanceTimersByTimeAsync(60_000);
    const result = await execution;
    expect(result.getResult()).toBe("woke");
  });
});
