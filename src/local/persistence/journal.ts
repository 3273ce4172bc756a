/**
 * Persistence of the local durable service's state. The in-memory `DurableStore` stays the source of
 * truth; a `StoreJournal` receives, after every store call that changed something, one batch with
 * the changed executions, operations, new history events and timer changes (write-through). A
 * `StoreSnapshot` is the whole state in the same row shapes, which `DurableStore.restore` loads back.
 *
 * Rows reference live objects (operations, events): a journal must serialise them before `write`
 * returns.
 */
import type { ErrorObject, Operation } from "../../generated/index.js";
import type { ExecutionRecord, ExecutionRecordInit, ExecutionStatus, OperationEntry, RecordObserver, TimerKind } from "../execution-record.js";
import type { HistoryEvent } from "../history.js";
import type { TimerObserver } from "../service-timers.js";

/** What never changes about an execution (written once, when it starts): its record's init, the parent by key. */
export interface PersistedExecutionStart extends Omit<ExecutionRecordInit, "parent" | "namedByCaller"> {
  namedByCaller: boolean;
  /** Key and operation of the execution whose CHAINED_INVOKE started this one. */
  parentKey?: string;
  parentOperationId?: string;
}

/** What changes as an execution runs (rewritten whenever it changes). */
export interface PersistedExecutionState {
  key: string;
  status: ExecutionStatus;
  result?: string;
  error?: ErrorObject;
  endTimestamp?: number;
  /** Last checkpoint-token sequence number minted (tokens stay unique across restarts). */
  tokenSeq: number;
  /**
   * The invocation alive when this row was written (on restore it is treated as crashed);
   * `progressed`: it had sent a non-empty checkpoint.
   */
  invocation?: { requestId: string; startTimestamp: number; cutByShutdown?: boolean; progressed?: boolean };
  invocationCount: number;
  consecutiveInvocationErrors: number;
  /** UpdatedOperationIds of the next invocation. */
  externallyUpdated: string[];
  /** An invocation was requested and has not begun. */
  needsInvocation: boolean;
}

/** One execution, without its operations, events and timers. */
export type PersistedExecution = PersistedExecutionStart & PersistedExecutionState;

/** One operation and the service-side facts the wire `Operation` does not carry. */
export interface PersistedOperation {
  executionKey: string;
  op: Operation;
  waitSeconds?: number;
  callbackTimeoutSeconds?: number;
  callbackHeartbeatSeconds?: number;
  childArn?: string;
}

export interface PersistedEvent {
  executionKey: string;
  event: HistoryEvent;
}

/** A live timer; an operation has at most one per kind, the execution timeout has no operation. */
export interface PersistedTimer {
  executionKey: string;
  operationId?: string;
  kind: TimerKind;
  due: number;
}

/** A timer was armed, or released (fired and applied, or cancelled): remove it if it is still that one. */
export interface TimerChange extends PersistedTimer {
  change: "armed" | "released";
}

/** The whole state of a store. Executions in creation order, operations in start order per execution, events in EventId order. */
export interface StoreSnapshot {
  executions: PersistedExecution[];
  operations: PersistedOperation[];
  events: PersistedEvent[];
  timers: PersistedTimer[];
}

/**
 * The changes of one store call: executions started (their fixed part, before any state row of
 * theirs), the new state of every execution that changed, and timer changes in the order they happened.
 */
export interface JournalBatch {
  started: PersistedExecutionStart[];
  executions: PersistedExecutionState[];
  operations: PersistedOperation[];
  events: PersistedEvent[];
  timers: TimerChange[];
  /** Keys of executions whose retention ended: delete everything of theirs (applied after the rest). */
  evicted?: string[];
}

/** Receives each batch of changes; must persist it (atomically) before returning. */
export interface StoreJournal {
  write(batch: JournalBatch): void;
}

/**
 * JSON text of a row (Dates become ISO strings). With `replaceString`, every string value (not
 * key) passes through it first: a journal uses it to store long payloads once, elsewhere, and
 * leave a reference in the row.
 */
export function encodeRow(row: unknown, replaceString?: (value: string) => string): string {
  if (!replaceString) return JSON.stringify(row);
  return JSON.stringify(row, function (this: unknown, key: string, value: unknown) {
    return typeof value === "string" ? replaceString(value) : value;
  });
}

/**
 * A row back from `encodeRow`: ISO strings under `...Timestamp` keys become Dates again; with
 * `restoreString`, every string value passes through it first (the inverse of `replaceString`).
 */
export function decodeRow<T>(text: string, restoreString?: (value: string) => string): T {
  return JSON.parse(text, (key, raw: unknown) => {
    const value = typeof raw === "string" && restoreString ? restoreString(raw) : raw;
    if (typeof value === "string" && key.endsWith("Timestamp")) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return new Date(time);
    }
    return value;
  }) as T;
}

export function toPersistedExecutionStart(record: ExecutionRecord): PersistedExecutionStart {
  const row: PersistedExecutionStart = {
    key: record.key,
    arn: record.arn,
    name: record.name,
    namedByCaller: record.namedByCaller,
    functionName: record.functionName,
    functionArn: record.functionArn,
    startTimestamp: record.startTimestamp,
    executionTimeoutSeconds: record.executionTimeoutSeconds,
    executionOperationId: record.executionOperationId,
  };
  if (record.inputPayload !== undefined) row.inputPayload = record.inputPayload;
  if (record.tenantId !== undefined) row.tenantId = record.tenantId;
  if (record.parent) {
    row.parentKey = record.parent.record.key;
    row.parentOperationId = record.parent.operationId;
  }
  return row;
}

