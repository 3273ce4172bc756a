/**
 * Our LocalDurableTestRunner beyond the reference-shaped usage (runner-compat.*): the virtual
 * clock rule (time moves only while the test waits for the execution), waitForData semantics,
 * chained invokes, real time and checkpointDelay, teardown, and typed errors for bad input.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { withDurableExecution, type DurableContext } from "../../src/index.js";
import {
  LocalDurableTestRunner,
  OperationNotFoundError,
  OperationTypeMismatchError,
  TestRunnerUsageError,
  WaitingOperationStatus,
} from "../../src/testing.js";

beforeEach(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

const durable = <I = any, O = unknown>(fn: (event: I, context: DurableContext) => Promise<O>) => withDurableExecution(fn as never);
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const elapsed = (op: { getStartTimestamp(): Date | undefined; getEndTimestamp(): Date | undefined }) =>
  op.getEndTimestamp()!.getTime() - op.getStartTimestamp()!.getTime();
/** Skipped time plus the little real time the handler and the test took (time runs at real speed meanwhile). */
const expectSkipped = (actual: number, skipped: number) => {
  expect(actual).toBeGreaterThanOrEqual(skipped);
  expect(actual).toBeLessThan(skipped + 1000);
};

/** A callback with a 1-minute timeout whose outcome the handler returns. */
const approval = durable(async (_event, context) => {
  const [result] = await context.createCallback("approval", { timeout: { minutes: 1 } });
  try {
    return { approved: JSON.parse(await result) };
  } catch (error) {
    return { failed: (error as Error).message };
  }
});

describe("the virtual clock rule", () => {
  it("does not skip to a callback's timeout while the test holds run()'s promise and is busy elsewhere (time runs at real speed)", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approval });
    const execution = runner.run();
    const callback = runner.getOperation("approval");
    await callback.waitForData();
    // Real time passes in the test, and on the clock at the same speed: the 1-minute timeout is far away.
    await realDelay(30);
    expect(callback.getStatus()).toBe("STARTED");
    await callback.sendCallbackSuccess(JSON.stringify("yes"));
    const result = await execution;
    expect(result.getResult()).toEqual({ approved: "yes" });
    expect(elapsed(callback)).toBeGreaterThanOrEqual(25);
    expect(elapsed(callback)).toBeLessThan(60_000);
  });

  it("moves on to the timeout once the test awaits the run", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approval });
    const result = await runner.run();
    expect(result.getResult()).toEqual({ failed: "Callback timed out" });
    const callback = runner.getOperation("approval");
    expect(callback.getStatus()).toBe("TIMED_OUT");
    expect(elapsed(callback)).toBe(60_000);
  });

  it("skipTime(ms) moves the clock while the test holds the run: a send after 30 s, a timeout after 61 s", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approval });
    const first = runner.run();
    const callback = runner.getOperation("approval");
    await callback.waitForData();
    await runner.skipTime(30_000);
    expect(callback.getStatus()).toBe("STARTED");
    await callback.sendCallbackSuccess(JSON.stringify("late but fine"));
    expect((await first).getResult()).toEqual({ approved: "late but fine" });
    expectSkipped(elapsed(callback), 30_000);

    runner.reset();
    const second = runner.run();
    const again = runner.getOperation("approval");
    await again.waitForData();
    await runner.skipTime(61_000);
    expect(again.getStatus()).toBe("TIMED_OUT");
    await expect(again.sendCallbackSuccess('"too late"')).rejects.toThrow(/already closed/);
    expect((await second).getResult()).toEqual({ failed: "Callback timed out" });
  });

  it("advances while the test awaits an unsatisfied waitForData, and keeps a wait STARTED while the test inspects it", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.wait("nap", { hours: 1 });
        return context.step("after", async () => "awake");
      }),
    });
    const execution = runner.run();
    const nap = runner.getOperation("nap");
    await nap.waitForData(WaitingOperationStatus.STARTED);
    expect(nap.getStatus()).toBe("STARTED");
    await nap.waitForData(WaitingOperationStatus.COMPLETED);
    expect(nap.getStatus()).toBe("SUCCEEDED");
    expect(nap.getWaitDetails()?.waitSeconds).toBe(3600);
    expectSkipped(elapsed(nap), 3_600_000);
    const result = await execution;
    expect(result.getResult()).toBe("awake");
    expect(result.getInvocations()).toHaveLength(2);
  });

  it("runs a callback completed from code chained on waitForData before moving time (Promise.all style)", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approval });
    const callback = runner.getOperation("approval");
    const [result] = await Promise.all([
      runner.run(),
      callback.waitForData().then((op) => op.sendCallbackSuccess(JSON.stringify("from the chain"))),
    ]);
    expect(result.getResult()).toEqual({ approved: "from the chain" });
  });

  it("retries and long waits take no real time and keep their virtual durations", async () => {
    let attempts = 0;
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        const value = await context.step(
          "flaky",
          async () => {
            if (++attempts < 3) throw new Error("not yet");
            return attempts;
          },
          { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { minutes: 10 } }) },
        );
        await context.wait("overnight", { hours: 12 });
        return value;
      }),
    });
    const result = await runner.run();
    expect(result.getResult()).toBe(3);
    const flaky = runner.getOperation("flaky");
    expect(flaky.getStepDetails()?.attempt).toBe(3);
    expectSkipped(elapsed(flaky), 20 * 60_000);
    expectSkipped(elapsed(runner.getOperation("overnight")), 12 * 3_600_000);
  });
});

