/**
 * One per invocation: the first `terminate` wins and resolves the single termination promise that
 * withDurableExecution races against the handler.
 */
import { messageTerminationOperationTerminated, TerminationReason } from "../../generated/index.js";

export interface Termination {
  reason: TerminationReason;
  message: string;
  error?: Error;
}

export class TerminationManager {
  readonly promise: Promise<Termination>;
  /** Set once terminated (operation starts test it: a field, not a getter, so no call per start). */
  result: Termination | undefined;
  #resolve!: (t: Termination) => void;
  readonly #listeners: (() => void)[] = [];

  constructor() {
    this.promise = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Called synchronously when termination happens (before the promise resolves). */
  onTerminate(listener: () => void): void {
    this.#listeners.push(listener);
  }

  terminate(termination: { reason?: TerminationReason; message?: string; error?: Error }): void {
    if (this.result) return;
    this.result = {
      reason: termination.reason ?? TerminationReason.OPERATION_TERMINATED,
      message: termination.message ?? termination.error?.message ?? messageTerminationOperationTerminated,
      error: termination.error,
    };
    for (const listener of this.#listeners) listener();
    this.#resolve(this.result);
  }
}

/** A promise that never settles: what an operation returns once the invocation is ending. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
