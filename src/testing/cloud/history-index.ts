/**
 * The operations of one execution rebuilt from its GetDurableExecutionHistory events: what the
 * cloud test runner knows about a remote execution (Lambda, or any endpoint speaking its API).
 *
 * Events are fed page by page as the poller reads them; a page read twice (the poller re-reads its
 * last page until the execution ends) is recognised by EventId and ignored. Each operation keeps
 * its events, and its status and details follow the events as the service applied them: a step
 * attempt that failed or succeeded with a retry scheduled (RetryDetails.NextAttemptDelaySeconds)
 * is PENDING, not FAILED; StartTimestamp is the operation's first start.
 */
import { eventDetails, eventOperation, EventType, OPERATION_TRANSITIONS, OperationStatus, OperationType, TERMINAL_OPERATION_STATUSES, type ErrorObject, type Operation } from "../../generated/index.js";
import type { FinishedExecutionStatus } from "../../local/execution-record.js";
import type { HistoryEvent } from "../../local/history.js";

/** How one EventType changes its operation: the schema's EVENT_OPERATION_STATUS; an event recording a terminal status ends the operation. */
interface EventEffect {
  readonly type: OperationType;
  readonly status: OperationStatus;
  readonly end: boolean;
}

function effectOf(eventType: string): EventEffect | undefined {
  const known = eventOperation(eventType);
  return known && { type: known.type, status: known.status, end: TERMINAL_OPERATION_STATUSES.has(known.status) };
}

/** Where Execution* events without an Id are filed. */
const EXECUTION_KEY = "(execution)";

/**
 * The execution's outcome, from its terminal event.
 *
 * @example
 * ```ts
 * const outcome: ExecutionOutcome = { status: "SUCCEEDED", result: '{"ok":true}', error: undefined };
 * ```
 */
export interface ExecutionOutcome {
  readonly status: FinishedExecutionStatus;
  readonly result: string | undefined;
  readonly error: ErrorObject | undefined;
}

/**
 * `CloudDurableTestRunner.run()` rejects with this when the endpoint's history cannot be read as
 * Lambda's (an unknown EventType, an operation event without Id or EventTimestamp).
 *
 * @example
 * ```ts
 * await expect(runner.run()).rejects.not.toBeInstanceOf(MalformedHistoryError);
 * ```
 */
export class MalformedHistoryError extends Error {
  override name = "MalformedHistoryError";
}

interface Details {
  Input?: { Payload?: string };
  Result?: { Payload?: string };
  Error?: { Payload?: ErrorObject };
  RetryDetails?: { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
  CallbackId?: string;
  ScheduledEndTimestamp?: Date;
}

function timestampOf(event: HistoryEvent): Date {
  const value = event.EventTimestamp as Date | string | undefined;
  if (value instanceof Date) return new Date(value.getTime());
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(parsed)) throw new MalformedHistoryError(`History event ${event.EventId} (${event.EventType}) has no valid EventTimestamp`);
  return new Date(parsed);
}

/**
 * The operations of one execution, rebuilt from its history events as they are polled.
 *
 * @example
 * ```ts
 * const index = new HistoryIndex();
 * index.add(page.Events ?? []);
 * const step = index.operation(index.idByName("charge", 0)!);
 * if (index.outcome) console.log(index.outcome.status);
 * ```
 */
export class HistoryIndex {
  private readonly events: HistoryEvent[] = [];
  private readonly seen = new Set<number>();
  private readonly ops = new Map<string, { op: Operation; events: HistoryEvent[] }>();
  private readonly order: string[] = [];
  private readonly byName = new Map<string, string[]>();
  private readonly byParent = new Map<string, string[]>();
  private executionId: string | undefined;
  /** Set once the execution's terminal event was read. */
  outcome: ExecutionOutcome | undefined;

  /** Adds events (in EventId order); returns how many were new. */
  add(events: readonly HistoryEvent[]): number {
    let added = 0;
    for (const event of events) {
      if (typeof event.EventId !== "number") throw new MalformedHistoryError(`A history event has no EventId: ${JSON.stringify(event)}`);
      if (this.seen.has(event.EventId)) continue;
      this.seen.add(event.EventId);
      this.events.push(event);
      added++;
      this.apply(event);
    }
    return added;
  }