describe("timers falling due during an invocation after time was skipped", () => {
  it("waits inside a busy parallel complete in that invocation even an hour of skipped time later", async () => {
    let endWaiting!: () => void;
    const waited = new Promise<void>((resolve) => (endWaiting = resolve));
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.wait("first", { hours: 1 });
        const batch = await context.parallel([
          // Busy until the waiting branch is done (a fixed 2.5 s left the two 1 s waits about 0.4 s to
          // spare, which a loaded machine can use up); capped so that waits that never end in this
          // invocation give a second invocation, not a hang.
          async (child) =>
            child.step("busy", async () => {
              let cap: ReturnType<typeof setTimeout> | undefined;
              await Promise.race([waited, new Promise<void>((resolve) => (cap = setTimeout(resolve, 20_000)))]).finally(() => clearTimeout(cap));
              return "busy";
            }),
          async (child) => {
            // Nothing else checkpoints meanwhile: only the handler's own polling can see these end.
            await child.wait("short", { seconds: 1 });
            await child.wait("short-again", { seconds: 1 });
            endWaiting();
            return "waited";
          },
        ]);
        return batch.getResults();
      }),
    });
    const result = await runner.run();
    expect(result.getResult()).toEqual(["busy", "waited"]);
    // Invocation 1 suspends on the hour; invocation 2 runs the parallel to its end: the handler, whose
    // Date.now() is real, saw the short waits' end times in its own time base and polled for them.
    expect(result.getInvocations()).toHaveLength(2);
    expectSkipped(elapsed(runner.getOperation("first")), 3_600_000);
    expectSkipped(elapsed(runner.getOperation("short")), 1000);
  });
});

describe("outcomes the reference rejects run() for", () => {
  it("a handler that throws outside the SDK gives a FAILED result with its error", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: async () => {
        throw new TypeError("not a durable handler");
      },
    });
    const result = await runner.run();
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError()).toMatchObject({ errorType: "TypeError", errorMessage: "not a durable handler" });
    expect(result.getInvocations().map((invocation) => invocation.error?.errorMessage)).toEqual([
      "not a durable handler",
      "not a durable handler",
      "not a durable handler",
    ]);
  });

  it("waits of days run to their end (test executions may last a year)", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.wait("fortnight", { days: 14 });
        return "later";
      }),
    });
    const result = await runner.run();
    expect(result.getResult()).toBe("later");
    expect(elapsed(runner.getOperation("fortnight"))).toBe(14 * 86_400_000);
  });
});

