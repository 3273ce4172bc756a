/**
 * The cloud runner's history index: operations rebuilt from GetDurableExecutionHistory events the
 * way the service holds them (retries PENDING, first start kept), pages read twice ignored, and
 * histories of endpoints that leave the Id off Execution* events accepted.
 */
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../src/local/history.js";
import { HistoryIndex, MalformedHistoryError } from "../../src/testing/cloud/history-index.js";

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
let nextId = 1;
function event(type: string, fields: Record<string, unknown> = {}, details: Record<string, unknown> = {}): HistoryEvent {
  return { EventType: type, EventId: nextId++, EventTimestamp: t(nextId), ...fields, [`${type}Details`]: details } as unknown as HistoryEvent;
}

describe("HistoryIndex", () => {
  it("follows a retried step through PENDING to SUCCEEDED and ignores a page read twice", () => {
    nextId = 1;
    const index = new HistoryIndex();
    const step = { Id: "s1", Name: "charge", SubType: "Step" };
    const page1 = [
      event("ExecutionStarted", {}, { Input: { Payload: "{}" } }),
      event("StepStarted", step),
      event("StepFailed", step, { Error: { Payload: { ErrorType: "Error", ErrorMessage: "boom" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 5 } }),
    ];
    expect(index.add(page1)).toBe(3);
    const pending = index.operation("s1")!;
    expect(pending.Status).toBe("PENDING");
    expect(pending.StepDetails).toMatchObject({ Attempt: 1, Error: { ErrorMessage: "boom" } });
    expect(pending.StepDetails!.NextAttemptTimestamp!.getTime()).toBe(page1[2]!.EventTimestamp.getTime() + 5000);
    expect(pending.EndTimestamp).toBeUndefined();

    const page2 = [
      event("StepStarted", step),
      event("StepSucceeded", step, { Result: { Payload: '"ok"' }, RetryDetails: { CurrentAttempt: 2 } }),
      event("InvocationCompleted", {}, { RequestId: "r1" }),
      event("ExecutionSucceeded", {}, { Result: { Payload: '"ok"' } }),
    ];
    expect(index.add([...page1, ...page2])).toBe(4);
    const done = index.operation("s1")!;
    expect(done).toMatchObject({ Status: "SUCCEEDED", StepDetails: { Attempt: 2, Result: '"ok"' } });
    expect(done.StepDetails!.Error).toBeUndefined();
    expect(done.StartTimestamp).toEqual(page1[1]!.EventTimestamp);
    expect(done.EndTimestamp).toEqual(page2[1]!.EventTimestamp);
    expect(index.eventsOf("s1")!.map((e) => e.EventType)).toEqual(["StepStarted", "StepFailed", "StepStarted", "StepSucceeded"]);
    expect(index.operationIds()).toEqual(["s1"]);
    expect(index.outcome).toEqual({ status: "SUCCEEDED", result: '"ok"', error: undefined });
    expect(index.historyEvents().map((e) => e.EventId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("indexes children, names, callbacks and chained-invoke results; refuses events it cannot place", () => {
    nextId = 1;
    const index = new HistoryIndex();
    index.add([
      event("ExecutionStarted", { Id: "exec" }, { Input: {} }),
      event("ContextStarted", { Id: "c1", Name: "approval", SubType: "WaitForCallback" }),
      event("CallbackStarted", { Id: "cb", ParentId: "c1", SubType: "Callback" }, { CallbackId: "token-1" }),
      event("CallbackFailed", { Id: "cb", ParentId: "c1", SubType: "Callback" }, { Error: { Payload: { ErrorType: "Rejected" } } }),
      event("ChainedInvokeStarted", { Id: "i1", Name: "child" }, { FunctionName: "f" }),
      event("ChainedInvokeSucceeded", { Id: "i1", Name: "child" }, { Result: { Payload: "7" } }),
      event("ExecutionFailed", { Id: "exec" }, { Error: { Payload: { ErrorType: "Rejected" } } }),
    ]);
    expect(index.childrenOf("c1")).toEqual(["cb"]);
    expect(index.idByName("approval", 0)).toBe("c1");
    expect(index.idByIndex(-1)).toBe("i1");
    expect(index.has("exec")).toBe(false);
    expect(index.operation("cb")).toMatchObject({ Status: "FAILED", CallbackDetails: { CallbackId: "token-1", Error: { ErrorType: "Rejected" } } });
    expect(index.operation("i1")?.ChainedInvokeDetails).toEqual({ Result: "7" });
    expect(index.outcome?.status).toBe("FAILED");

    expect(() => new HistoryIndex().add([event("StepStarted", {})])).toThrow(MalformedHistoryError);
    expect(() => new HistoryIndex().add([event("Teleported", { Id: "x" })])).toThrow(/unknown EventType "Teleported"/);
  });
});
