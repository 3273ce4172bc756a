import { describe, expect, it } from "vitest";
import { CALLBACK_OPTIONS_NONE_VALUES, type OperationUpdate } from "../../src/generated/index.js";
import { createHarness, eventTypes, T0 } from "./helpers.js";

const startCallback = (id: string, options: OperationUpdate["CallbackOptions"] = {}, name?: string): OperationUpdate => ({
  Id: id,
  Type: "CALLBACK",
  SubType: "Callback",
  Action: "START",
  CallbackOptions: options,
  ...(name ? { Name: name } : {}),
});

function started(h: ReturnType<typeof createHarness>, options: OperationUpdate["CallbackOptions"] = {}) {
  const response = h.send([startCallback("cb1", options, "approval")]);
  const callbackId = response.NewExecutionState!.Operations![0].CallbackDetails!.CallbackId!;
  h.endInvocation();
  return callbackId;
}

describe("callbacks", () => {
  it("mints an opaque CallbackId in the START response and records CallbackStarted", () => {
    const h = createHarness();
    const response = h.send([startCallback("cb1", { TimeoutSeconds: 5, HeartbeatTimeoutSeconds: 3 }, "approval")]);
    const op = response.NewExecutionState!.Operations![0];
    expect(op).toMatchObject({ Id: "cb1", Type: "CALLBACK", Status: "STARTED", Name: "approval" });
    const callbackId = op.CallbackDetails!.CallbackId!;
    expect(typeof callbackId).toBe("string");
    expect(h.events()[1]).toMatchObject({
      EventType: "CallbackStarted",
      SubType: "Callback",
      Name: "approval",
      CallbackStartedDetails: { CallbackId: callbackId, HeartbeatTimeout: 3, Timeout: 5 },
    });
    const other = createHarness();
    expect(other.send([startCallback("cb1")]).NewExecutionState!.Operations![0].CallbackDetails!.CallbackId).not.toBe(callbackId);
  });

  it("omits Timeout/HeartbeatTimeout when not configured", () => {
    const h = createHarness();
    h.send([startCallback("cb1")]);
    expect(Object.keys(h.events()[1].CallbackStartedDetails!)).toEqual(["CallbackId"]);
  });

  it("reads a timeout or heartbeat timeout of 0 as none, as leaving it out (CALLBACK_OPTIONS_NONE_VALUES, schema/wire.yaml)", () => {
    expect(CALLBACK_OPTIONS_NONE_VALUES).toEqual({ TimeoutSeconds: 0, HeartbeatTimeoutSeconds: 0 });
    const h = createHarness();
    const callbackId = started(h, { TimeoutSeconds: 0, HeartbeatTimeoutSeconds: 0 });
    expect(Object.keys(h.events()[1].CallbackStartedDetails!)).toEqual(["CallbackId"]);
    expect(h.store.nextTimerDue()).toBeUndefined();
    // No heartbeat timeout to restart: a heartbeat arms nothing.
    h.store.sendCallbackHeartbeat(callbackId);
    expect(h.store.nextTimerDue()).toBeUndefined();
    // One of them 0, the other set: only the set one applies.
    const other = createHarness();
    other.send([startCallback("cb1", { TimeoutSeconds: 0, HeartbeatTimeoutSeconds: 4 })]);
    expect(other.events()[1].CallbackStartedDetails).toEqual({ CallbackId: expect.any(String), HeartbeatTimeout: 4 });
    expect(other.store.nextTimerDue()).toBe(T0 + 4000);
  });

  it("completes with success: CallbackSucceeded with the raw result, a re-invocation and UpdatedOperationIds", () => {
    const h = createHarness();
    const callbackId = started(h);
    h.ready.length = 0;
    h.store.sendCallbackSuccess(callbackId, new TextEncoder().encode('"approved"'));
    const op = h.record.get("cb1")!.op;
    expect(op.Status).toBe("SUCCEEDED");
    expect(op.CallbackDetails).toEqual({ CallbackId: callbackId, Result: '"approved"' });
    expect(op.EndTimestamp).toEqual(new Date(T0));
    expect(h.events().at(-1)).toMatchObject({
      EventType: "CallbackSucceeded",
      Id: "cb1",
      Name: "approval",
      CallbackSucceededDetails: { Result: { Payload: '"approved"', Truncated: false } },
    });
    expect(h.ready).toEqual([h.record]);
    expect(h.beginInvocation().input.UpdatedOperationIds).toEqual(["cb1"]);
  });

  it("stores no Result for an empty success payload", () => {
    const h = createHarness();
    const callbackId = started(h);
    h.store.sendCallbackSuccess(callbackId, "");
    expect(h.record.get("cb1")!.op.CallbackDetails).toEqual({ CallbackId: callbackId });
    expect(h.events().at(-1)!.CallbackSucceededDetails).toEqual({ Result: { Truncated: false } });
  });

  it("completes with failure: CallbackFailed with the ErrorObject", () => {
    const h = createHarness();
    const callbackId = started(h);
    const error = { ErrorType: "RejectedError", ErrorMessage: "not approved" };
    h.store.sendCallbackFailure(callbackId, error);
    expect(h.record.get("cb1")!.op).toMatchObject({ Status: "FAILED", CallbackDetails: { Error: error } });
    expect(h.events().at(-1)!.CallbackFailedDetails).toEqual({ Error: { Payload: error, Truncated: false } });
  });

  it("rejects unknown ids and closed callbacks", () => {
    const h = createHarness();
    const callbackId = started(h);
    expect(() => h.store.sendCallbackSuccess("bogus")).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
    expect(() => h.store.sendCallbackSuccess("")).toThrow(expect.objectContaining({ name: "InvalidParameterValueException" }));
    h.store.sendCallbackSuccess(callbackId, "1");
    expect(() => h.store.sendCallbackSuccess(callbackId, "2")).toThrow(
      expect.objectContaining({ name: "CallbackTimeoutException", $metadata: { httpStatusCode: 400 } }),
    );
    expect(() => h.store.sendCallbackHeartbeat(callbackId)).toThrow(expect.objectContaining({ name: "CallbackTimeoutException" }));
  });

  it("times out after TimeoutSeconds with ErrorType Callback.Timeout", () => {
    const h = createHarness();
    const callbackId = started(h, { TimeoutSeconds: 5 });
    expect(h.store.nextTimerDue()).toBe(T0 + 5000);
    h.clock.advanceTo(T0 + 4999);
    expect(h.store.fireDueTimers()).toBe(0);
    h.clock.advanceTo(T0 + 5000);
    expect(h.store.fireDueTimers()).toBe(1);
    const op = h.record.get("cb1")!.op;
    expect(op.Status).toBe("TIMED_OUT");
    expect(op.CallbackDetails!.Error).toEqual({ ErrorType: "Callback.Timeout", ErrorMessage: "Callback timed out" });
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "CallbackStarted", "InvocationCompleted", "CallbackTimedOut"]);
    expect(h.events()[3]).toMatchObject({
      EventId: 4,
      Name: "approval",
      CallbackTimedOutDetails: { Error: { Payload: { ErrorType: "Callback.Timeout" }, Truncated: false } },
    });
    expect(() => h.store.sendCallbackSuccess(callbackId)).toThrow(expect.objectContaining({ name: "CallbackTimeoutException" }));
  });

  it("times out on a missed heartbeat with ErrorType Callback.Heartbeat; heartbeats re-arm the timer", () => {
    const h = createHarness();
    const callbackId = started(h, { HeartbeatTimeoutSeconds: 5, TimeoutSeconds: 100 });
    h.clock.advanceTo(T0 + 3000);
    h.store.sendCallbackHeartbeat(callbackId);
    expect(h.store.nextTimerDue()).toBe(T0 + 8000);
    h.clock.advanceTo(T0 + 5000);
    expect(h.store.fireDueTimers()).toBe(0);
    expect(h.record.get("cb1")!.op.Status).toBe("STARTED");
    h.clock.advanceTo(T0 + 8000);
    expect(h.store.fireDueTimers()).toBe(1);
    expect(h.record.get("cb1")!.op.Status).toBe("TIMED_OUT");
    expect(h.events().at(-1)!.CallbackTimedOutDetails!.Error!.Payload).toEqual({
      ErrorType: "Callback.Heartbeat",
      ErrorMessage: "Callback timed out on heartbeat",
    });
    // The overall timeout was cancelled with the callback.
    expect(h.store.nextTimerDue()).toBeUndefined();
  });

  it("accepts heartbeats for callbacks without a heartbeat timeout", () => {
    const h = createHarness();
    const callbackId = started(h);
    h.store.sendCallbackHeartbeat(callbackId);
    expect(h.record.get("cb1")!.op.Status).toBe("STARTED");
    expect(h.store.nextTimerDue()).toBeUndefined();
  });

  it("cancels timers when the callback completes or is cancelled", () => {
    const h = createHarness();
    const callbackId = started(h, { TimeoutSeconds: 5, HeartbeatTimeoutSeconds: 2 });
    h.store.sendCallbackSuccess(callbackId, "1");
    expect(h.store.nextTimerDue()).toBeUndefined();
    h.beginInvocation();
    h.send([startCallback("cb2", { TimeoutSeconds: 5 })]);
    h.send([{ Id: "cb2", Type: "CALLBACK", Action: "CANCEL" }]);
    expect(h.store.nextTimerDue()).toBeUndefined();
  });

  it("applies a callback completed during an invocation at once and re-invokes after it returns", () => {
    const h = createHarness();
    const response = h.send([startCallback("cb1")]);
    const callbackId = response.NewExecutionState!.Operations![0].CallbackDetails!.CallbackId!;
    h.store.sendCallbackSuccess(callbackId, "1");
    // The next checkpoint response reports the externally completed operation.
    const refresh = h.send([]);
    expect(refresh.NewExecutionState!.Operations!.map((o) => [o.Id, o.Status])).toEqual([["cb1", "SUCCEEDED"]]);
    h.ready.length = 0;
    h.endInvocation();
    expect(h.record.isRunning).toBe(true);
    expect(h.ready).toEqual([h.record]);
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "CallbackStarted", "CallbackSucceeded", "InvocationCompleted"]);
  });
});

