/**
 * What the UI shows of one execution, rebuilt from its history events (GetDurableExecutionHistory):
 * the operation tree with attempts and durations, the invocations with their outcome, and the
 * pending callbacks. Pure functions (no DOM), so they are unit-tested in Node.
 */

/** A payload envelope of an event (EventInput / EventResult). */
export interface WirePayload {
  Payload?: string;
  Truncated?: boolean;
}

/** Lambda's ErrorObject. */
export interface WireErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

/** A history event as the Lambda API sends it (timestamps in epoch seconds). */
export interface WireEvent {
  EventType: string;
  EventId: number;
  EventTimestamp: number;
  Id?: string;
  Name?: string;
  ParentId?: string;
  SubType?: string;
  [details: string]: unknown;
}

/** An execution as GetDurableExecution / ListDurableExecutionsByFunction describe it. */
export interface WireExecution {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: string;
  StartTimestamp: number;
  EndTimestamp?: number;
  InputPayload?: string;
  Result?: string;
  Error?: WireErrorObject;
}

export type OperationStatus = "STARTED" | "PENDING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "CANCELLED" | "STOPPED";

export interface Attempt {
  /** 1-based. */
  number: number;
  startMs: number;
  endMs: number | undefined;
  outcome: "running" | "succeeded" | "failed";
  error: WireErrorObject | undefined;
  /** Delay before the next attempt, when one was scheduled. */
  nextAttemptDelaySeconds: number | undefined;
}

export interface OperationView {
  id: string;
  parentId: string | undefined;
  name: string | undefined;
  /** Step, Context, Wait, Callback or ChainedInvoke. */
  type: string;
  subType: string | undefined;
  status: OperationStatus;
  startMs: number;
  endMs: number | undefined;
  attempts: Attempt[];
  result: WirePayload | undefined;
  error: WireErrorObject | undefined;
  callbackId: string | undefined;
  callbackTimeoutSeconds: number | undefined;
  heartbeatTimeoutSeconds: number | undefined;
  waitSeconds: number | undefined;
  scheduledEndMs: number | undefined;
  /** For a chained invoke: the function it called. */
  functionName: string | undefined;
  children: OperationView[];
  events: WireEvent[];
}

export interface InvocationView {
  /** 1-based, in order. */
  number: number;
  requestId: string | undefined;
  startMs: number;
  endMs: number;
  error: WireErrorObject | undefined;
  /** What the invocation ended with: an error, the execution's end, or a suspension (PENDING). */
  outcome: "error" | "succeeded" | "failed" | "pending";
}

export interface ExecutionModel {
  /** Top-level operations, each with its children, in the order they started. */
  roots: OperationView[];
  /** Every operation, in the order it started. */
  operations: OperationView[];
  invocations: InvocationView[];
  /** Callbacks still waiting for an answer. */
  pendingCallbacks: OperationView[];
  input: WirePayload | undefined;
  result: WirePayload | undefined;
  error: WireErrorObject | undefined;
  startMs: number | undefined;
  endMs: number | undefined;
}

const OPERATION_TYPES = ["ChainedInvoke", "Callback", "Context", "Step", "Wait"] as const;
const ENDINGS: Record<string, OperationStatus> = {
  Started: "STARTED",
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Cancelled: "CANCELLED",
  Stopped: "STOPPED",
};

/** Splits "StepSucceeded" into ["Step", "Succeeded"]; undefined for other event types. */
export function splitEventType(eventType: string): [string, string] | undefined {
  for (const type of OPERATION_TYPES) {
    if (eventType.startsWith(type)) {
      const ending = eventType.slice(type.length);
      if (ending in ENDINGS) return [type, ending];
    }
  }
  return undefined;
}

/** The `<EventType>Details` object of an event (empty when absent). */
export function detailsOf(event: WireEvent): Record<string, unknown> {
  const details = event[`${event.EventType}Details`];
  return typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {};
}

const toMs = (seconds: unknown): number | undefined => (typeof seconds === "number" ? seconds * 1000 : undefined);
const payloadOf = (value: unknown): WirePayload | undefined => (typeof value === "object" && value !== null ? (value as WirePayload) : undefined);
function errorOf(value: unknown): WireErrorObject | undefined {
  const envelope = payloadOf(value) as { Payload?: unknown } | undefined;
  const error = envelope?.Payload;
  return typeof error === "object" && error !== null ? (error as WireErrorObject) : undefined;
}
const numberOf = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

function newOperation(event: WireEvent, type: string): OperationView {
  return {
    id: event.Id ?? `event-${event.EventId}`,
    parentId: event.ParentId,
    name: event.Name,
    type,
    subType: event.SubType,
    status: "STARTED",
    startMs: event.EventTimestamp * 1000,
    endMs: undefined,
    attempts: [],
    result: undefined,
    error: undefined,
    callbackId: undefined,
    callbackTimeoutSeconds: undefined,
    heartbeatTimeoutSeconds: undefined,
    waitSeconds: undefined,
    scheduledEndMs: undefined,
    functionName: undefined,
    children: [],
    events: [],
  };
}

