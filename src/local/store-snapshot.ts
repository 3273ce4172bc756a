/**
 * The store's state as journal rows, and back: taking a snapshot of every execution, rebuilding the
 * execution records from one (re-arming their timers), and resuming what each rebuilt execution was
 * doing when the snapshot was taken (`DurableStore.restore` runs the three).
 */
import { ExecutionRecord, type ExecutionOutcome, type OperationEntry, type TimerKind } from "./execution-record.js";
import { completeInvocation, type InvocationDeps } from "./invocations.js";
import { terminalEventEmitter } from "./lifecycle.js";
import {
  RESTART_AFTER_PROGRESS_INVOCATION_ERROR,
  RESTART_INVOCATION_ERROR,
  SHUTDOWN_INVOCATION_ERROR,
  TERMINAL_EVENTS,
} from "./store-constants.js";
import type { InvocationResult } from "./store-types.js";
import {
  splitExecution,
  toPersistedExecution,
  toPersistedOperation,
  type PersistedExecution,
  type StoreSnapshot,
} from "./persistence/journal.js";

/** The whole state (executions, operations, history, live timers) as journal rows (deep copies). */
export function takeSnapshot(records: Iterable<ExecutionRecord>): StoreSnapshot {
  const snapshot: StoreSnapshot = { executions: [], operations: [], events: [], timers: [] };
  for (const record of records) {
    snapshot.executions.push(structuredClone(toPersistedExecution(record)));
    for (const entry of record.operations.values()) snapshot.operations.push(structuredClone(toPersistedOperation(record, entry)));
    for (const event of record.history.all()) snapshot.events.push({ executionKey: record.key, event: structuredClone(event) });
    for (const timer of record.timers) {
      const payload = timer.payload;
      if (payload.kind === "action") continue;
      snapshot.timers.push({
        executionKey: record.key,
        kind: payload.kind,
        due: timer.due,
        ...(payload.operationId !== undefined ? { operationId: payload.operationId } : {}),
      });
    }
  }
  return snapshot;
}

/** What rebuilding needs from the store. */
export interface RebuildDeps {
  /** A record already in the store under this key. */
  findByKey(key: string): ExecutionRecord | undefined;
  /** Wires a rebuilt record into the store (indexes, listener, journal). */
  adopt(record: ExecutionRecord): void;
  /** Re-arms one of a running execution's timers. */
  armTimer(record: ExecutionRecord, kind: TimerKind, due: number, entry: OperationEntry | undefined): void;
}

/** Rebuilds (and adopts) every execution of the snapshot, parents before children; returns them in build order. */
export function rebuildRecords(snapshot: StoreSnapshot, deps: RebuildDeps): ExecutionRecord[] {
  const rows = new Map<string, PersistedExecution>();
  for (const row of snapshot.executions) rows.set(row.key, row);
  const operations = groupByExecution(snapshot.operations);
  const events = groupByExecution(snapshot.events);
  const timers = groupByExecution(snapshot.timers);
  const restored: ExecutionRecord[] = [];
  const building = new Set<string>();

  const build = (row: PersistedExecution): ExecutionRecord => {
    const existing = deps.findByKey(row.key);
    if (existing) return existing;
    if (building.has(row.key)) throw new Error(`Cannot restore execution ${row.arn}: its parent chain loops back to itself`);
    building.add(row.key);
    let parent: ExecutionRecord | undefined;
    if (row.parentKey !== undefined) {
      const parentRow = rows.get(row.parentKey);
      if (!parentRow) throw new Error(`Cannot restore execution ${row.arn}: its parent execution ${row.parentKey} is missing`);
      parent = build(parentRow);
    }
    const { start, state } = splitExecution(row);
    const { parentKey: _parentKey, parentOperationId, ...init } = start;
    const record = new ExecutionRecord({
      ...init,
      parent: parent && parentOperationId !== undefined ? { record: parent, operationId: parentOperationId } : undefined,
    });
    // The state row's fields are the record's mutable fields of the same names (externallyUpdated is a Set there).
    const { key: _key, externallyUpdated, ...fields } = state;
    Object.assign(record, fields);
    for (const id of externallyUpdated) record.externallyUpdated.add(id);
    for (const op of operations.get(row.key) ?? []) {
      const entry = record.addOperation(op.op);
      entry.waitSeconds = op.waitSeconds;
      entry.callbackTimeoutSeconds = op.callbackTimeoutSeconds;
      entry.callbackHeartbeatSeconds = op.callbackHeartbeatSeconds;
      entry.childArn = op.childArn;
    }
    record.history.load((events.get(row.key) ?? []).map((e) => e.event));
    deps.adopt(record);
    if (record.isRunning) {
      for (const timer of timers.get(row.key) ?? []) {
        const entry = timer.operationId === undefined ? undefined : record.get(timer.operationId);
        if (timer.operationId !== undefined && !entry) {
          throw new Error(`Cannot restore execution ${row.arn}: a ${timer.kind} timer refers to unknown operation ${timer.operationId}`);
        }
        deps.armTimer(record, timer.kind, timer.due, entry);
      }
    }
    building.delete(row.key);
    restored.push(record);
    return record;
  };

  for (const row of snapshot.executions) build(row);
  return restored;
}

function groupByExecution<T extends { executionKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    let group = groups.get(row.executionKey);
    if (!group) groups.set(row.executionKey, (group = []));
    group.push(row);
  }
  return groups;
}

/** What resuming a rebuilt execution needs from the store. */
export interface ResumeDeps {
  readonly invocations: InvocationDeps;
  /** The execution needs an invocation. */
  requestInvocation(record: ExecutionRecord): void;
  /** Queues again the plain chained-invoke targets it had started. */
  relaunch(record: ExecutionRecord): void;
}

/**
 * Resumes a rebuilt execution. An invocation alive in the snapshot ends as failed (so the execution is
 * re-invoked), after the terminal event it may not have recorded yet; one that was waiting for an
 * invocation asks for it again; a running one launches its plain chained invokes again.
 */
export function resumeRecord(record: ExecutionRecord, deps: ResumeDeps): void {
  if (record.invocation) {
    const last = record.history.all().at(-1);
    if (!record.isRunning && !(last && TERMINAL_EVENTS.has(last.EventType))) {
      const outcome = { status: record.status, result: record.result, error: record.error } as ExecutionOutcome;
      record.deferredFinish = terminalEventEmitter(record, outcome, deps.invocations.hooks);
    }
    // Cut by the service, not the handler: an orderly shutdown, or a crash after the invocation had
    // checkpointed (with many invocations alive, a kill of the service is not each handler's failure).
    // A crash before any progress still counts, so a handler that kills the process cannot loop forever.
    const result: InvocationResult = record.invocation.cutByShutdown
      ? { kind: "error", error: { ...SHUTDOWN_INVOCATION_ERROR }, notCounted: true }
      : record.invocation.progressed
        ? { kind: "error", error: { ...RESTART_AFTER_PROGRESS_INVOCATION_ERROR }, notCounted: true }
        : { kind: "error", error: { ...RESTART_INVOCATION_ERROR } };
    completeInvocation(record, result, deps.invocations);
  } else if (record.isRunning && record.needsInvocation) {
    deps.requestInvocation(record);
  }
  if (record.isRunning) deps.relaunch(record);
}
