/**
 * In-memory state of one durable execution: its operations (keyed by Id, in start order), its
 * history, checkpoint-token chain, timers and the bookkeeping the service needs between invocations.
 */
import {
  ExecutionStatus,
  OperationStatus,
  OUTSIDE_COMPLETED_OPERATION_TYPES,
  SERVICE_DRIVEN_OPERATION_STATUSES,
  SERVICE_TRANSITIONS,
  type CheckpointDurableExecutionResponse,
  type ErrorObject,
  type Operation,
} from "../generated/index.js";
import { EventLog } from "./history.js";
import type { TimerEntry } from "./timer-queue.js";

// Generated from schema/enums.yaml; re-exported here for the local service's public surface.
export { ExecutionStatus };

/** What a timer does when it fires. */
/** `reinvoke`: the backoff before re-invoking after a failed invocation (no operation). */
export type TimerKind = "wait" | "retry" | "callback-timeout" | "callback-heartbeat" | "execution-timeout" | "reinvoke";

export interface TimerTarget {
  readonly kind: TimerKind;
  readonly record: ExecutionRecord;
  /** Operation the timer belongs to (absent for the execution timeout). */
  readonly operationId?: string;
}

/** A caller-scheduled action on the service clock (e.g. a harness sending a callback at +1 s). */
export interface ScheduledAction {
  readonly kind: "action";
  readonly action: () => void;
}

export type TimerPayload = TimerTarget | ScheduledAction;
export type Timer = TimerEntry<TimerPayload>;

/** An operation plus service-side facts that are not part of the wire `Operation`. */
export interface OperationEntry {
  readonly op: Operation;
  /** WAIT: the requested duration (for WaitSucceeded.Duration). */
  waitSeconds?: number;
  /** CALLBACK: configured timeouts in seconds. */
  callbackTimeoutSeconds?: number;
  callbackHeartbeatSeconds?: number;
  /** CHAINED_INVOKE: the child execution running the target, when it is durable. */
  childArn?: string;
  /** Live timers keyed by kind. */
  timers?: Map<TimerKind, Timer>;
}

/** Every ExecutionStatus but RUNNING: how an execution (or a chained invoke) ended. */
export type FinishedExecutionStatus = Exclude<ExecutionStatus, typeof ExecutionStatus.RUNNING>;

/** Final outcome of an execution. */
export interface ExecutionOutcome {
  status: FinishedExecutionStatus;
  result?: string;
  error?: ErrorObject;
}

export interface AliveInvocation {
  readonly requestId: string;
  readonly startTimestamp: number;
  /** The service was shut down while this invocation ran: its end is not the handler's failure. */
  cutByShutdown?: boolean;
  /** Restored state only: the invocation had checkpointed (made durable progress) when it was last persisted. */
  progressed?: boolean;
}

export interface ParentLink {
  readonly record: ExecutionRecord;
  readonly operationId: string;
}

export interface ExecutionRecordInit {
  key: string;
  arn: string;
  name: string;
  /** The caller chose the name (DurableExecutionName), so it takes part in idempotent starts. */
  namedByCaller?: boolean;
  functionName: string;
  functionArn: string;
  inputPayload?: string;
  startTimestamp: number;
  executionTimeoutSeconds: number;
  executionOperationId: string;
  tenantId?: string;
  parent?: ParentLink;
}

/** Told about every change of an operation (used to persist executions incrementally). */
export interface RecordObserver {
  operationChanged(record: ExecutionRecord, operationId: string): void;
}

/** Whether the operation waits for something outside the handler (the schema's status set, or STARTED and completed from outside). */
function isWaitingStatus(op: Operation): boolean {
  if (op.Status === undefined) return false;
  if (SERVICE_DRIVEN_OPERATION_STATUSES.has(op.Status)) return true;
  return op.Status === OperationStatus.STARTED && op.Type !== undefined && OUTSIDE_COMPLETED_OPERATION_TYPES.has(op.Type);
}

export class ExecutionRecord {
  readonly key: string;
  readonly arn: string;
  readonly name: string;
  readonly namedByCaller: boolean;
  readonly functionName: string;
  readonly functionArn: string;
  readonly inputPayload: string | undefined;
  readonly startTimestamp: number;
  readonly executionTimeoutSeconds: number;
  readonly executionOperationId: string;
  readonly tenantId: string | undefined;
  readonly parent: ParentLink | undefined;

