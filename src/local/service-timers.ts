/**
 * All timers of a store, on its clock: "active" timers (waits, retries, callback timers, scheduled
 * actions) that a virtual clock jumps to, and "passive" ones (execution timeouts) that only fire if
 * time passes them anyway. Each execution tracks its live timers so they can be cancelled together.
 */
import type { ExecutionRecord, OperationEntry, Timer, TimerKind, TimerPayload } from "./execution-record.js";
import { TimerQueue } from "./timer-queue.js";

/** Told when an execution's timer is armed or released (fired, cancelled), e.g. to persist it. */
export interface TimerObserver {
  timerArmed(record: ExecutionRecord, operationId: string | undefined, kind: TimerKind, due: number): void;
  timerReleased(record: ExecutionRecord, operationId: string | undefined, kind: TimerKind, due: number): void;
}

export class ServiceTimers {
  private readonly active = new TimerQueue<TimerPayload>();
  private readonly passive = new TimerQueue<TimerPayload>();
  observer: TimerObserver | undefined;
  /** Told the due time of every timer armed (e.g. to wake a real-time pump that sleeps longer). */
  onArmed: ((due: number) => void) | undefined;

  private queueOf(payload: TimerPayload): TimerQueue<TimerPayload> {
    return payload.kind === "execution-timeout" ? this.passive : this.active;
  }

  /** Arms a timer of the execution; an operation keeps at most one timer per kind (re-arming replaces it). */
  arm(record: ExecutionRecord, kind: TimerKind, due: number, entry?: OperationEntry): void {
    if (entry) {
      entry.timers ??= new Map();
      this.cancel(record, entry.timers.get(kind));
    }
    const payload = { kind, record, operationId: entry?.op.Id };
    const timer = this.queueOf(payload).schedule(due, payload);
    record.timers.add(timer);
    entry?.timers!.set(kind, timer);
    this.observer?.timerArmed(record, payload.operationId, kind, due);
    this.onArmed?.(due);
  }

  cancel(record: ExecutionRecord, timer: Timer | undefined): void {
    if (!timer) return;
    record.timers.delete(timer);
    if (timer.cancelled) return; // already fired or cancelled
    this.queueOf(timer.payload).cancel(timer);
    this.release(timer);
  }

  /** Reports a popped timer as done (fired and applied, or dropped). */
  release(timer: Timer): void {
    const payload = timer.payload;
    if (payload.kind !== "action") this.observer?.timerReleased(payload.record, payload.operationId, payload.kind, timer.due);
  }

  cancelOperation(record: ExecutionRecord, entry: OperationEntry): void {
    if (!entry.timers) return;
    for (const timer of entry.timers.values()) this.cancel(record, timer);
    entry.timers.clear();
  }

  cancelAll(record: ExecutionRecord): void {
    for (const timer of [...record.timers]) this.cancel(record, timer);
  }

  scheduleAction(due: number, action: () => void): { cancel(): void } {
    const timer = this.active.schedule(due, { kind: "action", action });
    this.onArmed?.(due);
    return { cancel: () => this.active.cancel(timer) };
  }

  /** Live timers of executions, active and passive (scheduled actions included). */
  get size(): number {
    return this.active.size + this.passive.size;
  }

  /** Earliest due time; without `includePassive` only timers that should move a virtual clock. */
  nextDue(includePassive: boolean): number | undefined {
    const active = this.active.peek()?.due;
    if (!includePassive) return active;
    const passive = this.passive.peek()?.due;
    if (active === undefined) return passive;
    return passive === undefined ? active : Math.min(active, passive);
  }

  /**
   * Due time of the earliest active timer a skipping driver may jump to, leaving out those
   * `keepOnRealTime` says must be reached in real time (e.g. deadlines of callbacks a test still acts on).
   */
  nextSkippableDue(keepOnRealTime: (timer: Timer) => boolean): number | undefined {
    let next: number | undefined;
    for (const timer of this.active.liveEntries()) {
      if ((next === undefined || timer.due < next) && !keepOnRealTime(timer)) next = timer.due;
    }
    return next;
  }

  /**
   * Moves the execution timers `keepOnRealTime` selects `ms` later: a driver that skips `ms` of clock
   * time calls this first so those timers still fall due after the same real time.
   */
  defer(ms: number, keepOnRealTime: (timer: Timer) => boolean): void {
    for (const timer of this.active.liveEntries()) {
      const payload = timer.payload;
      if (payload.kind === "action" || !keepOnRealTime(timer)) continue;
      const entry = payload.operationId === undefined ? undefined : payload.record.get(payload.operationId);
      this.arm(payload.record, payload.kind, timer.due + ms, entry);
    }
  }

  /** Removes and returns the earliest timer (of either kind) due at `now` (ties: active first, then creation order). */
  popDue(now: number): Timer | undefined {
    const a = this.active.peek();
    const p = this.passive.peek();
    const next = a && (!p || a.due <= p.due) ? a : p;
    if (!next || next.due > now) return undefined;
    const popped = (next === a ? this.active : this.passive).popDue(now);
    if (popped && popped.payload.kind !== "action") popped.payload.record.timers.delete(popped);
    return popped;
  }
}
