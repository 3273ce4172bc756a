/**
 * run({ crashEverywhere }): a correct handler passes every cut; handlers with planted bugs
 * (non-deterministic branching, a side effect outside a step, an at-least-once assumption) are
 * caught, and the error names the cut point and the difference.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { StepSemantics, withDurableExecution, type DurableContext } from "../../src/index.js";
import {
  CrashEverywhereError,
  LocalDurableTestRunner,
  TestRunnerUsageError,
  type CrashEverywhereReport,
} from "../../src/testing.js";

beforeEach(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

const durable = <I = any, O = unknown>(fn: (event: I, context: DurableContext) => Promise<O>) => withDurableExecution(fn as never);
/** Resolves after `n` turns of the event loop (setImmediate callbacks run in order; no clock involved). */
async function eventLoopTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function crashError(promise: Promise<unknown>): Promise<CrashEverywhereError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CrashEverywhereError);
  return error as CrashEverywhereError;
}

describe("crashEverywhere: a correct handler", () => {
  it("passes every cut (steps, a wait, a child context, parallel, a callback) and reports the cuts it made", async () => {
    let bodyRuns = 0;
    const handler = durable(async (event: { n: number }, context) => {
      const doubled = await context.step("double", async () => {
        bodyRuns++;
        return event.n * 2;
      });
      await context.wait("pause", { seconds: 30 });
      const child = await context.runInChildContext("child", async (inner) => {
        const a = await inner.step("a", async () => "A");
        return `${a}${await inner.step("b", async () => "B")}`;
      });
      const [approval] = await context.createCallback<string>("approval", { timeout: { minutes: 5 } });
      const approved = await approval;
      const branches = await context.parallel("fan", [
        async (inner) => inner.step("left", async () => 1),
        async (inner) => inner.step("right", async () => 2),
      ]);
      return { doubled, child, approved, sum: branches.getResults().reduce((x: number, y: number) => x + y, 0) };
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    let report: CrashEverywhereReport | undefined;
    const running = runner.run({ payload: { n: 21 }, crashEverywhere: { onReport: (r) => (report = r) } });
    const callback = runner.getOperation("approval");
    await callback.waitForData();
    await callback.sendCallbackSuccess("yes");
    const result = await running;

    expect(result.getResult()).toEqual({ doubled: 42, child: "AB", approved: "yes", sum: 3 });
    expect(report).toBeDefined();
    expect(report!.failures).toEqual([]);
    expect(report!.checkpoints).toBeGreaterThanOrEqual(6);
    expect(report!.cutRuns).toBe(report!.checkpoints * 2);
    // The baseline ran the body once; every cut run ran it at least once more.
    expect(bodyRuns).toBeGreaterThan(report!.cutRuns);
  });

  it("passes with an at-most-once step listed in atMostOnce: its body never runs twice for one attempt", async () => {
    const runs = new Map<number, number>();
    let round = 0;
    const handler = durable(async (_event, context) => {
      const charged = await context.step(
        "charge",
        async () => {
          runs.set(round, (runs.get(round) ?? 0) + 1);
          await eventLoopTurns(3);
          return "charged";
        },
        { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) },
      );
      return charged;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    let report: CrashEverywhereReport | undefined;
    // A cut between START and SUCCEED fails the step with StepInterruptedError: the execution then
    // ends FAILED, unlike the baseline, so this handler is caught for that difference only.
    const error = await crashError(
      runner.run({ crashEverywhere: { atMostOnce: ["charge"], beforeRun: () => void round++, onReport: (r) => (report = r) } }),
    );
    expect(report).toBeUndefined();
    expect(error.report.reExecutedSteps).toEqual([]);
    for (const failure of error.report.failures) {
      expect(failure.differences.join("\n")).toMatch(/status: expected SUCCEEDED, found FAILED \(StepInterruptedError|StepError/);
    }
    for (const count of runs.values()) expect(count).toBeLessThanOrEqual(1);
  });
});

describe("crashEverywhere: planted bugs are caught", () => {
  it("non-deterministic branching (a module-level counter outside a step) — the diff names the cut and the operations", async () => {
    let invocations = 0;
    const handler = durable(async (_event, context) => {
      invocations++;
      await context.step("first", async () => 1);
      if (invocations === 1) await context.step("happy-path", async () => "a");
      else await context.step("other-path", async () => "b");
      return "done";
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const error = await crashError(runner.run({ crashEverywhere: { beforeRun: () => void (invocations = 0) } }));
    expect(error.report.failures.length).toBeGreaterThan(0);
    const first = error.report.failures[0]!;
    expect(first.cut.checkpoint).toBe(1);
    expect(first.cut.updates.join(" ")).toContain('STEP "first" SUCCEED');
    expect(error.message).toContain("cut at checkpoint #1 of");
    expect(error.message).toMatch(/expected STEP "happy-path"[^\n]*, found STEP "other-path"|status: expected SUCCEEDED, found FAILED/);
  });

  it("a side effect outside a step shows up in the result", async () => {
    const sent: string[] = [];
    const handler = durable(async (_event, context) => {
      sent.push("welcome-email"); // planted bug: runs again on every replay
      await context.step("save", async () => "saved");
      return context.step("count", async () => sent.length);
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const error = await crashError(runner.run({ crashEverywhere: { beforeRun: () => void sent.splice(0) } }));
    expect(error.message).toMatch(/result: expected 1, found 2/);
    expect(error.report.failures.every((failure) => failure.differences.some((line) => line.startsWith("result:")))).toBe(true);
  });

  it("an at-least-once assumption: a default step's body runs twice after a cut, caught by atMostOnce and by the result", async () => {
    const ledger: string[] = [];
    const handler = durable(async (_event, context) => {
      const balance = await context.step("charge", async () => {
        await eventLoopTurns(3); // spans enough event-loop turns that START goes out alone
        ledger.push("charge");
        return ledger.length;
      });
      await context.step("receipt", async () => "sent");
      return balance;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const error = await crashError(runner.run({ crashEverywhere: { atMostOnce: ["charge"], beforeRun: () => void ledger.splice(0) } }));
    const reRun = error.report.reExecutedSteps.find((step) => step.name === "charge");
    expect(reRun).toMatchObject({ name: "charge", attempt: 1, runs: 2 });
    expect(error.message).toMatch(/step "charge" ran its body 2 times in attempt 1/);
    expect(error.message).toMatch(/result: expected 1, found 2/);
  });

  it("without atMostOnce a re-run body is only reported, so an idempotent at-least-once step passes", async () => {
    const handler = durable(async (_event, context) => {
      const value = await context.step("idempotent", async () => {
        // The SDK sends a fast body's START and SUCCEED in one call (it lets fire-and-forget updates wait
        // one event-loop turn). Spanning three turns makes START its own checkpoint, so one cut falls
        // between START and SUCCEED and re-runs the body — by event-loop order, not by elapsed time.
        await eventLoopTurns(3);
        return "same";
      });
      return value;
    });
    let report: CrashEverywhereReport | undefined;
    await new LocalDurableTestRunner({ handlerFunction: handler }).run({ crashEverywhere: { onReport: (r) => (report = r) } });
    expect(report!.failures).toEqual([]);
    expect(report!.reExecutedSteps.map((step) => step.name)).toContain("idempotent");
  });
});

describe("crashEverywhere: bad options are typed errors naming the field", () => {
  const handler = durable(async (_event, context) => context.step("x", async () => 1));
  it.each([
    [{ cuts: ["sometimes"] }, /cuts must be a non-empty array of "response-lost" and\/or "request-lost" \(received an array of 1\)/],
    [{ cuts: ["response-lost", "never"] }, /\(received an array of 2\)/],
    [{ atMostOnce: "charge" }, /atMostOnce must be true, false or an array of step names \(received "charge"\)/],
    [{ beforeRun: 3 }, /beforeRun must be a function/],
    [{ maxCheckpoints: 0 }, /maxCheckpoints must be a positive whole number/],
    [{ speed: 1 }, /unknown option "speed"/],
    ["yes", /crashEverywhere must be true or/],
  ])("%j", async (option, message) => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    await expect(runner.run({ crashEverywhere: option as never })).rejects.toThrow(TestRunnerUsageError);
    await expect(runner.run({ crashEverywhere: option as never })).rejects.toThrow(message);
  });

  it("maxCheckpoints below the run's checkpoint count is refused", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    await expect(runner.run({ crashEverywhere: { maxCheckpoints: 1 } })).resolves.toBeDefined();
    const two = durable(async (_event, context) => {
      await context.step("a", async () => 1);
      await context.wait("w", { seconds: 1 });
      return context.step("b", async () => 2);
    });
    await expect(new LocalDurableTestRunner({ handlerFunction: two }).run({ crashEverywhere: { maxCheckpoints: 1 } })).rejects.toThrow(
      /made \d+ checkpoint calls, more than maxCheckpoints \(1\)/,
    );
  });
});
