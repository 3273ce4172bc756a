/**
 * Applies one (already validated) OperationUpdate to an execution: creates or changes the operation
 * (see docs/guide/internals-local-service.md#applying-updates) and appends the matching
 * history event (see docs/guide/internals-local-service.md#history). The status an update leaves and
 * the event it records are the schema's transition table (OPERATION_TRANSITIONS, schema/transitions.yaml).
 */
import {
  CALLBACK_OPTIONS_NONE_VALUES,
  OPERATION_START_ACTION,
  OPERATION_TRANSITIONS,
  OperationAction,
  OperationType,
  operationTransition,
  type CallbackOptions,
  type Operation,
  type OperationUpdate,
} from "../generated/index.js";
import type { ExecutionOutcome, ExecutionRecord, OperationEntry, TimerKind } from "./execution-record.js";
import { errorEnvelope, inputEnvelope, type CallbackStartedDetails, type ChainedInvokeStartedDetails, type EventSubject } from "./history.js";
import { LATEST_VERSION } from "./store-constants.js";


/** Side effects of applying updates that need service-wide state (timers, ids, other executions). */
export interface UpdateEffects {
  now(): number;
  armTimer(record: ExecutionRecord, entry: OperationEntry, kind: TimerKind, due: number): void;
  cancelTimers(record: ExecutionRecord, entry: OperationEntry): void;
  mintCallbackId(record: ExecutionRecord, operationId: string): string;
  /** Starts the target of a CHAINED_INVOKE; returns the child execution ARN for durable targets. */
  startChainedInvoke(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate): string | undefined;
  stopChainedInvoke(record: ExecutionRecord, entry: OperationEntry): void;
  /** An EXECUTION SUCCEED/FAIL update announced the final outcome. */
  announceOutcome(record: ExecutionRecord, outcome: ExecutionOutcome): void;
}

export function subjectOf(op: Operation): EventSubject {
  return { Id: op.Id, Name: op.Name, ParentId: op.ParentId, SubType: op.SubType };
}

function createOperation(record: ExecutionRecord, update: OperationUpdate, now: number): OperationEntry {
  const op = { Id: update.Id } as Operation;
  if (update.ParentId != null) op.ParentId = update.ParentId;
  if (update.Name != null) op.Name = update.Name;
  op.Type = update.Type;
  if (update.SubType != null) op.SubType = update.SubType;
  op.StartTimestamp = new Date(now);
  // Created by its first update: in the status its start (transitions.yaml startAction) leaves; another first
  // update moves it on. Present: codegen checks that every type but those flagged noStoredOperation (EXECUTION,
  // never created here) has that row.
  op.Status = operationTransition(update.Type, OPERATION_START_ACTION)!.to;
  return record.addOperation(op);
}

const { STEP, CONTEXT, WAIT, CALLBACK, CHAINED_INVOKE, EXECUTION } = OPERATION_TRANSITIONS;

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | null): void {
  if (value === undefined || value === null) delete target[key];
  else target[key] = value;
}

function applyStep(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number): void {
  const op = entry.op;
  const subject = subjectOf(op);
  if (update.Action === OperationAction.START) {
    record.setStatus(entry, STEP.START.to);
    record.history.append(STEP.START.event, now, subject, {});
    return;
  }
  const details = (op.StepDetails ??= {});
  const attempt = (details.Attempt ?? 0) + 1;
  details.Attempt = attempt;
  setOrDelete(details, "Result", update.Payload);
  setOrDelete(details, "Error", update.Error);
  if (update.Action === OperationAction.RETRY) {
    const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
    const due = now + delaySeconds * 1000;
    details.NextAttemptTimestamp = new Date(due);
    record.setStatus(entry, STEP.RETRY.to);
    fx.armTimer(record, entry, "retry", due);
    const retryDetails = { CurrentAttempt: attempt, NextAttemptDelaySeconds: delaySeconds };
    if (update.Error != null) {
      record.history.append(STEP.RETRY.errorEvent, now, subject, { Error: errorEnvelope(update.Error), RetryDetails: retryDetails });
    } else {
      record.history.append(STEP.RETRY.event, now, subject, { Result: inputEnvelope(update.Payload ?? undefined), RetryDetails: retryDetails });
    }
    return;
  }
  delete details.NextAttemptTimestamp;
  if (update.Action === OperationAction.SUCCEED) {
    record.setStatus(entry, STEP.SUCCEED.to, now);
    record.history.append(STEP.SUCCEED.event, now, subject, {
      Result: inputEnvelope(update.Payload ?? undefined),
      RetryDetails: { CurrentAttempt: attempt },
    });
  } else {
    record.setStatus(entry, STEP.FAIL.to, now);
    record.history.append(STEP.FAIL.event, now, subject, {
      Error: errorEnvelope(update.Error ?? undefined),
      RetryDetails: { CurrentAttempt: attempt },
    });
  }
}

function applyContext(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number): void {
  const op = entry.op;
  const replayChildren = update.ContextOptions?.ReplayChildren;
  if (update.Action === OperationAction.START) {
    if (replayChildren != null) op.ContextDetails = { ...op.ContextDetails, ReplayChildren: replayChildren };
    record.history.append(CONTEXT.START.event, now, subjectOf(op), {});
    return;
  }
  const details = (op.ContextDetails ??= {});
  if (replayChildren != null) details.ReplayChildren = replayChildren;
  setOrDelete(details, "Result", update.Payload);
  setOrDelete(details, "Error", update.Error);
  if (update.Action === OperationAction.SUCCEED) {
    record.setStatus(entry, CONTEXT.SUCCEED.to, now);
    record.history.append(CONTEXT.SUCCEED.event, now, subjectOf(op), { Result: inputEnvelope(update.Payload ?? undefined) });
  } else {
    record.setStatus(entry, CONTEXT.FAIL.to, now);
    record.history.append(CONTEXT.FAIL.event, now, subjectOf(op), { Error: errorEnvelope(update.Error ?? undefined) });
  }
}

