/**
 * Waiting for an operation's status to change: woken by checkpoint responses, and polling the
 * service (an empty checkpoint) while the invocation stays alive.
 */
import type { Operation, OperationStatus } from "../../generated/index.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate as Date, realClearTimeout as clearTimeout, realSetTimeout as setTimeout } from "../real-timers.js";

/** First poll when the caller names no time: one second, the service's own polling granularity. */
export const FIRST_POLL_DELAY_MS = 1000;
/** Poll interval after the n-th poll is min(n, this) seconds: early polls catch quick changes, later ones stay cheap. */
export const MAX_POLL_INTERVAL_SECONDS = 10;
/** After this many polls the interval becomes {@link SLOW_POLL_INTERVAL_SECONDS}: a wait this long is a long wait. */
export const POLLS_BEFORE_SLOW_POLLING = 95;
/** Poll interval (seconds) of long waits. */
export const SLOW_POLL_INTERVAL_SECONDS = 60;
/** No poll is armed that would fire with less than this much of the invocation left: its answer would come too late to use. */
export const MIN_REMAINING_FOR_POLL_MS = 1000;
/** Longest delay setTimeout accepts (a signed 32-bit millisecond count); longer delays fire at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface StatusWaitersOptions {
  operations: Map<string, Operation>;
  /** Sends an empty checkpoint call; resolves after its response was applied. */
  refresh(): Promise<void>;
  /** Whether the invocation is ending (no more polls). */
  terminating(): boolean;
  /** Remaining time of the Lambda invocation; polling never arms timers beyond it. */
  remainingTimeMs?: () => number;
}

export class StatusWaiters {
  readonly #waiters = new Map<string, Set<(op: Operation) => void>>();
  readonly #timers = new Set<NodeJS.Timeout>();

  readonly #options: StatusWaitersOptions;

  constructor(options: StatusWaitersOptions) {
    this.#options = options;
  }

  /** Resolves the waiters of an operation whose status changed. */
  wake(op: Operation): void {
    const set = this.#waiters.get(op.Id!);
    if (!set) return;
    this.#waiters.delete(op.Id!);
    for (const fn of set) fn(op);
  }

  /**
   * Resolves with the operation once its status differs from `status` (immediately if it already
   * does). While the invocation stays alive it polls: first at `firstPollAt` (or after 1 s), then
   * every min(n, 10) seconds.
   */
  waitForChange(wireId: string, status: OperationStatus | undefined, firstPollAt?: Date): Promise<Operation> {
    const { operations } = this.#options;
    const current = operations.get(wireId);
    if (current && current.Status !== status) return Promise.resolve(current);
    return new Promise<Operation>((resolve) => {
      let done = false;
      const set = this.#waiters.get(wireId) ?? new Set();
      const finish = (op: Operation) => {
        if (done) return;
        done = true;
        set.delete(finish);
        resolve(op);
      };
      set.add(finish);
      this.#waiters.set(wireId, set);
      let polls = 0;
      const poll = (at: number) => {
        const remaining = this.#options.remainingTimeMs?.() ?? Infinity;
        const wait = Math.min(Math.max(0, at - Date.now()), MAX_TIMER_DELAY_MS);
        if (remaining - wait < MIN_REMAINING_FOR_POLL_MS) return;
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (done || this.#options.terminating()) return;
          // Node may fire a timer a few ms before Date.now() reaches its target; refreshing then
          // would find the operation unchanged and cost a whole poll interval.
          if (Date.now() < at) return poll(at);
          polls++;
          void this.#options.refresh().then(() => {
            if (done) return;
            const op = operations.get(wireId);
            if (op && op.Status !== status) finish(op);
            else poll(Date.now() + Math.min(polls, polls > POLLS_BEFORE_SLOW_POLLING ? SLOW_POLL_INTERVAL_SECONDS : MAX_POLL_INTERVAL_SECONDS) * 1000);
          });
        }, wait);
        timer.unref?.();
        this.#timers.add(timer);
      };
      poll(firstPollAt ? firstPollAt.getTime() : Date.now() + FIRST_POLL_DELAY_MS);
    });
  }

  /** Stops every poll timer (the invocation is returning). */
  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
