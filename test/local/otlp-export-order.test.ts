/**
 * `spansFromHistory` links an operation to the invocations that ran part of it by the history's order, not
 * by timestamps alone: a callback completed right after an invocation ended, in the same millisecond, belongs
 * to the next invocation (which saw it complete), as the plugin's execution view has it.
 */
import { describe, expect, it } from "vitest";
import { EventType, OperationStatus, OperationSubType, OperationType, type Operation } from "../../src/generated/index.js";
import type { HistoryEvent } from "../../src/local/history.js";
import { spansFromHistory } from "../../src/local/otlp-export.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run/1";
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const invocation = (id: string, start: number, end: number): HistoryEvent =>
  ({ EventType: EventType.InvocationCompleted, EventTimestamp: at(end), InvocationCompletedDetails: { RequestId: id, StartTimestamp: at(start), EndTimestamp: at(end) } }) as HistoryEvent;

/** A callback created in invocation 1 and completed `completedAt` ms after the start (invocation 1 ends at 100). */
function callbackLinks(completedAt: number): string[] {
  const history = [
    { EventType: EventType.ExecutionStarted, EventTimestamp: at(0) },
    { EventType: EventType.CallbackStarted, EventTimestamp: at(50), Id: "cb" },
    invocation("req-1", 0, 100),
    { EventType: EventType.CallbackSucceeded, EventTimestamp: at(completedAt), Id: "cb" },
    invocation("req-2", 200, 300),
    { EventType: EventType.ExecutionSucceeded, EventTimestamp: at(300) },
  ] as HistoryEvent[];
  const callback: Operation = { Id: "cb", Type: OperationType.CALLBACK, SubType: OperationSubType.CALLBACK, Name: "approval", Status: OperationStatus.SUCCEEDED, StartTimestamp: at(50), EndTimestamp: at(completedAt) };
  const spans = spansFromHistory(ARN, history, [callback]);
  // The invocation spans come in history order: name them after their request ids.
  const names = new Map(spans.filter((s) => s.name === "Invocation").map((s, index) => [s.spanId, `req-${index + 1}`]));
  const span = spans.find((s) => s.name === "approval")!;
  return (span.links ?? []).map((link) => names.get(link.spanId) ?? link.spanId);
}

describe("spansFromHistory: which invocations ran part of an operation", () => {
  it("a callback completed between two invocations links to the one it was created in and the next", () => {
    expect(callbackLinks(150)).toEqual(["req-1", "req-2"]);
  });

  it("also when it completed in the same millisecond the first invocation ended (history order decides)", () => {
    expect(callbackLinks(100)).toEqual(["req-1", "req-2"]);
  });
});

describe("spansFromHistory: an operation that ended unsuccessfully without an error of its own", () => {
  it("records the plugins' fallback exception, '<name> ended <status>'", () => {
    const history = [
      { EventType: EventType.ExecutionStarted, EventTimestamp: at(0) },
      { EventType: EventType.WaitStarted, EventTimestamp: at(10), Id: "w" },
      { EventType: EventType.WaitCancelled, EventTimestamp: at(20), Id: "w" },
      invocation("req-1", 0, 30),
      { EventType: EventType.ExecutionSucceeded, EventTimestamp: at(30) },
    ] as HistoryEvent[];
    const wait: Operation = { Id: "w", Type: OperationType.WAIT, SubType: OperationSubType.WAIT, Name: "cool-off", Status: OperationStatus.CANCELLED, StartTimestamp: at(10), EndTimestamp: at(20) };
    const span = spansFromHistory(ARN, history, [wait]).find((s) => s.name === "cool-off")!;
    expect(span.status).toEqual({ code: 2, message: "cool-off ended CANCELLED" });
    expect(span.events?.[0]?.attributes).toEqual({ "exception.type": "Error", "exception.message": "cool-off ended CANCELLED" });
  });
});