function applyWait(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number): void {
  const op = entry.op;
  if (update.Action === OperationAction.START) {
    const seconds = update.WaitOptions?.WaitSeconds ?? 0;
    const due = now + seconds * 1000;
    entry.waitSeconds = seconds;
    op.WaitDetails = { ScheduledEndTimestamp: new Date(due) };
    fx.armTimer(record, entry, "wait", due);
    record.history.append(WAIT.START.event, now, subjectOf(op), { Duration: seconds, ScheduledEndTimestamp: new Date(due) });
    return;
  }
  fx.cancelTimers(record, entry);
  record.setStatus(entry, WAIT.CANCEL.to, now);
  record.history.append(WAIT.CANCEL.event, now, subjectOf(op), update.Error != null ? { Error: errorEnvelope(update.Error) } : {});
}

/**
 * A CallbackOptions timeout as the service applies it: undefined (none) when unset or the field's value that
 * means none (CALLBACK_OPTIONS_NONE_VALUES, schema/wire.yaml `none:`). The batch was validated: a set value is a
 * finite number of 0 or more.
 */
function callbackTimeout(options: CallbackOptions | undefined | null, field: keyof typeof CALLBACK_OPTIONS_NONE_VALUES): number | undefined {
  const value: number | undefined | null = options?.[field];
  return value === undefined || value === null || value === CALLBACK_OPTIONS_NONE_VALUES[field] ? undefined : value;
}

function applyCallback(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number): void {
  const op = entry.op;
  if (update.Action === OperationAction.START) {
    const callbackId = fx.mintCallbackId(record, op.Id!);
    op.CallbackDetails = { CallbackId: callbackId };
    const timeout = callbackTimeout(update.CallbackOptions, "TimeoutSeconds");
    const heartbeat = callbackTimeout(update.CallbackOptions, "HeartbeatTimeoutSeconds");
    entry.callbackTimeoutSeconds = timeout;
    entry.callbackHeartbeatSeconds = heartbeat;
    if (timeout !== undefined) fx.armTimer(record, entry, "callback-timeout", now + timeout * 1000);
    if (heartbeat !== undefined) fx.armTimer(record, entry, "callback-heartbeat", now + heartbeat * 1000);
    const details: CallbackStartedDetails = { CallbackId: callbackId };
    if (heartbeat !== undefined) details.HeartbeatTimeout = heartbeat;
    if (timeout !== undefined) details.Timeout = timeout;
    record.history.append(CALLBACK.START.event, now, subjectOf(op), details);
    return;
  }
  // CANCEL records no event (the schema's row has none: the history format has no CallbackCancelled).
  fx.cancelTimers(record, entry);
  record.setStatus(entry, CALLBACK.CANCEL.to, now);
}

function applyChainedInvoke(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number): void {
  const op = entry.op;
  if (update.Action === OperationAction.START) {
    const functionName = update.ChainedInvokeOptions!.FunctionName!;
    const tenantId = update.ChainedInvokeOptions?.TenantId ?? undefined;
    const childArn = fx.startChainedInvoke(record, entry, update);
    entry.childArn = childArn;
    // Key order of the service model: FunctionName, TenantId, Input, ExecutedVersion, DurableExecutionArn.
    const details: ChainedInvokeStartedDetails = { FunctionName: functionName };
    if (tenantId !== undefined) details.TenantId = tenantId;
    details.Input = inputEnvelope(update.Payload ?? undefined);
    details.ExecutedVersion = LATEST_VERSION;
    if (childArn !== undefined) details.DurableExecutionArn = childArn;
    record.history.append(CHAINED_INVOKE.START.event, now, subjectOf(op), details);
    return;
  }
  record.setStatus(entry, CHAINED_INVOKE.CANCEL.to, now);
  if (update.Error != null) op.ChainedInvokeDetails = { Error: update.Error };
  record.history.append(CHAINED_INVOKE.CANCEL.event, now, subjectOf(op), { Error: errorEnvelope(update.Error ?? undefined) });
  fx.stopChainedInvoke(record, entry);
}

type Applier = (record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, fx: UpdateEffects, now: number) => void;

const APPLIERS: Record<Exclude<OperationType, typeof OperationType.EXECUTION>, Applier> = {
  STEP: applyStep,
  CONTEXT: applyContext,
  WAIT: applyWait,
  CALLBACK: applyCallback,
  CHAINED_INVOKE: applyChainedInvoke,
};

/** Applies one validated update; `external` is false because updates come from the handler. */
export function applyUpdate(record: ExecutionRecord, update: OperationUpdate, fx: UpdateEffects): void {
  if (update.Type === OperationType.EXECUTION) {
    fx.announceOutcome(
      record,
      update.Action === OperationAction.SUCCEED
        ? { status: EXECUTION.SUCCEED.to, result: update.Payload ?? undefined }
        : { status: EXECUTION.FAIL.to, error: update.Error ?? undefined },
    );
    return;
  }
  // One reading of the clock per update: the operation's StartTimestamp, its history event and the timers
  // it arms (a callback's timeout is due exactly `timeout` after the start) share it, also on a clock that
  // runs at real speed.
  const now = fx.now();
  const entry = record.get(update.Id!) ?? createOperation(record, update, now);
  APPLIERS[update.Type!](record, entry, update, fx, now);
  record.touch(update.Id!, false);
}