describe("waitForData", () => {
  const waitForCallbackHandler = durable(async (_event, context) => {
    const answer = await context.waitForCallback("review", async () => undefined, { timeout: { hours: 1 } });
    return answer;
  });

  it("waitForCallback: STARTED once its callback exists, SUBMITTED after the submitter, COMPLETED with the callback", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: waitForCallbackHandler });
    const review = runner.getOperation("review");
    const completed = review.waitForData(WaitingOperationStatus.COMPLETED);
    const execution = runner.run();

    await review.waitForData(WaitingOperationStatus.STARTED);
    expect(review.getCallbackDetails()?.callbackId).toEqual(expect.any(String));
    await review.waitForData(WaitingOperationStatus.SUBMITTED);
    const children = review.getChildOperations()!;
    expect(children.find((child) => child.getType() === "STEP")?.getStatus()).toBe("SUCCEEDED");
    expect(children.find((child) => child.getType() === "CALLBACK")?.getStatus()).toBe("STARTED");
    await review.sendCallbackSuccess("ok");
    await completed;
    expect(review.getCallbackDetails()?.result).toBe("ok");
    expect((await execution).getResult()).toBe("ok");
  });

  it("rejects with OperationNotFoundError when the run ends without the operation, or before the status", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        context.createCallback("never-answered").catch(() => undefined);
        await context.step("fail", async () => {
          throw new Error("stop here");
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      }),
    });
    const missing = runner.getOperation("no-such-step").waitForData();
    const unanswered = runner.getOperation("never-answered").waitForData(WaitingOperationStatus.COMPLETED);
    missing.catch(() => undefined);
    unanswered.catch(() => undefined);
    const result = await runner.run();
    expect(result.getStatus()).toBe("FAILED");
    await expect(missing).rejects.toThrow(OperationNotFoundError);
    await expect(missing).rejects.toThrow(/named "no-such-step" was never started before the execution finished \(FAILED\)/);
    await expect(unanswered).rejects.toThrow(/did not reach COMPLETED .*its status is STARTED/);
    // After the run: satisfied lookups resolve at once, unsatisfied ones reject at once.
    await expect(runner.getOperation("fail").waitForData(WaitingOperationStatus.COMPLETED)).resolves.toBeDefined();
    await expect(runner.getOperation("never-answered").waitForData(WaitingOperationStatus.SUBMITTED)).rejects.toThrow(
      OperationNotFoundError,
    );
    await expect(runner.getOperation("fail").waitForData("DONE" as never)).rejects.toThrow(TestRunnerUsageError);
  });
});

describe("results and lookups", () => {
  it("indexes children, negative indexes, invocations, history and print()", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (event: { items: number[] }, context) => {
        const mapped = await context.map("double-all", event.items, async (child, item) => child.step(async () => item * 2));
        await context.wait({ seconds: 1 });
        return mapped.getResults();
      }),
    });
    const result = await runner.run({ payload: { items: [1, 2, 3] } });
    expect(result.getResult()).toEqual([2, 4, 6]);
    const map = runner.getOperation("double-all");
    expect(map.getSubType()).toBe("Map");
    const items = map.getChildOperations()!;
    expect(items.map((item) => item.getSubType())).toEqual(["MapIteration", "MapIteration", "MapIteration"]);
    expect(items[1]!.getChildOperations()![0]!.getStepDetails()?.result).toBe(4);
    expect(runner.getOperationByIndex(-1).getType()).toBe("WAIT");
    expect(result.getOperations()).toHaveLength(1 + 3 + 3 + 1);
    expect(result.getInvocations().map((invocation) => invocation.error)).toEqual([undefined, undefined]);
    const history = result.getHistoryEvents();
    expect(history.map((event) => event.EventId)).toEqual(history.map((_, i) => i + 1));
    expect(history.at(-1)!.EventType).toBe("ExecutionSucceeded");

    const table = vi.spyOn(console, "table").mockImplementation(() => undefined);
    try {
      result.print({ startTime: false, endTime: false });
      const rows = table.mock.calls[0]![0] as Record<string, string>[];
      expect(rows[0]).toMatchObject({ parentId: "-", name: "double-all", type: "CONTEXT", subType: "Map", status: "SUCCEEDED" });
      expect(rows[0]!.duration).toMatch(/^\d+ms$/);
      expect(Object.keys(rows[0]!)).toEqual(["parentId", "name", "type", "subType", "status", "duration"]);
      expect(rows.at(-1)).toMatchObject({ type: "WAIT" });
      expectSkipped(Number.parseInt(rows.at(-1)!.duration, 10), 1000);
    } finally {
      table.mockRestore();
    }
  });

  it("a TestResult keeps its run after reset() and a second run", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async (event: { n: number }, context) => context.step("n", async () => event.n)) });
    const first = await runner.run({ payload: { n: 1 } });
    runner.reset();
    const second = await runner.run({ payload: { n: 2 } });
    expect(first.getOperations()[0]!.getStepDetails()?.result).toBe(1);
    expect(second.getOperations()[0]!.getStepDetails()?.result).toBe(2);
    expect(() => second.getError()).toThrow(TestRunnerUsageError);
  });
});

