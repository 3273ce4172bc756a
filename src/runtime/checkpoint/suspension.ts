/**
 * Lifecycle states of the invocation's operations and the suspension rule (see docs/guide/internals-replay.md#suspension): the invocation
 * suspends when nothing executes and at least one operation waits on the service.
 */
import { SUSPENSION_REASONS, TerminationReason, type OperationSubType } from "../../generated/index.js";
import { isNested, type FinishedContexts } from "./finished-contexts.js";

export type LifecycleState = "EXECUTING" | "RETRY_WAITING" | "IDLE_NOT_AWAITED" | "IDLE_AWAITED" | "COMPLETED";

/**
 * An operation as the tracker sees it: the handler's own record of it (`OperationStart`), which also
 * carries its current lifecycle state, so tracking allocates nothing per operation.
 */
export interface TrackedOperation {
  readonly rawId: string;
  readonly subType: string | undefined;
  /** The state last set; undefined until tracked, and again once completed (or forgotten under a finished context). */
  lifecycle?: Exclude<LifecycleState, "COMPLETED">;
}

export class SuspensionTracker {
  /** Operations that may matter for suspension, by raw id (see {@link set}); executing ones are also counted. */
  readonly #tracked = new Map<string, TrackedOperation>();
  #executing = 0;

  readonly #finished: FinishedContexts;

  constructor(finished: FinishedContexts) {
    this.#finished = finished;
  }

  /**
   * Records an operation's state; returns whether suspension should be re-evaluated: never while an
   * operation executes or is not yet awaited, and not while nothing is tracked (no reason can exist).
   */
  set(op: TrackedOperation, state: LifecycleState): boolean {
    const previous = op.lifecycle;
    if (previous === undefined) {
      if (state === "COMPLETED" || (this.#finished.any && this.#finished.hasFinishedAncestor(op.rawId))) return false;
    } else if (previous === "EXECUTING") this.#executing--;
    if (state === "EXECUTING") this.#executing++;
    op.lifecycle = state === "COMPLETED" ? undefined : state;
    // The tracked map holds every waiting state, and EXECUTING only when nested, where a finishing
    // context must find it: a root-level step going EXECUTING → COMPLETED never touches the map.
    const nested = (previous === "EXECUTING" || state === "EXECUTING") && isNested(op.rawId);
    const had = previous !== undefined && (previous !== "EXECUTING" || nested);
    const has = state !== "COMPLETED" && (state !== "EXECUTING" || nested);
    if (has && !had) this.#tracked.set(op.rawId, op);
    else if (had && !has) this.#tracked.delete(op.rawId);
    // Neither an executing operation nor one not yet awaited can let the invocation suspend.
    return state !== "IDLE_NOT_AWAITED" && state !== "EXECUTING" && this.#tracked.size > 0;
  }

  /**
   * Whether nothing is tracked, so {@link reason} is undefined (between the steps of a sequential
   * handler, the usual case): the checkpoint manager asks this after every call, before anything
   * costlier.
   */
  get idle(): boolean {
    return this.#tracked.size === 0;
  }

  /** An idle operation is now awaited by user code. */
  markAwaited(rawId: string): void {
    const t = this.#tracked.get(rawId);
    if (t && t.lifecycle === "IDLE_NOT_AWAITED") t.lifecycle = "IDLE_AWAITED";
  }

  /** Why the invocation may suspend now (nothing queued or in flight is assumed), or undefined. */
  reason(): TerminationReason | undefined {
    // Nothing tracked (between the steps of a sequential handler, the usual case): no reason, no iteration.
    if (this.#tracked.size === 0) return undefined;
    // Operations under a finished context no longer matter, and their checkpoints are dropped (so an
    // abandoned step stays EXECUTING forever): forget them before the EXECUTING rule, or they would
    // block suspension for the rest of the invocation.
    if (this.#finished.takeChanged()) {
      for (const t of this.#tracked.values()) {
        if (!this.#finished.hasFinishedAncestor(t.rawId)) continue;
        if (t.lifecycle === "EXECUTING") this.#executing--;
        t.lifecycle = undefined;
        this.#tracked.delete(t.rawId);
      }
    }
    if (this.#executing > 0) return undefined;
    // What each kind of waiting operation gives is the schema's (`suspendsWith`, SUSPENSION_REASONS by
    // subtype); a scheduled retry wins at once, a wait over anything else that waits.
    let reason: TerminationReason | undefined;
    for (const t of this.#tracked.values()) {
      const state = t.lifecycle;
      const waitingFor = SUSPENSION_REASONS[t.subType as OperationSubType];
      if (state === "RETRY_WAITING" && waitingFor === TerminationReason.RETRY_SCHEDULED) return waitingFor;
      // A waiting state: RETRY_WAITING, IDLE_AWAITED or IDLE_NOT_AWAITED (set and not EXECUTING).
      if (state && state !== "EXECUTING") {
        if (waitingFor === TerminationReason.WAIT_SCHEDULED) reason = waitingFor;
        else reason ??= TerminationReason.CALLBACK_PENDING;
      }
    }
    return reason;
  }
}
