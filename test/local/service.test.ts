import { describe, expect, it } from "vitest";
import { INVOCATION_INPUT_WITH_CLIENT_TAG } from "../../src/local/invocation-event.js";
import { InvalidParameterValueException } from "../../src/local/errors.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";
import { eventTypes, T0 } from "./helpers.js";
import { thrownError } from "../support/validation.js";
import { fakeDurable, type FakeEvent } from "./fake-sdk.js";

function service(options: ConstructorParameters<typeof LocalDurableService>[0] = {}) {
  return new LocalDurableService({ startTime: T0, ...options });
}

describe("LocalDurableService: running handlers", () => {
  it("runs a handler to completion and records the service-shaped history", async () => {
    const svc = service();
    svc.registerFunction(
      "greeter",
      fakeDurable(async (name: string, ctx) => ctx.step("1", () => `Hello, ${name}!`)),
    );
    const arn = svc.startExecution({ functionName: "greeter", input: "World" });
    expect(svc.getExecution(arn).Status).toBe("RUNNING");
    const result = await svc.waitForCompletion(arn);
    expect(result).toMatchObject({ Status: "SUCCEEDED", Result: '"Hello, World!"', InputPayload: '"World"', DurableExecutionArn: arn });
    expect(result.EndTimestamp).toEqual(new Date(T0));
    expect(eventTypes(svc.getHistory(arn))).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(svc.listExecutions("greeter")).toEqual([
      expect.objectContaining({ DurableExecutionArn: arn, Status: "SUCCEEDED", FunctionArn: expect.stringMatching(/:function:greeter$/) }),
    ]);
  });

  it("passes an event carrying the in-process client and UpdatedOperationIds", async () => {
    const svc = service();
    const seen: FakeEvent[] = [];
    svc.registerFunction(
      "fn",
      fakeDurable(async (_input, ctx, event) => {
        seen.push(event);
        await ctx.wait("w", 1);
      }),
    );
    const arn = svc.startExecution({ functionName: "fn" });
    await svc.waitForCompletion(arn);
    expect(seen).toHaveLength(2);
    expect(Object.prototype.toString.call(seen[0])).toBe(`[object ${INVOCATION_INPUT_WITH_CLIENT_TAG}]`);
    expect(seen[0].constructor.name).toBe(INVOCATION_INPUT_WITH_CLIENT_TAG);
    // Each invocation gets its own in-process client (cut off from the service once that invocation has ended).
    expect(typeof seen[0].durableExecutionClient.checkpoint).toBe("function");
    expect(typeof seen[0].durableExecutionClient.getExecutionState).toBe("function");
    expect(seen[0].durableExecutionClient).not.toBe(seen[1].durableExecutionClient);
    expect(seen[0].UpdatedOperationIds).toEqual([]);
    expect(seen[1].UpdatedOperationIds).toEqual(["w"]);
    expect(svc.getExecution(arn).InputPayload).toBe("{}");
  });

  it("jumps the virtual clock to the wait's end between invocations", async () => {
    const svc = service();
    svc.registerFunction(
      "waiter",
      fakeDurable(async (_input, ctx) => {
        await ctx.wait("w1", 2, "wait-1");
        await ctx.wait("w2", 3600, "wait-2");
        return { completedWaits: 2 };
      }),
    );
    const arn = svc.startExecution({ functionName: "waiter", input: null });
    const started = performance.now();
    const result = await svc.waitForCompletion(arn);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.Result).toBe('{"completedWaits":2}');
    expect(svc.clock.now()).toBe(T0 + 3602_000);
    const events = svc.getHistory(arn);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[3]).toMatchObject({ Name: "wait-1", EventTimestamp: new Date(T0 + 2000), WaitSucceededDetails: { Duration: 2 } });
    expect(events[7].InvocationCompletedDetails).toMatchObject({ StartTimestamp: new Date(T0 + 3602_000) });
  });

  it("re-runs a failed step when its retry is due", async () => {
    const svc = service();
    const attempts: number[] = [];
    svc.registerFunction(
      "flaky",
      fakeDurable(async (_input, ctx) =>
        ctx.step(
          "s",
          (attempt) => {
            attempts.push(attempt);
            if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
            return "ok";
          },
          { maxAttempts: 5, delaySeconds: 5 },
        ),
      ),
    );
    const arn = svc.startExecution({ functionName: "flaky" });
    const result = await svc.waitForCompletion(arn);
    expect(result).toMatchObject({ Status: "SUCCEEDED", Result: '"ok"' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(svc.clock.now()).toBe(T0 + 10_000);
    const details = svc
      .getHistory(arn)
      .filter((e) => e.EventType === "StepFailed" || e.EventType === "StepSucceeded")
      .map((e) => (e.StepFailedDetails ?? e.StepSucceededDetails)!.RetryDetails);
    expect(details).toEqual([
      { CurrentAttempt: 1, NextAttemptDelaySeconds: 5 },
      { CurrentAttempt: 2, NextAttemptDelaySeconds: 5 },
      { CurrentAttempt: 3 },
    ]);
  });

  it("records a thrown handler error in InvocationCompleted and re-invokes", async () => {
    const svc = service();
    const inner = fakeDurable(async (_input, ctx) => ctx.step("1", () => "value"));
    let raw = 0;
    svc.registerFunction("thrower", async (event, context) => {
      if (++raw === 1) throw new TypeError("boom");
      return inner(event, context);
    });
    const arn = svc.startExecution({ functionName: "thrower" });
    const result = await svc.waitForCompletion(arn);
    expect(result).toMatchObject({ Status: "SUCCEEDED", Result: '"value"' });
    const completed = svc.getHistory(arn).filter((e) => e.EventType === "InvocationCompleted");
    expect(completed).toHaveLength(2);
    expect(completed[0].InvocationCompletedDetails!.Error!.Payload).toMatchObject({ ErrorType: "TypeError", ErrorMessage: "boom" });
    expect(completed[1].InvocationCompletedDetails!.Error).toBeUndefined();
  });

  it("fails the execution after repeated invocation errors (bounded)", async () => {
    const svc = service({ maxConsecutiveInvocationErrors: 2 });
    let calls = 0;
    svc.registerFunction("always-throws", async () => {
      calls++;
      throw new Error("nope");
    });
    const arn = svc.startExecution({ functionName: "always-throws" });
    const result = await svc.waitForCompletion(arn);
    expect(calls).toBe(2);
    expect(result).toMatchObject({ Status: "FAILED", Error: { ErrorType: "Error", ErrorMessage: "nope" } });
  });

  it("fails the execution when the handler returns PENDING with nothing pending", async () => {
    const svc = service();
    svc.registerFunction("liar", async () => ({ Status: "PENDING" }));
    const arn = svc.startExecution({ functionName: "liar" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Status).toBe("FAILED");
    expect(result.Error?.ErrorMessage).toBe("Cannot return PENDING status with no pending operations.");
  });

  it("aborts an invocation that runs past its timeout (Sandbox.Timedout)", async () => {
    const svc = service({ maxConsecutiveInvocationErrors: 1 });
    svc.registerFunction("hangs", () => new Promise(() => undefined), { timeoutMs: 20 });
    const arn = svc.startExecution({ functionName: "hangs" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Error).toEqual({ ErrorType: "Sandbox.Timedout", ErrorMessage: "Task timed out after 0.02 seconds" });
  });

  it("counts getRemainingTimeInMillis down from the configured timeout", async () => {
    const svc = service({ invocationTimeoutMs: 5000 });
    const remaining: number[] = [];
    svc.registerFunction("timer", async (_event, context) => {
      remaining.push(context.getRemainingTimeInMillis());
      await new Promise((resolve) => setTimeout(resolve, 30));
      remaining.push(context.getRemainingTimeInMillis());
      expect(context.functionName).toBe("timer");
      expect(context.awsRequestId).toEqual(expect.any(String));
      return { Status: "SUCCEEDED" };
    });
    await svc.waitForCompletion(svc.startExecution({ functionName: "timer" }));
    expect(remaining[0]).toBeLessThanOrEqual(5000);
    expect(remaining[0]).toBeGreaterThan(4900);
    expect(remaining[1]).toBeLessThanOrEqual(remaining[0] - 25);
  });

  // Speed is measured by `npm run bench` (BENCHMARKS.md), not asserted here: this checks the work is done
  // in one invocation with one pair of events per step.
  it("runs 1000 sequential steps in one invocation", async () => {
    const svc = service();
    svc.registerFunction(
      "many",
      fakeDurable(async (_input, ctx) => {
        let total = 0;
        for (let i = 0; i < 1000; i++) total += await ctx.step(`s${i}`, () => i);
        return total;
      }),
    );
    const arn = svc.startExecution({ functionName: "many" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe(String((999 * 1000) / 2));
    const history = svc.getHistory(arn);
    expect(history).toHaveLength(1 + 2000 + 2);
    expect(history.filter((e) => e.EventType === "InvocationCompleted")).toHaveLength(1);
  });

  it("replays many operations across invocations via paged state", async () => {
    const svc = service({ invocationPageSize: 50 });
    svc.registerFunction(
      "paged",
      fakeDurable(async (_input, ctx) => {
        for (let i = 0; i < 120; i++) await ctx.step(`s${i}`, () => i);
        await ctx.wait("w", 1);
        return ctx.ops.size;
      }),
    );
    const arn = svc.startExecution({ functionName: "paged" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe("122");
  });
});

describe("LocalDurableService: callbacks", () => {
  it("waits for an external callback and resumes when it arrives", async () => {
    const svc = service();
    svc.registerFunction(
      "approval",
      fakeDurable(async (_input, ctx) => {
        const answer = await ctx.callback("cb", { name: "approve" });
        return { answer: JSON.parse(answer!) };
      }),
    );
    const arn = svc.startExecution({ functionName: "approval" });
    const done = svc.waitForCompletion(arn);
    await svc.runUntilIdle();
    const op = svc.getOperations(arn).find((o) => o.Type === "CALLBACK")!;
    expect(op.Status).toBe("STARTED");
    svc.sendCallbackSuccess(op.CallbackDetails!.CallbackId!, JSON.stringify("yes"));
    const result = await done;
    expect(result.Result).toBe('{"answer":"yes"}');
    expect(eventTypes(svc.getHistory(arn))).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
  });

  it("times a callback out on the virtual clock", async () => {
    const svc = service();
    svc.registerFunction("cb-timeout", fakeDurable(async (_input, ctx) => ctx.callback("cb", { timeout: 5 })));
    const arn = svc.startExecution({ functionName: "cb-timeout" });
    const result = await svc.waitForCompletion(arn);
    expect(result).toMatchObject({ Status: "FAILED", Error: { ErrorMessage: "Callback timed out" } });
    expect(svc.clock.now()).toBe(T0 + 5000);
    expect(svc.getHistory(arn)[3].CallbackTimedOutDetails!.Error!.Payload!.ErrorType).toBe("Callback.Timeout");
  });

  it("rejects waitForCompletion after timeoutMs when the execution stays blocked", async () => {
    const svc = service();
    svc.registerFunction("blocked", fakeDurable(async (_input, ctx) => ctx.callback("cb")));
    const arn = svc.startExecution({ functionName: "blocked" });
    await expect(svc.waitForCompletion(arn, { timeoutMs: 20 })).rejects.toThrow(/did not complete within 20 ms/);
    svc.stopExecution(arn, { ErrorMessage: "cancelled by test" });
    const result = await svc.waitForCompletion(arn);
    expect(result).toMatchObject({ Status: "STOPPED", Error: { ErrorMessage: "cancelled by test" } });
    expect(eventTypes(svc.getHistory(arn)).at(-1)).toBe("ExecutionStopped");
  });
});

describe("LocalDurableService: chained invokes", () => {
  it("runs a durable target as a child execution after the caller's invocation returns", async () => {
    const svc = service();
    svc.registerFunction("echo", fakeDurable(async (input) => input));
    svc.registerFunction("caller", fakeDurable(async (input, ctx) => ctx.invoke("i1", "echo", input)));
    const arn = svc.startExecution({ functionName: "caller", input: "abc" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe('"abc"');
    const events = svc.getHistory(arn);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "ChainedInvokeStarted",
      "InvocationCompleted",
      "ChainedInvokeSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    const [child] = svc.listExecutions("echo");
    expect(child.Status).toBe("SUCCEEDED");
    expect(events[1]).toMatchObject({
      SubType: "ChainedInvoke",
      ChainedInvokeStartedDetails: {
        FunctionName: "echo",
        Input: { Payload: '"abc"', Truncated: false },
        ExecutedVersion: "$LATEST",
        DurableExecutionArn: child.DurableExecutionArn,
      },
    });
    expect(events[3].ChainedInvokeSucceededDetails).toEqual({ Result: { Payload: '"abc"', Truncated: false } });
    expect(svc.getExecution(child.DurableExecutionArn).InputPayload).toBe('"abc"');
  });

  it("reports a failing durable target as ChainedInvokeFailed", async () => {
    const svc = service();
    svc.registerFunction(
      "err",
      fakeDurable(async () => {
        throw Object.assign(new Error("target failed"), { name: "TargetError" });
      }),
    );
    svc.registerFunction(
      "caller",
      fakeDurable(async (_input, ctx) => {
        try {
          await ctx.invoke("i1", "err", null);
          return "no";
        } catch (error) {
          if (!(error instanceof Error)) throw error; // suspension
          return `caught: ${error.message}`;
        }
      }),
    );
    const arn = svc.startExecution({ functionName: "caller" });
    expect((await svc.waitForCompletion(arn)).Result).toBe('"caught: target failed"');
    const failed = svc.getHistory(arn).find((e) => e.EventType === "ChainedInvokeFailed")!;
    expect(failed.ChainedInvokeFailedDetails!.Error!.Payload).toEqual({ ErrorType: "TargetError", ErrorMessage: "target failed" });
  });

  it("calls plain functions directly, and fails invokes of unknown functions", async () => {
    const svc = service();
    svc.registerPlainFunction("double", async (n: number) => n * 2);
    svc.registerPlainFunction("explode", () => {
      throw new RangeError("bad input");
    });
    svc.registerFunction(
      "caller",
      fakeDurable(async (_input, ctx) => {
        const doubled = await ctx.invoke("a", "double", 21);
        const outcomes: string[] = [String(doubled)];
        for (const [id, fn] of [["b", "explode"], ["c", "missing"]]) {
          try {
            await ctx.invoke(id, fn, {});
          } catch (error) {
            if (!(error instanceof Error)) throw error; // suspension
            outcomes.push(error.message);
          }
        }
        return outcomes;
      }),
    );
    const arn = svc.startExecution({ functionName: "caller" });
    const result = await svc.waitForCompletion(arn);
    expect(JSON.parse(result.Result!)).toEqual(["42", "bad input", "Function not found: missing"]);
    const events = svc.getHistory(arn);
    expect(events.find((e) => e.EventType === "ChainedInvokeStarted")!.ChainedInvokeStartedDetails!.DurableExecutionArn).toBeUndefined();
    expect(events.filter((e) => e.EventType === "ChainedInvokeFailed").map((e) => e.ChainedInvokeFailedDetails!.Error!.Payload!.ErrorType)).toEqual([
      "RangeError",
      "ResourceNotFoundException",
    ]);
    expect(() => svc.startExecution({ functionName: "double" })).toThrow(/not a durable function/);
  });
});

describe("LocalDurableService: chained invoke lifecycle", () => {
  function parentAndChild() {
    const svc = service();
    svc.registerFunction("child", fakeDurable(async (_input, ctx) => ctx.callback("cb")), { executionTimeoutSeconds: 60 });
    svc.registerFunction(
      "parent",
      fakeDurable(async (_input, ctx) => {
        try {
          return await ctx.invoke("i", "child", {});
        } catch (error) {
          if (!(error instanceof Error)) throw error;
          return `invoke failed: ${error.message}`;
        }
      }),
    );
    return svc;
  }

  it("stopping the child completes the caller's operation as STOPPED", async () => {
    const svc = parentAndChild();
    const arn = svc.startExecution({ functionName: "parent" });
    await svc.runReady();
    const [child] = svc.listExecutions("child");
    svc.stopExecution(child.DurableExecutionArn, { ErrorType: "Stopped", ErrorMessage: "operator stop" });
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe('"invoke failed: operator stop"');
    expect(svc.getOperations(arn).find((o) => o.Id === "i")).toMatchObject({
      Status: "STOPPED",
      ChainedInvokeDetails: { Error: { ErrorMessage: "operator stop" } },
    });
    expect(eventTypes(svc.getHistory(arn))).toContain("ChainedInvokeStopped");
  });

  it("a timed-out child yields ChainedInvokeTimedOut", async () => {
    const svc = parentAndChild();
    const arn = svc.startExecution({ functionName: "parent" });
    // The child's execution timeout is passive: time has to pass for another reason.
    await svc.runReady();
    await svc.advanceTime(60_000);
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe('"invoke failed: Invoke failed"');
    const [child] = svc.listExecutions("child");
    expect(child.Status).toBe("TIMED_OUT");
    expect(eventTypes(svc.getHistory(arn))).toContain("ChainedInvokeTimedOut");
    expect(eventTypes(svc.getHistory(child.DurableExecutionArn)).at(-1)).toBe("ExecutionTimedOut");
  });

  it("stopping the caller stops its running child executions", async () => {
    const svc = parentAndChild();
    const arn = svc.startExecution({ functionName: "parent" });
    await svc.runReady();
    svc.stopExecution(arn);
    const [child] = svc.listExecutions("child");
    expect(child.Status).toBe("STOPPED");
    expect(svc.getExecution(arn).Status).toBe("STOPPED");
  });
});

describe("LocalDurableService: API", () => {
  it("returns the same execution for a repeated execution name", () => {
    const svc = service();
    svc.registerFunction("fn", fakeDurable(async () => 1));
    const a = svc.startExecution({ functionName: "fn", executionName: "run-1", input: { x: 1 } });
    expect(svc.startExecution({ functionName: "fn", executionName: "run-1", input: { x: 1 } })).toBe(a);
    expect(() => svc.startExecution({ functionName: "fn", executionName: "run-1", input: { x: 2 } })).toThrow(
      expect.objectContaining({ name: "DurableExecutionAlreadyStartedException" }),
    );
    expect(() => svc.startExecution({ functionName: "nope" })).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
  });

  it("advanceTime and runUntilIdle({until}) fire only what is due", async () => {
    const svc = service();
    svc.registerFunction("waiter", fakeDurable(async (_input, ctx) => ctx.wait("w", 10)));
    const arn = svc.startExecution({ functionName: "waiter" });
    await svc.runUntilIdle({ until: T0 + 5000 });
    expect(svc.getExecution(arn).Status).toBe("RUNNING");
    expect(svc.clock.now()).toBe(T0);
    await svc.advanceTime(9999);
    expect(svc.getExecution(arn).Status).toBe("RUNNING");
    expect(svc.clock.now()).toBe(T0 + 9999);
    await svc.advanceTime(1);
    expect(svc.getExecution(arn).Status).toBe("SUCCEEDED");
    expect(svc.clock.now()).toBe(T0 + 10_000);
  });

  it("drives several executions; each keeps its own history", async () => {
    const svc = service();
    svc.registerFunction("w", fakeDurable(async (seconds: number, ctx) => {
      await ctx.wait("w", seconds);
      return seconds;
    }));
    const arns = [3, 1, 2].map((s) => svc.startExecution({ functionName: "w", input: s }));
    await svc.runUntilIdle();
    expect(arns.map((arn) => svc.getExecution(arn).Result)).toEqual(["3", "1", "2"]);
    expect(arns.map((arn) => svc.getExecution(arn).EndTimestamp!.getTime() - T0)).toEqual([3000, 1000, 2000]);
    for (const arn of arns) expect(svc.getHistory(arn).map((e) => e.EventId)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("LocalDurableService: real clock", () => {
  it("fires timers on the wall clock and runs work without an explicit driver", async () => {
    const svc = new LocalDurableService({ clock: "real" });
    try {
      svc.registerFunction("waiter", fakeDurable(async (_input, ctx) => {
        await ctx.wait("w", 0.05);
        return "done";
      }));
      const started = Date.now();
      const arn = svc.startExecution({ functionName: "waiter" });
      const result = await svc.waitForCompletion(arn, { timeoutMs: 5000 });
      expect(result.Result).toBe('"done"');
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      await svc.runUntilIdle();
      await expect(svc.advanceTime(1)).rejects.toThrow(/virtual clock/);
    } finally {
      svc.close();
    }
  });

  it("close() ends waiting drivers instead of leaving them hanging", async () => {
    const svc = new LocalDurableService({ clock: "real" });
    svc.registerFunction("blocked", fakeDurable(async (_input, ctx) => ctx.callback("cb")));
    const arn = svc.startExecution({ functionName: "blocked" });
    const waiting = svc.waitForCompletion(arn);
    await svc.runUntilIdle();
    expect(svc.getOperations(arn).find((o) => o.Id === "cb")?.Status).toBe("STARTED");
    svc.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await svc.runUntilIdle();
  });
});

describe("LocalDurableService: DurableConfig.ExecutionTimeout's range", () => {
  const workflow = fakeDurable(async () => "done");

  it("a function's executionTimeoutSeconds outside 1..31622400 is a typed error naming the function and the range", () => {
    const svc = service();
    const cases: [unknown, string][] = [
      [0, "number 0"],
      [-5, "number -5"],
      [1.5, "number 1.5"],
      [31_622_401, "number 31622401"],
      [Number.NaN, "number NaN"],
      ["60", '"60"'],
      [60n, "bigint 60"],
    ];
    for (const [bad, shown] of cases) {
      let thrown: unknown;
      try {
        svc.registerFunction("slow", workflow, { executionTimeoutSeconds: bad as never });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidParameterValueException);
      expect((thrown as Error).message).toBe(
        `executionTimeoutSeconds of function slow must be a whole number of seconds from 1 to 31622400 (received ${shown}); leave it out for the service's default`,
      );
    }
    // The API's own bounds are accepted, and an execution reports the one it runs under.
    svc.registerFunction("shortest", workflow, { executionTimeoutSeconds: 1 });
    svc.registerFunction("longest", workflow, { executionTimeoutSeconds: 31_622_400 });
    const arn = svc.startExecution({ functionName: "longest" });
    expect(svc.store.getRecord(arn).executionTimeoutSeconds).toBe(31_622_400);
  });

  it("the service's defaultExecutionTimeoutSeconds is checked the same way", () => {
    const cases: [unknown, string][] = [
      [0, "number 0"],
      [31_622_401, "number 31622401"],
      [2.5, "number 2.5"],
      [Infinity, "number Infinity"],
    ];
    for (const [bad, shown] of cases) {
      expect(() => new LocalDurableService({ defaultExecutionTimeoutSeconds: bad as number })).toThrow(
        new InvalidParameterValueException(
          `defaultExecutionTimeoutSeconds must be a whole number of seconds from 1 to 31622400 (received ${shown}); leave it out for 86400 seconds`,
        ),
      );
    }
    const svc = new LocalDurableService({ defaultExecutionTimeoutSeconds: 31_622_400 });
    svc.registerFunction("f", workflow);
    expect(svc.store.getRecord(svc.startExecution({ functionName: "f" })).executionTimeoutSeconds).toBe(31_622_400);
    svc.close();
  });
});

describe("LocalDurableService: an option check writes the refused value as describeReceived does, and never throws a TypeError itself", () => {
  const workflow = fakeDurable(async () => "done");
  const cyclic: Record<string, unknown> = { days: 3 };
  cyclic.self = cyclic;

  /** The InvalidParameterValueException `act` throws (JSON.stringify throws a TypeError for a bigint or a cyclic object; the check must not). */
  const thrownBy = (act: () => unknown): Error => thrownError(InvalidParameterValueException, act);

  it("a bigint or a cyclic object for a registerFunction option is an InvalidParameterValueException", () => {
    const svc = service();
    expect(thrownBy(() => svc.registerFunction("f", workflow, { retentionPeriodInDays: 14n as never })).message).toBe(
      "retentionPeriodInDays of function f must be a whole number of days from 1 to 90 (received bigint 14); leave it out for 14",
    );
    expect(thrownBy(() => svc.registerFunction("f", workflow, { retentionPeriodInDays: cyclic as never })).message).toContain("(received an object with days, self)");
    expect(thrownBy(() => svc.registerFunction("f", workflow, { executionTimeoutSeconds: cyclic as never })).message).toContain("(received an object with days, self)");
    expect(thrownBy(() => svc.registerFunction("f", workflow, { executionTimeoutSeconds: 60n as never })).message).toContain("(received bigint 60)");
  });

  it("a bigint or a cyclic object for a LocalDurableService option is an InvalidParameterValueException", () => {
    expect(thrownBy(() => new LocalDurableService({ maxConcurrentInvocations: 8n as never })).message).toBe(
      "maxConcurrentInvocations must be a whole number from 1 to 10000 (received bigint 8); leave it out for the default of 32",
    );
    expect(thrownBy(() => new LocalDurableService({ maxConcurrentInvocations: cyclic as never })).message).toContain("(received an object with days, self)");
    expect(thrownBy(() => new LocalDurableService({ retentionMs: 5000n as never })).message).toContain("(received bigint 5000)");
    expect(thrownBy(() => new LocalDurableService({ retentionMs: cyclic as never })).message).toContain("(received an object with days, self)");
    expect(thrownBy(() => new LocalDurableService({ defaultExecutionTimeoutSeconds: 60n as never })).message).toContain("(received bigint 60)");
    expect(thrownBy(() => new LocalDurableService({ defaultExecutionTimeoutSeconds: cyclic as never })).message).toContain("(received an object with days, self)");
  });

  it("a bigint or a cyclic object as the execution name is an InvalidParameterValueException", () => {
    const svc = service();
    svc.registerFunction("f", workflow);
    expect(thrownBy(() => svc.startExecution({ functionName: "f", executionName: 7n as never })).message).toBe(
      "DurableExecutionName must be 1 to 64 characters of a-z, A-Z, 0-9, '-' and '_' (received bigint 7)",
    );
    expect(thrownBy(() => svc.startExecution({ functionName: "f", executionName: cyclic as never })).message).toContain("(received an object with days, self)");
    expect(thrownBy(() => svc.startExecution({ functionName: "f", executionName: "has space" })).message).toContain('(received "has space")');
  });
});