describe("timers that fall due while an invocation is alive (as on the service)", () => {
  it("complete then; the next checkpoint response carries the change, so no re-invocation follows", () => {
    const h = createHarness();
    h.send([{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 0 } }]);
    h.send([{ Id: "w2", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 60 } }]);
    h.ready.length = 0;
    expect(h.store.fireDueTimers()).toBe(1);
    expect(h.record.get("w")!.op.Status).toBe("SUCCEEDED");
    expect(h.ready).toHaveLength(0);
    const refresh = h.send([]);
    expect(refresh.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status])).toEqual([["w", "SUCCEEDED"]]);
    h.endInvocation();
    expect(eventTypes(h.events())).toEqual(["ExecutionStarted", "WaitStarted", "WaitStarted", "WaitSucceeded", "InvocationCompleted"]);
    expect(h.ready).toHaveLength(0);
  });

  it("re-invoke after a PENDING answer when no checkpoint response carried the change", () => {
    const h = createHarness();
    h.send([{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 0 } }]);
    h.send([{ Id: "w2", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 60 } }]);
    h.ready.length = 0;
    expect(h.store.fireDueTimers()).toBe(1);
    h.endInvocation();
    expect(h.ready).toEqual([h.record]);
    const next = h.beginInvocation();
    expect(next.input.UpdatedOperationIds).toEqual(["w"]);
  });
});