export function toPersistedExecutionState(record: ExecutionRecord): PersistedExecutionState {
  const row: PersistedExecutionState = {
    key: record.key,
    status: record.status,
    tokenSeq: record.tokenSeq,
    invocationCount: record.invocationCount,
    consecutiveInvocationErrors: record.consecutiveInvocationErrors,
    externallyUpdated: [...record.externallyUpdated],
    needsInvocation: record.needsInvocation,
  };
  if (record.result !== undefined) row.result = record.result;
  if (record.error !== undefined) row.error = record.error;
  if (record.endTimestamp !== undefined) row.endTimestamp = record.endTimestamp;
  if (record.invocation) {
    const { requestId, startTimestamp, cutByShutdown } = record.invocation;
    row.invocation = { requestId, startTimestamp };
    if (cutByShutdown) row.invocation.cutByShutdown = true;
    if (record.checkpointedDuringInvocation || record.invocation.progressed) row.invocation.progressed = true;
  }
  return row;
}

export function toPersistedExecution(record: ExecutionRecord): PersistedExecution {
  return { ...toPersistedExecutionStart(record), ...toPersistedExecutionState(record) };
}

/** Splits a snapshot's execution row into its fixed part and its state. */
export function splitExecution(row: PersistedExecution): { start: PersistedExecutionStart; state: PersistedExecutionState } {
  const { status, result, error, endTimestamp, tokenSeq, invocation, invocationCount, consecutiveInvocationErrors, externallyUpdated, needsInvocation, ...start } = row;
  const state: PersistedExecutionState = { key: row.key, status, tokenSeq, invocationCount, consecutiveInvocationErrors, externallyUpdated, needsInvocation };
  if (result !== undefined) state.result = result;
  if (error !== undefined) state.error = error;
  if (endTimestamp !== undefined) state.endTimestamp = endTimestamp;
  if (invocation !== undefined) state.invocation = invocation;
  return { start, state };
}

export function toPersistedOperation(record: ExecutionRecord, entry: OperationEntry): PersistedOperation {
  const row: PersistedOperation = { executionKey: record.key, op: entry.op };
  if (entry.waitSeconds !== undefined) row.waitSeconds = entry.waitSeconds;
  if (entry.callbackTimeoutSeconds !== undefined) row.callbackTimeoutSeconds = entry.callbackTimeoutSeconds;
  if (entry.callbackHeartbeatSeconds !== undefined) row.callbackHeartbeatSeconds = entry.callbackHeartbeatSeconds;
  if (entry.childArn !== undefined) row.childArn = entry.childArn;
  return row;
}

/**
 * Collects what changed during one store call (the store reports records it changed directly; the
 * records and timers report operation and timer changes) and hands it out as a `JournalBatch`.
 */
export class ChangeCollector implements RecordObserver, TimerObserver {
  /** While true nothing is collected (used while restoring). */
  paused = false;
  private readonly records = new Set<ExecutionRecord>();
  private started: PersistedExecutionStart[] = [];
  private readonly operations = new Map<ExecutionRecord, Set<string>>();
  private events: PersistedEvent[] = [];
  private timers: TimerChange[] = [];
  private evicted: string[] = [];

  /** The execution's retention ended: its rows are deleted. */
  executionEvicted(record: ExecutionRecord): void {
    if (!this.paused) this.evicted.push(record.key);
  }

  recordChanged(record: ExecutionRecord): void {
    if (!this.paused) this.records.add(record);
  }

  /** A new execution: its fixed part is written once, ahead of its state. */
  executionStarted(record: ExecutionRecord): void {
    if (this.paused) return;
    this.records.add(record);
    this.started.push(toPersistedExecutionStart(record));
  }

  operationChanged(record: ExecutionRecord, operationId: string): void {
    if (this.paused) return;
    this.records.add(record);
    let ids = this.operations.get(record);
    if (!ids) this.operations.set(record, (ids = new Set()));
    ids.add(operationId);
  }

  eventAppended(record: ExecutionRecord, event: HistoryEvent): void {
    if (this.paused) return;
    this.records.add(record);
    this.events.push({ executionKey: record.key, event });
  }

  timerArmed(record: ExecutionRecord, operationId: string | undefined, kind: TimerKind, due: number): void {
    this.timerChange(record, operationId, kind, due, "armed");
  }

  timerReleased(record: ExecutionRecord, operationId: string | undefined, kind: TimerKind, due: number): void {
    this.timerChange(record, operationId, kind, due, "released");
  }

  private timerChange(record: ExecutionRecord, operationId: string | undefined, kind: TimerKind, due: number, change: TimerChange["change"]): void {
    if (this.paused) return;
    this.records.add(record);
    const row: TimerChange = { executionKey: record.key, kind, due, change };
    if (operationId !== undefined) row.operationId = operationId;
    this.timers.push(row);
  }

  /** The collected changes (undefined when nothing changed); the collector starts over. */
  drain(): JournalBatch | undefined {
    if (this.records.size === 0 && this.evicted.length === 0) return undefined;
    const batch: JournalBatch = { started: this.started, executions: [], operations: [], events: this.events, timers: this.timers };
    if (this.evicted.length > 0) batch.evicted = this.evicted;
    for (const record of this.records) batch.executions.push(toPersistedExecutionState(record));
    for (const [record, ids] of this.operations) {
      for (const id of ids) {
        const entry = record.get(id);
        if (entry) batch.operations.push(toPersistedOperation(record, entry));
      }
    }
    this.records.clear();
    this.started = [];
    this.operations.clear();
    this.events = [];
    this.timers = [];
    this.evicted = [];
    return batch;
  }
}