describe("reset() during a run", () => {
  it("rejects that run in real time too, and the runner runs again afterwards", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false }); // beforeEach sets skipTime back
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        const [answer] = await context.createCallback("cb");
        await context.step("s", async () => 1);
        return answer;
      }),
    });
    const first = runner.run();
    first.catch(() => undefined);
    await runner.getOperation("cb").waitForData();
    runner.reset();
    await expect(first).rejects.toThrow(expect.objectContaining({ name: "TestRunnerUsageError", message: expect.stringMatching(/^run\(\): reset\(\) was called while/) }));
    const second = runner.run();
    const callback = runner.getOperation("cb");
    await callback.waitForData();
    await callback.sendCallbackSuccess("x");
    expect((await second).getResult()).toBe("x");
  });
});

describe("chained invokes", () => {
  it("runs callback-style and throwing plain functions", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        const callbackStyle = await context.invoke("cb-style", { value: 5 });
        let thrown = "";
        try {
          await context.invoke("throws", {});
        } catch (error) {
          thrown = (error as Error).message;
        }
        return { callbackStyle, thrown };
      }),
    });
    runner
      .registerFunction("cb-style", (event: { value: number }, _context, callback) => {
        setImmediate(() => callback(null, { tripled: event.value * 3 }));
      })
      .registerFunction("throws", () => {
        throw new Error("target exploded");
      });
    const result = await runner.run();
    expect(result.getResult()).toEqual({ callbackStyle: { tripled: 15 }, thrown: "target exploded" });
    expect(runner.getOperationByIndex(1).getChainedInvokeDetails()?.error?.errorMessage).toBe("target exploded");
  });

  it("registerDurableFunction with a plain function (no withDurableExecution): run() rejects naming both fixes, even when the handler catches", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        try {
          return await context.invoke("y", {});
        } catch {
          return "caught";
        }
      }),
    });
    runner.registerDurableFunction("y", (async () => ({ ok: true })) as never);
    await expect(runner.run()).rejects.toThrow(
      expect.objectContaining({
        name: "TestRunnerUsageError",
        message:
          'registerDurableFunction("y", handler): the handler is not a durable handler (The handler returned an invalid durable execution response: {"ok":true}); ' +
          'build it with withDurableExecution, or register a plain Lambda handler with registerFunction("y", handler)',
      }),
    );
  });

  it("a plain function as the handler under test: run() rejects naming withDurableExecution, in skipped and in real time", async () => {
    for (const skipTime of [true, false]) {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime });
      const runner = new LocalDurableTestRunner({ handlerFunction: (async () => "plain") as never });
      await expect(runner.run()).rejects.toThrow(/^run\(\): the handler under test is not a durable handler \(.*"plain"\); build it with withDurableExecution/);
    }
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  });

  it("an invoke of an unregistered function rejects run() even when the handler catches its error (a durable target's invoke too)", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.invoke("child", {});
        return "done";
      }),
    });
    runner.registerDurableFunction(
      "child",
      durable(async (_event, context) => {
        try {
          return await context.invoke("not-registered", {});
        } catch {
          return "caught";
        }
      }),
    );
    await expect(runner.run()).rejects.toThrow(
      expect.objectContaining({ name: "TestRunnerUsageError", message: expect.stringContaining('runner.registerFunction("not-registered", handler)') }),
    );
  });
});

describe("real time and checkpointDelay", () => {
  it("runs on the real clock with skipTime false, callbacks included", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false, checkpointDelay: 2 });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.step("a", async () => 1);
        await context.wait("short", { seconds: 1 });
        const [result] = await context.createCallback("cb", { timeout: { minutes: 5 } });
        return JSON.parse(await result);
      }),
    });
    const execution = runner.run();
    const callback = runner.getOperation("cb");
    await callback.waitForData();
    await callback.sendCallbackSuccess(JSON.stringify({ done: true }));
    const result = await execution;
    expect(result.getResult()).toEqual({ done: true });
    expect(elapsed(runner.getOperation("short"))).toBeGreaterThanOrEqual(1000);
    await expect(runner.skipTime(10)).rejects.toThrow(TestRunnerUsageError);
  });
});

