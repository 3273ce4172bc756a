/**
 * State changes that do not come from the handler's checkpoints: timers firing, callbacks completed
 * through the callback API, chained-invoke targets finishing, and the execution reaching a terminal
 * status. Each appends its history event and asks for a re-invocation where the handler must see it.
 */
import { EventType, ExecutionStatus, ExecutionStatusEndEvents, InvocationStatus, OperationStatus, OperationType, SERVICE_TRANSITIONS, type ErrorObject } from "../generated/index.js";
import { SERVICE_ERROR_OBJECTS } from "./errors.js";
import type { ExecutionOutcome, ExecutionRecord, FinishedExecutionStatus, OperationEntry, TimerKind } from "./execution-record.js";
import {
  errorEnvelope,
  inputEnvelope,
  type EventDetailsByType,
  type EventSubject,
  type HistoryEventType,
} from "./history.js";
import { subjectOf } from "./apply-update.js";

export interface LifecycleHooks {
  now(): number;
  /** The execution needs another invocation. */
  markReady(record: ExecutionRecord): void;
  cancelTimers(record: ExecutionRecord, entry: OperationEntry): void;
  /** Cancels every timer of the execution (it reached a terminal status). */
  cancelAllTimers(record: ExecutionRecord): void;
  /** Called right after the terminal event was appended. */
  finished(record: ExecutionRecord): void;
}

export const CALLBACK_TIMEOUT_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.callbackTimedOut();
export const CALLBACK_HEARTBEAT_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.callbackHeartbeatTimedOut();
export const NO_PENDING_OPERATIONS_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.pendingWithoutPendingOperations();

export const READY_IGNORED_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.pendingWhileReady();

export interface CallbackOutcome {
  status: typeof OperationStatus.SUCCEEDED | typeof OperationStatus.FAILED;
  result?: string;
  error?: ErrorObject;
}

export interface ChainedInvokeOutcome {
  status: OutcomeStatus;
  result?: string;
  error?: ErrorObject;
}

/** Marks the execution terminal now; the terminal event waits for an alive invocation to return. */
export function finishExecution(record: ExecutionRecord, outcome: ExecutionOutcome, hooks: LifecycleHooks): void {
  if (!record.isRunning) return;
  const now = hooks.now();
  record.status = outcome.status;
  record.result = outcome.result;
  record.error = outcome.error;
  record.endTimestamp = now;
  const executionEntry = record.get(record.executionOperationId);
  if (executionEntry) {
    record.setStatus(executionEntry, outcome.status, now);
    record.touch(executionEntry.op.Id!, false);
  }
  hooks.cancelAllTimers(record);
  const emit = terminalEventEmitter(record, outcome, hooks);
  if (record.invocation) record.deferredFinish = emit;
  else emit();
}

/**
 * What finishing an execution still has to do once no invocation is alive: append the terminal
 * Execution* event and run the `finished` hook (also used to rebuild `deferredFinish` on restore).
 */
export function terminalEventEmitter(record: ExecutionRecord, outcome: ExecutionOutcome, hooks: LifecycleHooks): () => void {
  return () => {
    appendOutcomeEvent(record, ExecutionStatusEndEvents[outcome.status][0], undefined, outcome, hooks.now());
    hooks.finished(record);
  };
}

/** How an execution (or a chained invoke) ended: every ExecutionStatus but RUNNING. */
type OutcomeStatus = FinishedExecutionStatus;

type ServiceTransition = (typeof SERVICE_TRANSITIONS)[keyof typeof SERVICE_TRANSITIONS];

/** Whether the schema's service transition `t` applies to an operation in this status. */
export const appliesTo = (t: ServiceTransition, status: OperationStatus | undefined): boolean => status !== undefined && (t.from as readonly string[]).includes(status);

/**
 * The service transition that ends a chained invoke whose target ended with `status`. The schema has
 * one, with its event, for each of CHAINED_INVOKE_DONE_STATUSES (checked by codegen/test/transitions.test.ts).
 */
const chainedInvokeEnd = (status: OutcomeStatus): ServiceTransition & { event: HistoryEventType } =>
  Object.values(SERVICE_TRANSITIONS).find((x) => x.type === OperationType.CHAINED_INVOKE && x.to === status && "event" in x) as ServiceTransition & {
    event: HistoryEventType;
  };

/**
 * Appends `type` (an Execution or ChainedInvoke outcome event) with `{Result}` or `{Error}` details
 * (ExecutionTimedOut without an error has empty details: its Error is optional).
 */
function appendOutcomeEvent(
  record: ExecutionRecord,
  type: HistoryEventType,
  subject: EventSubject | undefined,
  outcome: { status: OutcomeStatus; result?: string; error?: ErrorObject },
  now: number,
): void {
  let details: object;
  if (outcome.status === ExecutionStatus.SUCCEEDED) details = { Result: inputEnvelope(outcome.result) };
  else if (type === EventType.ExecutionTimedOut && outcome.error === undefined) details = {};
  else details = { Error: errorEnvelope(outcome.error) };
  record.history.append(type, now, subject, details as EventDetailsByType[HistoryEventType]);
}

function changed(record: ExecutionRecord, entry: OperationEntry, hooks: LifecycleHooks): void {
  record.touch(entry.op.Id!, true);
  // While an invocation is alive, its end decides whether another one is needed (see completeInvocation).
  if (!record.invocation) hooks.markReady(record);
}

