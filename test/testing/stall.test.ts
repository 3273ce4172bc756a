/**
 * The stall watch (src/testing/stall-watch.ts): an invocation that stays alive with no progress and
 * nothing pending — the handler awaits a promise that never settles — ends the run with an
 * InvocationStalledError after setupTestEnvironment's stallTimeout (default 3 s of real time),
 * instead of waiting for Lambda's 15-minute invocation timeout. A step body that runs long (its work
 * is pending) and a long synchronous computation (the thread is busy) are no stall. The reference
 * runner's behaviour (run() never settles) is pinned in runner-edges.reference.test.ts.
 */
import { afterAll, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableContext } from "../../src/index.js";
import { DurableTestRunnerError, InvocationStalledError, LocalDurableTestRunner, TestRunnerUsageError } from "../../src/testing.js";

afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

const durable = (fn: (event: unknown, context: DurableContext) => Promise<unknown>) => withDurableExecution(fn as never);
const never = () => new Promise<never>(() => undefined);
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** run()'s outcome, and the real time it took. */
async function timedRun(runner: LocalDurableTestRunner): Promise<{ ms: number; status?: string; result?: unknown; error?: unknown }> {
  const started = Date.now();
  try {
    const result = await runner.run();
    return { ms: Date.now() - started, status: result.getStatus(), result: result.getStatus() === "SUCCEEDED" ? result.getResult() : undefined };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

for (const skipTime of [true, false]) {
  describe(`skipTime: ${skipTime}`, () => {
    it("a handler awaiting a promise that never settles, after a step: run() rejects after stallTimeout naming the cause and the last operation", async () => {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime, stallTimeout: 400 });
      const runner = new LocalDurableTestRunner({
        handlerFunction: durable(async (_event, context) => {
          await context.step("load", async () => 1);
          return never();
        }),
      });
      const { ms, error } = await timedRun(runner);
      expect(error).toBeInstanceOf(InvocationStalledError);
      expect(error).toBeInstanceOf(DurableTestRunnerError);
      expect((error as InvocationStalledError).functionName).toBe("durable-test-function");
      expect((error as Error).message).toMatch(
        /^run\(\): the handler under test stalled: its invocation is still running but has made no progress for \d+\.\d s \(no checkpoint; no step running; no wait, retry, callback or invoke pending; no socket, file, DNS or child-process request, timer or immediate of its own open\); the last operation it reached is "load" \(STEP SUCCEEDED\)\. It is awaiting a promise that never settles .*Make that promise settle, or give it longer with LocalDurableTestRunner\.setupTestEnvironment\(\{ stallTimeout: ms \}\)$/,
      );
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThan(5_000);
    });
  });
}

describe("what is no stall", () => {
  it("a step body that takes longer than stallTimeout (its STEP is STARTED: the body is pending work)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 200 });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => context.step("slow", async () => realDelay(900).then(() => "done"))),
    });
    expect(await timedRun(runner)).toMatchObject({ status: "SUCCEEDED", result: "done" });
  });

  it("a synchronous computation longer than stallTimeout outside any step (the thread is busy, not waiting)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 200 });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.step("first", async () => 1);
        await realDelay(100); // the watch sees the step's checkpoint: no progress from here on
        await new Promise((resolve) => setImmediate(resolve));
        const until = Date.now() + 900;
        while (Date.now() < until);
        // A timer before the next checkpoint: the watch's overdue timer runs first.
        await realDelay(0);
        return context.step("second", async () => 2);
      }),
    });
    expect(await timedRun(runner)).toMatchObject({ status: "SUCCEEDED", result: 2 });
  });

  it("stallTimeout: Infinity turns the check off (the run stays pending)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: Number.POSITIVE_INFINITY });
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async () => never()) });
    const settled = await Promise.race([runner.run().then(() => "resolved", () => "rejected"), realDelay(1_000).then(() => "pending")]);
    expect(settled).toBe("pending");
    await LocalDurableTestRunner.teardownTestEnvironment();
  });
});

describe("the default and the option", () => {
  it("by default (no stallTimeout) a handler that never settles before its first operation is stopped after about 3 s", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const { ms, error } = await timedRun(new LocalDurableTestRunner({ handlerFunction: durable(async () => never()) }));
    expect(error).toBeInstanceOf(InvocationStalledError);
    expect((error as Error).message).toContain("; it has not reached any operation. It is awaiting a promise that never settles");
    expect(ms).toBeGreaterThanOrEqual(3_000);
    expect(ms).toBeLessThan(8_000);
  });

  it("a registered durable function that stalls is named; the parent's pending invoke does not hide it", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 300 });
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async (_event, context) => context.invoke("child", "child-fn", {})) });
    runner.registerDurableFunction("child-fn", durable(async () => never()));
    const { error } = await timedRun(runner);
    expect(error).toBeInstanceOf(InvocationStalledError);
    expect((error as InvocationStalledError).functionName).toBe("child-fn");
    expect((error as Error).message).toMatch(/^run\(\): the durable function "child-fn" stalled: /);
  });

  it("stallTimeout that is not a positive number is refused naming the option", async () => {
    for (const bad of [0, -1, "1000", Number.NaN, null]) {
      await expect(LocalDurableTestRunner.setupTestEnvironment({ stallTimeout: bad as never })).rejects.toThrow(
        new TestRunnerUsageError(
          `setupTestEnvironment(params): stallTimeout must be a positive number of milliseconds, or Infinity to turn the check off (received ${bad === null ? "null" : typeof bad === "string" ? `"${bad}"` : `number ${bad}`})`,
        ),
      );
    }
  });
});