describe("teardown", () => {
  it("rejects a run still in progress", async () => {
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        const [result] = await context.createCallback("forever");
        return result;
      }),
    });
    const execution = runner.run();
    execution.catch(() => undefined);
    await runner.getOperation("forever").waitForData();
    await LocalDurableTestRunner.teardownTestEnvironment();
    await expect(execution).rejects.toThrow(/torn down/);
  });
});

describe("bad input: typed errors that name the problem", () => {
  const handler = durable(async (_event, context) => context.wait("w", { seconds: 1 }));

  it("constructor, registration and lookups", () => {
    expect(() => new LocalDurableTestRunner(undefined as never)).toThrow(TestRunnerUsageError);
    expect(() => new LocalDurableTestRunner({ handlerFunction: "handler" as never })).toThrow(/handlerFunction must be .* \(received "handler"\)/);
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    expect(() => runner.registerFunction("", () => 1)).toThrow(/functionName must be the non-empty name/);
    expect(() => runner.registerDurableFunction("x", 42 as never)).toThrow(/handler must be a function \(received number 42\)/);
    expect(() => runner.getOperation("")).toThrow(TestRunnerUsageError);
    expect(() => runner.getOperationByIndex(1.5)).toThrow(/index must be a whole number \(received number 1.5\)/);
    expect(() => runner.getOperationById(7 as never)).toThrow(TestRunnerUsageError);
  });

  it("environment options", async () => {
    await expect(LocalDurableTestRunner.setupTestEnvironment({ skipTime: "yes" as never })).rejects.toThrow(/skipTime must be a boolean/);
    await expect(LocalDurableTestRunner.setupTestEnvironment({ checkpointDelay: -1 })).rejects.toThrow(/checkpointDelay must be a non-negative number/);
    await expect(LocalDurableTestRunner.setupTestEnvironment({ skiptime: true } as never)).rejects.toThrow(/unknown option "skiptime"/);
  });

  it("run, skipTime, details and callbacks", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(runner.run({ payload: cyclic })).rejects.toThrow(/payload must be JSON-serializable/);
    await expect(runner.run({ payload: () => 1 })).rejects.toThrow(/payload must be JSON-serializable \(received a function\)/);
    await expect(runner.skipTime(1000)).rejects.toThrow(/no run is in progress/);
    await expect(runner.skipTime(-5)).rejects.toThrow(/non-negative number of milliseconds/);

    const wait = runner.getOperation("w");
    await expect(wait.sendCallbackSuccess("x")).rejects.toThrow(OperationNotFoundError);
    const first = runner.run();
    await expect(runner.run()).rejects.toThrow(/already has a run in progress/);
    await first;
    expect(() => wait.getStepDetails()).toThrow(OperationTypeMismatchError);
    expect(() => wait.getStepDetails()).toThrow('getStepDetails(): the operation named "w" is a WAIT (Wait), not a STEP');
    expect(() => wait.getCallbackDetails()).toThrow(/not a CALLBACK or a waitForCallback context/);
    await expect(wait.sendCallbackSuccess("x")).rejects.toThrow(OperationTypeMismatchError);
    await expect(wait.sendCallbackSuccess(5 as never)).rejects.toThrow(/result must be a string \(e.g. JSON.stringify\(value\)\) or its UTF-8 bytes as a Buffer, Uint8Array or ArrayBuffer \(received number 5\)/);
    await expect(wait.sendCallbackFailure("nope" as never)).rejects.toThrow(/error must be an object like .* \(received "nope"\)/);
    await expect(wait.sendCallbackFailure({ message: "x" } as never)).rejects.toThrow(/unknown key "message"/);
  });

  it("sendCallbackFailure accepts the lower-case error spelling", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: approval });
    const execution = runner.run();
    const callback = runner.getOperation("approval");
    await callback.waitForData();
    await callback.sendCallbackFailure({ errorMessage: "Failed", errorType: "Rejected" } as never);
    expect((await execution).getResult()).toEqual({ failed: "Failed" });
    expect(callback.getCallbackDetails()?.error).toMatchObject({ errorMessage: "Failed", errorType: "Rejected" });
  });
});