/**
 * Applies a due timer, also while an invocation is alive (the handler sees the change in its next
 * checkpoint response). `at` is the completion time (default now).
 */
export function applyTimer(
  record: ExecutionRecord,
  kind: TimerKind,
  entry: OperationEntry | undefined,
  hooks: LifecycleHooks,
  at?: number,
): void {
  if (!record.isRunning) return;
  if (kind === "execution-timeout") {
    finishExecution(record, { status: ExecutionStatus.TIMED_OUT }, hooks);
    return;
  }
  if (kind === "reinvoke") {
    if (!record.invocation) hooks.markReady(record);
    return;
  }
  if (!entry) return;
  const op = entry.op;
  const now = at ?? hooks.now();
  // The status changes are the schema's service transitions (SERVICE_TRANSITIONS); nothing happens
  // when the operation is no longer in a status the transition applies in.
  if (kind === "wait") {
    const t = SERVICE_TRANSITIONS.waitElapsed;
    if (!appliesTo(t, op.Status)) return;
    record.setStatus(entry, t.to, now);
    record.history.append(t.event, now, subjectOf(op), entry.waitSeconds === undefined ? {} : { Duration: entry.waitSeconds });
  } else if (kind === "retry") {
    const t = SERVICE_TRANSITIONS.retryDue;
    if (!appliesTo(t, op.Status)) return;
    record.setStatus(entry, t.to);
  } else {
    const t = SERVICE_TRANSITIONS.callbackTimedOut;
    if (!appliesTo(t, op.Status)) return;
    const error = kind === "callback-timeout" ? CALLBACK_TIMEOUT_ERROR : CALLBACK_HEARTBEAT_ERROR;
    hooks.cancelTimers(record, entry);
    record.setStatus(entry, t.to, now);
    op.CallbackDetails = { ...op.CallbackDetails, Error: { ...error } };
    record.history.append(t.event, now, subjectOf(op), { Error: errorEnvelope({ ...error }) });
  }
  changed(record, entry, hooks);
}

/** Completes a STARTED callback through the callback API. */
export function applyCallbackOutcome(
  record: ExecutionRecord,
  entry: OperationEntry,
  outcome: CallbackOutcome,
  hooks: LifecycleHooks,
): void {
  const op = entry.op;
  const now = hooks.now();
  hooks.cancelTimers(record, entry);
  const details = { ...op.CallbackDetails };
  if (outcome.status === OperationStatus.SUCCEEDED) {
    const t = SERVICE_TRANSITIONS.callbackSucceeded;
    if (outcome.result !== undefined) details.Result = outcome.result;
    op.CallbackDetails = details;
    record.setStatus(entry, t.to, now);
    record.history.append(t.event, now, subjectOf(op), { Result: inputEnvelope(outcome.result) });
  } else {
    const t = SERVICE_TRANSITIONS.callbackFailed;
    if (outcome.error !== undefined) details.Error = outcome.error;
    op.CallbackDetails = details;
    record.setStatus(entry, t.to, now);
    record.history.append(t.event, now, subjectOf(op), { Error: errorEnvelope(outcome.error) });
  }
  changed(record, entry, hooks);
}

/** Completes a STARTED CHAINED_INVOKE operation with the target's outcome. */
export function applyChainedInvokeOutcome(
  record: ExecutionRecord,
  operationId: string,
  outcome: ChainedInvokeOutcome,
  hooks: LifecycleHooks,
): void {
  const entry = record.get(operationId);
  const t = chainedInvokeEnd(outcome.status);
  if (!record.isRunning || !entry || !appliesTo(t, entry.op.Status)) return;
  const op = entry.op;
  const now = hooks.now();
  const details: { Result?: string; Error?: ErrorObject } = {};
  if (outcome.result !== undefined) details.Result = outcome.result;
  if (outcome.error !== undefined) details.Error = outcome.error;
  op.ChainedInvokeDetails = details;
  record.setStatus(entry, t.to, now);
  appendOutcomeEvent(record, t.event, subjectOf(op), outcome, now);
  changed(record, entry, hooks);
}

export type ParsedOutput =
  | { status: InvocationStatus.SUCCEEDED; result?: string }
  | { status: InvocationStatus.FAILED; error?: ErrorObject }
  | { status: InvocationStatus.PENDING }
  | { invalid: ErrorObject };

/** Interprets a handler's DurableExecutionInvocationOutput. */
export function parseInvocationOutput(output: unknown): ParsedOutput {
  if (typeof output === "object" && output !== null) {
    const { Status, Result, Error: error } = output as { Status?: unknown; Result?: unknown; Error?: unknown };
    if (Status === InvocationStatus.SUCCEEDED) return typeof Result === "string" ? { status: InvocationStatus.SUCCEEDED, result: Result } : { status: InvocationStatus.SUCCEEDED };
    if (Status === InvocationStatus.FAILED) {
      return typeof error === "object" && error !== null ? { status: InvocationStatus.FAILED, error: error as ErrorObject } : { status: InvocationStatus.FAILED };
    }
    if (Status === InvocationStatus.PENDING) return { status: InvocationStatus.PENDING };
  }
  let shown: string;
  try {
    shown = JSON.stringify(output) ?? String(output);
  } catch {
    shown = String(output);
  }
  return {
    invalid: SERVICE_ERROR_OBJECTS.invalidHandlerResponse(shown.slice(0, 200)),
  };
}
