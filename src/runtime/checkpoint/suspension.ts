/**
 * Lifecycle states of the invocation's operations and the suspension rule (see docs/guide/internals-replay.md#suspension): the invocation
 * suspends when nothing executes and at least one operation waits on the service.
 */
import { OperationSubType, TerminationReason } from "../../generated/index.js";
import type { FinishedContexts } from "./finished-contexts.js";
import { STEP_SUBTYPES } from "../execution/operations-state.js";

export type LifecycleState = "EXECUTING" | "RETRY_WAITING" | "IDLE_NOT_AWAITED" | "IDLE_AWAITED" | "COMPLETED";

interface Tracked {
  rawId: string;
  wireId: string;
  subType: string | undefined;
  state: LifecycleState;
  endTime?: Date;
}

export class SuspensionTracker {
  readonly #tracked = new Map<string, Tracked>();
  #executing = 0;

  readonly #finished: FinishedContexts;

  constructor(finished: FinishedContexts) {
    this.#finished = finished;
  }

  /** Records an operation's state; returns whether suspension should be re-evaluated. */
  set(rawId: string, wireId: string, subType: string | undefined, state: LifecycleState, endTime?: Date): boolean {
    const previous = this.#tracked.get(rawId);
    if (previous === undefined && (state === "COMPLETED" || this.#finished.hasFinishedAncestor(rawId))) return false;
    if (previous?.state === "EXECUTING") this.#executing--;
    if (state === "COMPLETED") {
      this.#tracked.delete(rawId);
    } else {
      if (state === "EXECUTING") this.#executing++;
      if (previous === undefined) this.#tracked.set(rawId, { rawId, wireId, subType, state, endTime });
      else {
        previous.state = state;
        previous.endTime = endTime;
      }
    }
    // Neither an executing operation nor one not yet awaited can let the invocation suspend.
    return state !== "IDLE_NOT_AWAITED" && state !== "EXECUTING";
  }

  /** An idle operation is now awaited by user code. */
  markAwaited(rawId: string): void {
    const t = this.#tracked.get(rawId);
    if (t && t.state === "IDLE_NOT_AWAITED") t.state = "IDLE_AWAITED";
  }

  /** Why the invocation may suspend now (nothing queued or in flight is assumed), or undefined. */
  reason(): TerminationReason | undefined {
    // Operations under a finished context no longer matter, and their checkpoints are dropped (so an
    // abandoned step stays EXECUTING forever): forget them before the EXECUTING rule, or they would
    // block suspension for the rest of the invocation.
    if (this.#finished.takeChanged()) {
      for (const t of this.#tracked.values()) {
        if (!this.#finished.hasFinishedAncestor(t.rawId)) continue;
        if (t.state === "EXECUTING") this.#executing--;
        this.#tracked.delete(t.rawId);
      }
    }
    if (this.#executing > 0) return undefined;
    let reason: TerminationReason | undefined;
    for (const t of this.#tracked.values()) {
      if (t.state === "RETRY_WAITING" && STEP_SUBTYPES.has(t.subType)) return TerminationReason.RETRY_SCHEDULED;
      if (t.state === "RETRY_WAITING" || t.state === "IDLE_AWAITED" || t.state === "IDLE_NOT_AWAITED") {
        if (t.subType === OperationSubType.WAIT) reason = TerminationReason.WAIT_SCHEDULED;
        else reason ??= TerminationReason.CALLBACK_PENDING;
      }
    }
    return reason;
  }
}