function applyStepEvent(op: OperationView, ending: string, event: WireEvent, details: Record<string, unknown>): void {
  const at = event.EventTimestamp * 1000;
  if (ending === "Started") {
    op.attempts.push({ number: op.attempts.length + 1, startMs: at, endMs: undefined, outcome: "running", error: undefined, nextAttemptDelaySeconds: undefined });
    op.status = "STARTED";
    return;
  }
  const retry = (details.RetryDetails ?? {}) as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
  let attempt = op.attempts[op.attempts.length - 1];
  if (!attempt || attempt.endMs !== undefined) {
    // No StepStarted for this attempt (e.g. a step checkpointed only at its end).
    attempt = { number: op.attempts.length + 1, startMs: at, endMs: undefined, outcome: "running", error: undefined, nextAttemptDelaySeconds: undefined };
    op.attempts.push(attempt);
  }
  if (typeof retry.CurrentAttempt === "number") attempt.number = retry.CurrentAttempt;
  attempt.endMs = at;
  attempt.outcome = ending === "Succeeded" ? "succeeded" : "failed";
  attempt.error = ending === "Failed" ? errorOf(details.Error) : undefined;
  attempt.nextAttemptDelaySeconds = numberOf(retry.NextAttemptDelaySeconds);
  if (ending === "Succeeded") op.result = payloadOf(details.Result);
  if (ending === "Failed") op.error = errorOf(details.Error);
  // A failed attempt with a next attempt scheduled leaves the step pending; a continuing
  // waitForCondition succeeds an attempt with a delay, and is pending too.
  if (attempt.nextAttemptDelaySeconds !== undefined) {
    op.status = "PENDING";
    op.endMs = undefined;
  } else {
    op.status = ENDINGS[ending]!;
    op.endMs = at;
  }
}

/** Rebuilds the operations, invocations and payloads of one execution from its history. */
export function buildExecutionModel(events: readonly WireEvent[]): ExecutionModel {
  const sorted = [...events].sort((a, b) => a.EventId - b.EventId);
  const byId = new Map<string, OperationView>();
  const operations: OperationView[] = [];
  const invocations: InvocationView[] = [];
  const model: ExecutionModel = {
    roots: [],
    operations,
    invocations,
    pendingCallbacks: [],
    input: undefined,
    result: undefined,
    error: undefined,
    startMs: undefined,
    endMs: undefined,
  };
  let executionEnding: "succeeded" | "failed" | undefined;
  for (const event of sorted) {
    const details = detailsOf(event);
    if (event.EventType === "InvocationCompleted") {
      const error = errorOf(details.Error);
      invocations.push({
        number: invocations.length + 1,
        requestId: typeof details.RequestId === "string" ? details.RequestId : undefined,
        startMs: toMs(details.StartTimestamp) ?? event.EventTimestamp * 1000,
        endMs: toMs(details.EndTimestamp) ?? event.EventTimestamp * 1000,
        error,
        outcome: error ? "error" : "pending",
      });
      continue;
    }
    if (event.EventType.startsWith("Execution")) {
      const ending = event.EventType.slice("Execution".length);
      if (ending === "Started") {
        model.startMs = event.EventTimestamp * 1000;
        model.input = payloadOf(details.Input);
      } else {
        model.endMs = event.EventTimestamp * 1000;
        if (ending === "Succeeded") model.result = payloadOf(details.Result);
        else model.error = errorOf(details.Error);
        executionEnding = ending === "Succeeded" ? "succeeded" : "failed";
      }
      continue;
    }
    const split = splitEventType(event.EventType);
    if (!split) continue;
    const [type, ending] = split;
    const key = event.Id ?? `event-${event.EventId}`;
    let op = byId.get(key);
    if (!op) {
      op = newOperation(event, type);
      byId.set(key, op);
      operations.push(op);
    }
    op.events.push(event);
    op.name ??= event.Name;
    op.subType ??= event.SubType;
    if (type === "Step") {
      applyStepEvent(op, ending, event, details);
      continue;
    }
    op.status = ENDINGS[ending]!;
    if (ending === "Started") {
      if (type === "Wait") {
        op.waitSeconds = numberOf(details.Duration);
        op.scheduledEndMs = toMs(details.ScheduledEndTimestamp);
      } else if (type === "Callback") {
        op.callbackId = typeof details.CallbackId === "string" ? details.CallbackId : undefined;
        op.callbackTimeoutSeconds = numberOf(details.Timeout);
        op.heartbeatTimeoutSeconds = numberOf(details.HeartbeatTimeout);
      } else if (type === "ChainedInvoke") {
        op.functionName = typeof details.FunctionName === "string" ? details.FunctionName : undefined;
      }
      continue;
    }
    op.endMs = event.EventTimestamp * 1000;
    if (ending === "Succeeded") op.result = payloadOf(details.Result);
    else op.error = errorOf(details.Error);
  }
  // The last invocation ended the execution when the execution ended after it.
  const last = invocations[invocations.length - 1];
  if (last && executionEnding && last.outcome !== "error") last.outcome = executionEnding;

  for (const op of operations) {
    const parent = op.parentId === undefined ? undefined : byId.get(op.parentId);
    if (parent) parent.children.push(op);
    else model.roots.push(op);
  }
  model.pendingCallbacks = operations.filter((op) => op.type === "Callback" && op.status === "STARTED" && op.callbackId !== undefined);
  return model;
}

/** The display name of an operation: its name, else its parent's name for an unnamed child (e.g. a waitForCallback's callback), else its type. */
export function labelOf(op: OperationView, byId?: ReadonlyMap<string, OperationView>): string {
  if (op.name) return op.name;
  const parent = op.parentId !== undefined ? byId?.get(op.parentId) : undefined;
  if (parent?.name) {
    if (op.type === "Callback") return `${parent.name} (callback)`;
    if (op.subType === "WaitForCallbackSubmitter" || parent.subType === "WaitForCallback") return `${parent.name} (submitter)`;
  }
  return op.subType ?? op.type;
}

/** Operations in tree order (parents before their children) with their depth. */
export function flattenTree(roots: readonly OperationView[]): { op: OperationView; depth: number }[] {
  const out: { op: OperationView; depth: number }[] = [];
  const visit = (op: OperationView, depth: number): void => {
    out.push({ op, depth });
    for (const child of op.children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return out;
}
