/**
 * Test helpers: a store on a virtual clock with one started execution and an invocation in progress,
 * plus a `send` helper that checkpoints with the current token and keeps the returned one.
 */
import { expect } from "vitest";
import type { CheckpointDurableExecutionResponse, OperationUpdate } from "../../src/generated/index.js";
import { VirtualClock } from "../../src/local/clock.js";
import type { ExecutionRecord } from "../../src/local/execution-record.js";
import type { HistoryEvent } from "../../src/local/history.js";
import { DurableStore, type FunctionInfo, type StoreListener } from "../../src/local/store.js";

export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

export interface Harness {
  clock: VirtualClock;
  store: DurableStore;
  record: ExecutionRecord;
  arn: string;
  token: string;
  ready: ExecutionRecord[];
  finished: ExecutionRecord[];
  /** Checkpoints with the current token and remembers the new one. */
  send(updates: OperationUpdate[]): CheckpointDurableExecutionResponse;
  /** Ends the current invocation with the given output (default PENDING). */
  endInvocation(output?: unknown): void;
  /** Starts a new invocation (fresh token). */
  beginInvocation(): ReturnType<DurableStore["beginInvocation"]>;
  events(): HistoryEvent[];
}

export function createHarness(
  options: { inputPayload?: string; functions?: Record<string, FunctionInfo>; executionTimeoutSeconds?: number } = {},
): Harness {
  const clock = new VirtualClock(T0);
  const functions = options.functions ?? {};
  const store = new DurableStore({ clock, lookupFunction: (name) => functions[name] });
  const ready: ExecutionRecord[] = [];
  const finished: ExecutionRecord[] = [];
  const listener: StoreListener = {
    onReady: (record) => ready.push(record),
    onFinished: (record) => finished.push(record),
    onLaunch: () => undefined,
  };
  store.listener = listener;
  const { record } = store.createExecution({
    functionName: "fn",
    inputPayload: options.inputPayload ?? '{"hello":"world"}',
    executionTimeoutSeconds: options.executionTimeoutSeconds,
  });
  const harness: Harness = {
    clock,
    store,
    record,
    arn: record.arn,
    token: "",
    ready,
    finished,
    send(updates) {
      const response = store.checkpoint({ DurableExecutionArn: record.arn, CheckpointToken: harness.token, Updates: updates });
      harness.token = response.CheckpointToken!;
      return response;
    },
    endInvocation(output = { Status: "PENDING" }) {
      store.completeInvocation(record, { kind: "returned", output });
    },
    beginInvocation() {
      const begun = store.beginInvocation(record);
      harness.token = begun.input.CheckpointToken;
      return begun;
    },
    events() {
      return store.getHistory(record.arn);
    },
  };
  harness.beginInvocation();
  return harness;
}

/** Asserts that `fn` throws an InvalidParameterValueException whose message matches `message`. */
export function expectInvalid(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected an InvalidParameterValueException").toBeDefined();
  expect(thrown).toMatchObject({
    name: "InvalidParameterValueException",
    $metadata: { httpStatusCode: 400 },
  });
  expect((thrown as Error).message).toMatch(message);
}

/** EventType list of the history, for compact order assertions. */
export function eventTypes(events: HistoryEvent[]): string[] {
  return events.map((event) => event.EventType);
}

export const step = (id: string, action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: id,
  Type: "STEP",
  SubType: "Step",
  Action: action,
  ...extra,
});