  private apply(event: HistoryEvent): void {
    if (event.EventType === EventType.InvocationCompleted) return;
    const effect = effectOf(event.EventType);
    if (!effect) throw new MalformedHistoryError(`History event ${event.EventId} has an unknown EventType ${JSON.stringify(event.EventType)}`);
    // Lambda gives Execution* events the EXECUTION operation's Id; an endpoint that leaves it out is accepted.
    const id = event.Id ?? (effect.type === OperationType.EXECUTION ? (this.executionId ?? EXECUTION_KEY) : undefined);
    if (id === undefined) throw new MalformedHistoryError(`History event ${event.EventId} (${event.EventType}) has no Id`);
    const details: Details = eventDetails(event) ?? {};
    const at = timestampOf(event);

    let entry = this.ops.get(id);
    if (!entry) {
      const op: Operation = { Id: id, Type: effect.type, Status: effect.status, StartTimestamp: at };
      if (event.ParentId !== undefined) op.ParentId = event.ParentId;
      if (event.Name !== undefined) op.Name = event.Name;
      if (event.SubType !== undefined) op.SubType = event.SubType;
      entry = { op, events: [] };
      this.ops.set(id, entry);
      if (effect.type === OperationType.EXECUTION) this.executionId = id;
      else {
        this.order.push(id);
        if (op.Name !== undefined) push(this.byName, op.Name, id);
        if (op.ParentId !== undefined) push(this.byParent, op.ParentId, id);
      }
    }
    entry.events.push(event);
    const op = entry.op;
    op.Status = effect.status;
    if (effect.end) op.EndTimestamp = at;

    const result = details.Result?.Payload;
    const error = details.Error?.Payload;
    switch (effect.type) {
      case OperationType.EXECUTION:
        if (event.EventType === EventType.ExecutionStarted) op.ExecutionDetails = { InputPayload: details.Input?.Payload };
        else this.outcome = { status: effect.status as ExecutionOutcome["status"], result, error };
        break;
      case OperationType.STEP: {
        if (event.EventType === EventType.StepStarted) {
          delete op.EndTimestamp;
          break;
        }
        const step = (op.StepDetails ??= {});
        step.Attempt = details.RetryDetails?.CurrentAttempt ?? (step.Attempt ?? 0) + 1;
        setOrDelete(step, "Result", result);
        setOrDelete(step, "Error", error);
        const delay = details.RetryDetails?.NextAttemptDelaySeconds;
        if (delay !== undefined) {
          // A retry is scheduled: the operation is where a RETRY leaves it, whatever the attempt's outcome.
          op.Status = OPERATION_TRANSITIONS.STEP.RETRY.to;
          delete op.EndTimestamp;
          step.NextAttemptTimestamp = new Date(at.getTime() + delay * 1000);
        } else delete step.NextAttemptTimestamp;
        break;
      }
      case OperationType.WAIT:
        if (details.ScheduledEndTimestamp !== undefined) op.WaitDetails = { ScheduledEndTimestamp: new Date(details.ScheduledEndTimestamp) };
        break;
      case OperationType.CALLBACK: {
        const callback = (op.CallbackDetails ??= {});
        if (details.CallbackId !== undefined) callback.CallbackId = details.CallbackId;
        setOrDelete(callback, "Result", result);
        setOrDelete(callback, "Error", error);
        break;
      }
      case OperationType.CONTEXT:
        if (effect.end) op.ContextDetails = withPayloads(op.ContextDetails, result, error);
        break;
      case OperationType.CHAINED_INVOKE:
        if (effect.end) op.ChainedInvokeDetails = withPayloads(op.ChainedInvokeDetails, result, error);
        break;
    }
  }

  /** A copy of the operation with this id (EXECUTION included). */
  operation(id: string): Operation | undefined {
    const entry = this.ops.get(id);
    return entry && structuredCopy(entry.op);
  }

  /** The live operation (not copied: callers must not change it). */
  peek(id: string): Readonly<Operation> | undefined {
    return this.ops.get(id)?.op;
  }

  eventsOf(id: string): HistoryEvent[] | undefined {
    const entry = this.ops.get(id);
    return entry && [...entry.events];
  }

  childrenOf(id: string): string[] {
    return [...(this.byParent.get(id) ?? [])];
  }

  /** Ids of every operation except the EXECUTION one, in start order. */
  operationIds(): string[] {
    return [...this.order];
  }

  idByIndex(index: number): string | undefined {
    return this.order.at(index);
  }

  idByName(name: string, index: number): string | undefined {
    return this.byName.get(name)?.at(index);
  }

  has(id: string): boolean {
    return this.ops.has(id) && id !== this.executionId;
  }

  historyEvents(): HistoryEvent[] {
    return [...this.events];
  }
}

function withPayloads<T extends { Result?: string; Error?: ErrorObject }>(current: T | undefined, result: string | undefined, error: ErrorObject | undefined): T {
  const details = { ...current } as T;
  setOrDelete(details, "Result", result);
  setOrDelete(details, "Error", error);
  return details;
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A deep copy that keeps Dates as Dates of this realm. */
function structuredCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(structuredCopy) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, structuredCopy(item)])) as T;
  }
  return value;
}
