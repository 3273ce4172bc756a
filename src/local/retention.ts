/**
 * How long the local service keeps finished executions (Lambda's `DurableConfig.RetentionPeriodInDays`)
 * and which ones are due for eviction. It only keeps the schedule; the store drops what an evicted
 * execution leaves behind.
 */
import type { ExecutionRecord } from "./execution-record.js";
import { DEFAULT_RETENTION_PERIOD_IN_DAYS } from "../generated/index.js";
import { DAY_MS } from "./store-constants.js";
import type { FunctionInfo } from "./store-types.js";
import { TimerQueue } from "./timer-queue.js";

export interface RetentionOptions {
  /** Service-wide override in milliseconds (`durable dev --retention`); otherwise each function's own period. */
  readonly overrideMs: number | undefined;
  readonly lookupFunction: (name: string) => FunctionInfo | undefined;
  /** Told the due time of every eviction scheduled (e.g. to wake an idle server's eviction timer). */
  readonly onScheduled?: (due: number) => void;
}

export class Retention {
  /** Finished executions by the time their retention ends. */
  private readonly queue = new TimerQueue<ExecutionRecord>();
  private readonly scheduled = new WeakSet<ExecutionRecord>();

  constructor(private readonly options: RetentionOptions) {}

  /** How long finished executions of `functionName` are kept: the override, else the function's RetentionPeriodInDays (default: the schema's `DEFAULT_RETENTION_PERIOD_IN_DAYS`). */
  periodMsOf(functionName: string): number {
    if (this.options.overrideMs !== undefined) return this.options.overrideMs;
    return (this.options.lookupFunction(functionName)?.retentionPeriodInDays ?? DEFAULT_RETENTION_PERIOD_IN_DAYS) * DAY_MS;
  }

  /** Starts the retention of a finished execution, from its end (or `now` when it has none); once per execution. */
  schedule(record: ExecutionRecord, now: number): void {
    if (this.scheduled.has(record)) return;
    this.scheduled.add(record);
    const due = (record.endTimestamp ?? now) + this.periodMsOf(record.functionName);
    this.queue.schedule(due, record);
    this.options.onScheduled?.(due);
  }

  isScheduled(record: ExecutionRecord): boolean {
    return this.scheduled.has(record);
  }

  /** When the next retention ends, if any execution is kept. */
  nextDue(): number | undefined {
    return this.queue.peek()?.due;
  }

  /** Removes and returns the executions whose retention has ended at `now`, earliest first. */
  takeExpired(now: number): ExecutionRecord[] {
    const expired: ExecutionRecord[] = [];
    for (let entry = this.queue.popDue(now); entry; entry = this.queue.popDue(now)) expired.push(entry.payload);
    return expired;
  }

  /** Executions still kept. */
  get size(): number {
    return this.queue.size;
  }
}
