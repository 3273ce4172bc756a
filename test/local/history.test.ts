import { describe, expect, it } from "vitest";
import { historyToJson } from "../../src/local/history.js";
import { createHarness, eventTypes, step, T0 } from "./helpers.js";

describe("history: steps", () => {
  it("records ExecutionStarted then StepStarted/StepSucceeded for a START+SUCCEED batch", () => {
    const h = createHarness({ inputPayload: '"World"' });
    h.send([
      step("c4ca4238a0b92382", "START", { Name: "greet" }),
      step("c4ca4238a0b92382", "SUCCEED", { Name: "greet", Payload: '"Hello, World!"' }),
    ]);
    const events = h.events();
    expect(events).toEqual([
      {
        EventType: "ExecutionStarted",
        EventId: 1,
        EventTimestamp: new Date(T0),
        ExecutionStartedDetails: { Input: { Payload: '"World"', Truncated: false }, ExecutionTimeout: 86400 },
      },
      {
        EventType: "StepStarted",
        SubType: "Step",
        EventId: 2,
        Id: "c4ca4238a0b92382",
        Name: "greet",
        EventTimestamp: new Date(T0),
        StepStartedDetails: {},
      },
      {
        EventType: "StepSucceeded",
        SubType: "Step",
        EventId: 3,
        Id: "c4ca4238a0b92382",
        Name: "greet",
        EventTimestamp: new Date(T0),
        StepSucceededDetails: { Result: { Payload: '"Hello, World!"', Truncated: false }, RetryDetails: { CurrentAttempt: 1 } },
      },
    ]);
    // Service key order (the conformance JSON is compared structurally, but keep it service-like).
    expect(Object.keys(events[1])).toEqual(["EventType", "SubType", "EventId", "Id", "Name", "EventTimestamp", "StepStartedDetails"]);
    const op = h.record.get("c4ca4238a0b92382")!.op;
    expect(op).toMatchObject({ Status: "SUCCEEDED", StepDetails: { Attempt: 1, Result: '"Hello, World!"' } });
    expect(op.EndTimestamp).toEqual(new Date(T0));
  });

  it("keeps the Result envelope without Payload when a step returns nothing", () => {
    const h = createHarness();
    h.send([step("s", "START"), step("s", "SUCCEED")]);
    expect(h.events()[2].StepSucceededDetails).toEqual({ Result: { Truncated: false }, RetryDetails: { CurrentAttempt: 1 } });
  });

  it("numbers retries 1..N: RETRY with Error → StepFailed with NextAttemptDelaySeconds, final FAIL without", () => {
    const h = createHarness();
    const error = { ErrorType: "StepError", ErrorMessage: "always fails" };
    for (let attempt = 1; attempt <= 4; attempt++) {
      if (attempt > 1) {
        h.clock.advanceTo(h.store.nextTimerDue()!);
        expect(h.store.fireDueTimers()).toBe(1);
        expect(h.record.get("s1")!.op.Status).toBe("READY");
        h.beginInvocation();
      }
      if (attempt < 4) {
        const response = h.send([
          step("s1", "START"),
          step("s1", "RETRY", { Error: error, StepOptions: { NextAttemptDelaySeconds: 1 } }),
        ]);
        const op = response.NewExecutionState!.Operations!.find((o) => o.Id === "s1")!;
        expect(op.Status).toBe("PENDING");
        expect(op.StepDetails).toMatchObject({ Attempt: attempt, Error: error });
        expect(op.StepDetails!.NextAttemptTimestamp).toEqual(new Date(h.clock.now() + 1000));
        h.endInvocation();
      } else {
        h.send([step("s1", "START"), step("s1", "FAIL", { Error: error })]);
        h.endInvocation({ Status: "FAILED", Error: error });
      }
    }
    const events = h.events();
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted", "StepFailed", "InvocationCompleted",
      "StepStarted", "StepFailed", "InvocationCompleted",
      "StepStarted", "StepFailed", "InvocationCompleted",
      "StepStarted", "StepFailed", "InvocationCompleted",
      "ExecutionFailed",
    ]);
    expect(events.map((e) => e.EventId)).toEqual(events.map((_, i) => i + 1));
    const failed = events.filter((e) => e.EventType === "StepFailed").map((e) => e.StepFailedDetails!.RetryDetails);
    expect(failed).toEqual([
      { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 },
      { CurrentAttempt: 2, NextAttemptDelaySeconds: 1 },
      { CurrentAttempt: 3, NextAttemptDelaySeconds: 1 },
      { CurrentAttempt: 4 },
    ]);
    expect(events[2].StepFailedDetails!.Error).toEqual({ Payload: error, Truncated: false });
    expect(events[13].ExecutionFailedDetails).toEqual({ Error: { Payload: error, Truncated: false } });
    expect(h.record.get("s1")!.op.StepDetails!.Attempt).toBe(4);
  });

  it("records a waitForCondition continue (RETRY with Payload) as StepSucceeded with NextAttemptDelaySeconds", () => {
    const h = createHarness();
    h.send([
      step("wfc", "START", { SubType: "WaitForCondition" }),
      step("wfc", "RETRY", { SubType: "WaitForCondition", Payload: "1", StepOptions: { NextAttemptDelaySeconds: 2 } }),
    ]);
    const event = h.events()[2];
    expect(event).toMatchObject({ EventType: "StepSucceeded", SubType: "WaitForCondition" });
    expect(event.StepSucceededDetails).toEqual({
      Result: { Payload: "1", Truncated: false },
      RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 },
    });
    expect(h.record.get("wfc")!.op.StepDetails).toMatchObject({ Result: "1", Attempt: 1 });
  });

  it("carries ParentId on children and ContextStarted/ContextSucceeded/ContextFailed details", () => {
    const h = createHarness();
    h.send([
      { Id: "ctx", Type: "CONTEXT", SubType: "RunInChildContext", Name: "child", Action: "START" },
      step("inner", "START", { ParentId: "ctx" }),
      step("inner", "SUCCEED", { ParentId: "ctx", Payload: '"x"' }),
      { Id: "ctx", Type: "CONTEXT", SubType: "RunInChildContext", Name: "child", Action: "SUCCEED", Payload: '"X"' },
      { Id: "bad", Type: "CONTEXT", SubType: "RunInChildContext", Action: "FAIL", Error: { ErrorType: "ChildContextError" } },
    ]);
    const events = h.events();
    expect(events[1]).toMatchObject({ EventType: "ContextStarted", SubType: "RunInChildContext", Name: "child", ContextStartedDetails: {} });
    expect(events[2]).toMatchObject({ EventType: "StepStarted", ParentId: "ctx" });
    expect(events[4].ContextSucceededDetails).toEqual({ Result: { Payload: '"X"', Truncated: false } });
    expect(events[5].ContextFailedDetails).toEqual({ Error: { Payload: { ErrorType: "ChildContextError" }, Truncated: false } });
    expect(h.record.get("ctx")!.op.ContextDetails).toEqual({ Result: '"X"' });
  });
});