  status: ExecutionStatus = ExecutionStatus.RUNNING;
  result: string | undefined;
  error: ErrorObject | undefined;
  endTimestamp: number | undefined;

  /** Operations by Id; Map iteration order = start order (the EXECUTION op is first). */
  readonly operations = new Map<string, OperationEntry>();
  /** Operation ids in start order, for paging. */
  readonly order: string[] = [];
  readonly history = new EventLog();

  /** Ids changed since the last checkpoint response (or invocation start). */
  readonly dirty = new Set<string>();
  /** Ids changed by something other than the handler's checkpoints since the last invocation started. */
  readonly externallyUpdated = new Set<string>();
  /** Ids of operations waiting on timers, callbacks or chained invokes (or READY to re-run). */
  readonly waiting = new Set<string>();
  /** All live timers of this execution (cancelled when it ends). */
  readonly timers = new Set<Timer>();

  tokenSeq = 0;
  currentTokenSeq = -1;
  invocation: AliveInvocation | undefined;
  /**
   * The last checkpoint that carried a ClientToken: its request (fingerprint) and response, so a
   * retry of it (same ClientToken, same request) gets the same response (not kept across restarts).
   */
  lastCheckpoint: { clientToken: string; request: string; response: CheckpointDurableExecutionResponse } | undefined;
  invocationCount = 0;
  consecutiveInvocationErrors = 0;
  /** Something outside the handler changed while the current invocation was alive. */
  changedDuringInvocation = false;
  /**
   * Such a change has not reached the handler yet: no checkpoint response carried it since. The
   * service re-invokes after a PENDING answer only for changes the handler did not see.
   */
  undeliveredChange = false;
  /** The current invocation sent at least one non-empty checkpoint. */
  checkpointedDuringInvocation = false;
  /** Outcome announced by an EXECUTION SUCCEED/FAIL update, applied when the invocation returns. */
  announcedOutcome: ExecutionOutcome | undefined;
  /** Terminal history event (and follow-ups) postponed until the alive invocation returns. */
  deferredFinish: (() => void) | undefined;
  /** The execution asked for an invocation that has not begun yet. */
  needsInvocation = false;
  /** Notified of operation changes (set by a store that persists its executions). */
  observer: RecordObserver | undefined;

  constructor(init: ExecutionRecordInit) {
    this.key = init.key;
    this.arn = init.arn;
    this.name = init.name;
    this.namedByCaller = init.namedByCaller ?? false;
    this.functionName = init.functionName;
    this.functionArn = init.functionArn;
    this.inputPayload = init.inputPayload;
    this.startTimestamp = init.startTimestamp;
    this.executionTimeoutSeconds = init.executionTimeoutSeconds;
    this.executionOperationId = init.executionOperationId;
    this.tenantId = init.tenantId;
    this.parent = init.parent;
  }

  get isRunning(): boolean {
    return this.status === ExecutionStatus.RUNNING;
  }

  get(id: string): OperationEntry | undefined {
    return this.operations.get(id);
  }

  addOperation(op: Operation): OperationEntry {
    const entry: OperationEntry = { op };
    this.operations.set(op.Id!, entry);
    this.order.push(op.Id!);
    this.refreshWaiting(entry);
    this.observer?.operationChanged(this, op.Id!);
    return entry;
  }

  /** Sets the status and keeps the waiting set in sync. */
  setStatus(entry: OperationEntry, status: OperationStatus, timestamp?: number): void {
    entry.op.Status = status;
    if (timestamp !== undefined) entry.op.EndTimestamp = new Date(timestamp);
    this.refreshWaiting(entry);
    this.observer?.operationChanged(this, entry.op.Id!);
  }

  /** Records that an operation changed; `external` = not caused by the handler's own checkpoint. */
  touch(id: string, external: boolean): void {
    this.dirty.add(id);
    this.observer?.operationChanged(this, id);
    if (external) {
      this.externallyUpdated.add(id);
      if (this.invocation) {
        this.changedDuringInvocation = true;
        this.undeliveredChange = true;
      }
    }
  }

  /** True when some operation is READY (its retry is due), so the handler must run again. */
  hasReadyOperation(): boolean {
    for (const id of this.waiting) {
      if (this.operations.get(id)?.op.Status === SERVICE_TRANSITIONS.retryDue.to) return true;
    }
    return false;
  }

  private refreshWaiting(entry: OperationEntry): void {
    if (isWaitingStatus(entry.op)) this.waiting.add(entry.op.Id!);
    else this.waiting.delete(entry.op.Id!);
  }
}