describe("history: waits", () => {
  it("records WaitStarted, InvocationCompleted, then WaitSucceeded when the timer fires", () => {
    const h = createHarness();
    const response = h.send([{ Id: "w1", Type: "WAIT", SubType: "Wait", Name: "custom_wait_name", Action: "START", WaitOptions: { WaitSeconds: 2 } }]);
    expect(response.NewExecutionState!.Operations![0].WaitDetails).toEqual({ ScheduledEndTimestamp: new Date(T0 + 2000) });
    h.endInvocation();
    expect(h.store.nextTimerDue()).toBe(T0 + 2000);
    h.clock.advanceTo(T0 + 2000);
    h.store.fireDueTimers();
    const events = h.events();
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "WaitStarted", "InvocationCompleted", "WaitSucceeded"]);
    expect(events[1]).toMatchObject({
      SubType: "Wait",
      Id: "w1",
      Name: "custom_wait_name",
      WaitStartedDetails: { Duration: 2, ScheduledEndTimestamp: new Date(T0 + 2000) },
    });
    expect(events[3]).toMatchObject({ EventId: 4, Id: "w1", Name: "custom_wait_name", EventTimestamp: new Date(T0 + 2000) });
    expect(events[3].WaitSucceededDetails).toEqual({ Duration: 2 });
    const op = h.record.get("w1")!.op;
    expect(op.Status).toBe("SUCCEEDED");
    expect(op.EndTimestamp).toEqual(new Date(T0 + 2000));
    expect(h.ready.at(-1)).toBe(h.record);
  });

  it("records WaitCancelled and drops the timer on CANCEL", () => {
    const h = createHarness();
    h.send([{ Id: "w1", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 60 } }]);
    h.send([{ Id: "w1", Type: "WAIT", Action: "CANCEL" }]);
    expect(h.events()[2]).toMatchObject({ EventType: "WaitCancelled", WaitCancelledDetails: {} });
    expect(h.record.get("w1")!.op.Status).toBe("CANCELLED");
    expect(h.store.nextTimerDue()).toBeUndefined();
  });
});

describe("history: invocations and execution outcome", () => {
  it("appends InvocationCompleted per invocation and the Execution event after the last one", () => {
    const h = createHarness();
    const { requestId } = { requestId: h.record.invocation!.requestId };
    h.endInvocation({ Status: "SUCCEEDED", Result: "42" });
    const events = h.events();
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "InvocationCompleted", "ExecutionSucceeded"]);
    expect(events[1].InvocationCompletedDetails).toEqual({
      StartTimestamp: new Date(T0),
      EndTimestamp: new Date(T0),
      RequestId: requestId,
    });
    expect(events[2].ExecutionSucceededDetails).toEqual({ Result: { Payload: "42", Truncated: false } });
    expect(h.record.status).toBe("SUCCEEDED");
    expect(h.store.getOperations(h.arn)[0]).toMatchObject({ Type: "EXECUTION", Status: "SUCCEEDED" });
    expect(h.finished).toEqual([h.record]);
  });

  it("puts a thrown error into InvocationCompleted.Error and asks for a re-invocation", () => {
    const h = createHarness();
    h.store.completeInvocation(h.record, { kind: "error", error: { ErrorType: "Runtime.ExitError", ErrorMessage: "exit 1" } });
    const event = h.events()[1];
    expect(event.InvocationCompletedDetails!.Error).toEqual({
      Payload: { ErrorType: "Runtime.ExitError", ErrorMessage: "exit 1" },
      Truncated: false,
    });
    expect(h.record.isRunning).toBe(true);
    expect(h.ready.at(-1)).toBe(h.record);
  });

  it("fails the execution after too many consecutive invocation errors", () => {
    const h = createHarness();
    for (let i = 0; i < 3; i++) {
      if (i > 0) h.beginInvocation();
      h.store.completeInvocation(h.record, { kind: "error", error: { ErrorType: "Boom", ErrorMessage: `#${i}` } });
    }
    expect(h.record.status).toBe("FAILED");
    expect(h.events().at(-1)).toMatchObject({ EventType: "ExecutionFailed", ExecutionFailedDetails: { Error: { Payload: { ErrorMessage: "#2" } } } });
  });

  it("treats a malformed handler response as an invocation error", () => {
    const h = createHarness();
    h.endInvocation({ Status: "MAYBE" });
    expect(h.events()[1].InvocationCompletedDetails!.Error!.Payload).toMatchObject({ ErrorType: "Runtime.InvalidResponse" });
    expect(h.record.isRunning).toBe(true);
  });

  it("fails the execution when PENDING is returned with nothing pending", () => {
    const h = createHarness();
    h.send([step("s", "START"), step("s", "SUCCEED")]);
    h.endInvocation({ Status: "PENDING" });
    expect(h.record.status).toBe("FAILED");
    expect(h.record.error).toEqual({
      ErrorType: "InvalidParameterValueException",
      ErrorMessage: "Cannot return PENDING status with no pending operations.",
    });
    expect(eventTypes(h.events()).slice(-2)).toEqual(["InvocationCompleted", "ExecutionFailed"]);
  });

  it("applies an EXECUTION SUCCEED update after the invocation returns (oversized result path)", () => {
    const h = createHarness();
    h.send([{ Id: "execution-result-x", Type: "EXECUTION", Action: "SUCCEED", Payload: '"big"' }]);
    expect(h.record.isRunning).toBe(true);
    h.endInvocation({ Status: "SUCCEEDED", Result: "" });
    expect(h.record.result).toBe('"big"');
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "InvocationCompleted", "ExecutionSucceeded"]);
    expect(h.events()[2].ExecutionSucceededDetails!.Result.Payload).toBe('"big"');
  });

  it("defers ExecutionStopped until the alive invocation returns", () => {
    const h = createHarness();
    const token = h.token;
    h.store.stopExecution(h.arn, { ErrorType: "Stopped", ErrorMessage: "by test" });
    expect(h.record.status).toBe("STOPPED");
    expect(() => h.store.checkpoint({ DurableExecutionArn: h.arn, CheckpointToken: token, Updates: [] })).toThrow(/Invalid checkpoint token/);
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted"]);
    h.endInvocation({ Status: "SUCCEEDED", Result: "1" });
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "InvocationCompleted", "ExecutionStopped"]);
    expect(h.events()[2].ExecutionStoppedDetails).toEqual({ Error: { Payload: { ErrorType: "Stopped", ErrorMessage: "by test" }, Truncated: false } });
    expect(h.record.status).toBe("STOPPED");
    expect(() => h.store.stopExecution(h.arn)).toThrow(expect.objectContaining({ name: "ResourceConflictException" }));
  });

  it("times out an execution only when time passes its ExecutionTimeout", () => {
    const h = createHarness({ executionTimeoutSeconds: 10 });
    h.send([{ Id: "cb", Type: "CALLBACK", Action: "START", CallbackOptions: {} }]);
    h.endInvocation();
    expect(h.store.nextTimerDue()).toBeUndefined();
    expect(h.store.nextTimerDue(true)).toBe(T0 + 10_000);
    h.clock.advanceTo(T0 + 10_000);
    h.store.fireDueTimers();
    expect(h.record.status).toBe("TIMED_OUT");
    expect(eventTypes(h.events()).at(-1)).toBe("ExecutionTimedOut");
  });
});

describe("history: export", () => {
  it("strips payloads without IncludeExecutionData and serialises timestamps as ISO strings", () => {
    const h = createHarness({ inputPayload: '"in"' });
    h.send([step("s", "START"), step("s", "SUCCEED", { Payload: '"out"' })]);
    const stripped = h.store.getHistory(h.arn, { includeExecutionData: false });
    expect(stripped[0].ExecutionStartedDetails!.Input).toEqual({ Truncated: false });
    expect(stripped[2].StepSucceededDetails!.Result).toEqual({ Truncated: false });
    const json = historyToJson(h.events()) as Record<string, unknown>[];
    expect(json[1].EventTimestamp).toBe(new Date(T0).toISOString());
    // Copies: mutating an exported event does not touch the stored history.
    stripped[2].StepSucceededDetails!.RetryDetails.CurrentAttempt = 99;
    expect(h.events()[2].StepSucceededDetails!.RetryDetails.CurrentAttempt).toBe(1);
  });

  it("pages GetDurableExecutionHistory and supports ReverseOrder", () => {
    const h = createHarness();
    for (let i = 0; i < 5; i++) h.send([step(`s${i}`, "START"), step(`s${i}`, "SUCCEED")]);
    const first = h.store.getDurableExecutionHistory({ DurableExecutionArn: h.arn, MaxItems: 4 });
    expect(first.Events.map((e) => e.EventId)).toEqual([1, 2, 3, 4]);
    const second = h.store.getDurableExecutionHistory({ DurableExecutionArn: h.arn, MaxItems: 4, Marker: first.NextMarker });
    expect(second.Events.map((e) => e.EventId)).toEqual([5, 6, 7, 8]);
    const third = h.store.getDurableExecutionHistory({ DurableExecutionArn: h.arn, MaxItems: 4, Marker: second.NextMarker });
    expect(third.Events.map((e) => e.EventId)).toEqual([9, 10, 11]);
    expect(third.NextMarker).toBeUndefined();
    const reversed = h.store.getDurableExecutionHistory({ DurableExecutionArn: h.arn, ReverseOrder: true, IncludeExecutionData: true });
    expect(reversed.Events[0].EventId).toBe(11);
  });

  it("GetDurableExecutionHistory includes the execution data unless asked not to, as the API's default is true", () => {
    const h = createHarness();
    h.send([step("s", "START"), step("s", "SUCCEED", { Payload: '"done"' })]);
    const succeeded = (request: { IncludeExecutionData?: boolean }) =>
      h.store.getDurableExecutionHistory({ DurableExecutionArn: h.arn, ...request }).Events.find((e) => e.EventType === "StepSucceeded")!;
    expect(succeeded({}).StepSucceededDetails!.Result).toEqual({ Payload: '"done"', Truncated: false });
    expect(succeeded({ IncludeExecutionData: true })).toEqual(succeeded({}));
    expect(succeeded({ IncludeExecutionData: false }).StepSucceededDetails!.Result).toEqual({ Truncated: false });
  });
});

describe("history: chained invokes", () => {
  const start = {
    Id: "inv",
    Type: "CHAINED_INVOKE",
    SubType: "ChainedInvoke",
    Name: "call-target",
    Action: "START",
    Payload: '{"n":1}',
    ChainedInvokeOptions: { FunctionName: "target", TenantId: "tenant-a" },
  } as const;

  it("starts a durable target as a child execution and records ChainedInvokeStarted with its ARN", () => {
    const h = createHarness({ functions: { target: { kind: "durable" } } });
    h.send([start]);
    const [child] = h.store.listExecutions("target");
    expect(h.events()[1]).toEqual({
      EventType: "ChainedInvokeStarted",
      SubType: "ChainedInvoke",
      EventId: 2,
      Id: "inv",
      Name: "call-target",
      EventTimestamp: new Date(T0),
      ChainedInvokeStartedDetails: {
        FunctionName: "target",
        TenantId: "tenant-a",
        Input: { Payload: '{"n":1}', Truncated: false },
        ExecutedVersion: "$LATEST",
        DurableExecutionArn: child.DurableExecutionArn,
      },
    });
    const childRecord = h.store.getRecord(child.DurableExecutionArn);
    expect(childRecord.inputPayload).toBe('{"n":1}');
    expect(childRecord.tenantId).toBe("tenant-a");
    expect(h.ready).toContain(childRecord);
  });

  it("completes the caller's operation when the child finishes", () => {
    const h = createHarness({ functions: { target: { kind: "durable" } } });
    h.send([start]);
    h.endInvocation();
    const child = h.store.getRecord(h.store.listExecutions("target")[0].DurableExecutionArn);
    h.store.beginInvocation(child);
    h.store.completeInvocation(child, { kind: "returned", output: { Status: "SUCCEEDED", Result: '"done"' } });
    expect(h.record.get("inv")!.op).toMatchObject({ Status: "SUCCEEDED", ChainedInvokeDetails: { Result: '"done"' } });
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "ChainedInvokeStarted", "InvocationCompleted", "ChainedInvokeSucceeded"]);
    expect(h.events()[3].ChainedInvokeSucceededDetails).toEqual({ Result: { Payload: '"done"', Truncated: false } });
    expect(h.beginInvocation().input.UpdatedOperationIds).toEqual(["inv"]);
  });

  it("CANCEL stops the operation (ChainedInvokeStopped) and the child execution", () => {
    const h = createHarness({ functions: { target: { kind: "durable" } } });
    h.send([start]);
    h.send([{ Id: "inv", Type: "CHAINED_INVOKE", Action: "CANCEL" }]);
    expect(h.record.get("inv")!.op.Status).toBe("STOPPED");
    expect(h.events().at(-1)).toMatchObject({ EventType: "ChainedInvokeStopped", ChainedInvokeStoppedDetails: { Error: { Truncated: false } } });
    expect(h.store.listExecutions("target")[0].Status).toBe("STOPPED");
  });

  it("queues non-durable targets for the orchestrator and records no DurableExecutionArn", () => {
    const h = createHarness({ functions: { target: { kind: "plain" } } });
    h.send([start]);
    expect(h.events()[1].ChainedInvokeStartedDetails!.DurableExecutionArn).toBeUndefined();
    expect(h.store.takeLaunches()).toEqual([
      expect.objectContaining({ operationId: "inv", functionName: "target", payload: '{"n":1}', tenantId: "tenant-a", found: true }),
    ]);
    expect(h.store.hasLaunches).toBe(false);
  });
});
