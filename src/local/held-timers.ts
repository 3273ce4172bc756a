/**
 * The real-time timers the local service and the test runner hold themselves while an execution
 * runs (the pump's sleep until the next timer, a wait for completion with a deadline, a checkpoint
 * delay). They keep the process alive while an execution waits, so they are ref'd; they may be set
 * from inside a handler's invocation (a checkpoint wakes the pump). The test runner's stall watch
 * asks `isHeldTimer` to tell them from the timers of the code under test.
 */
import { realSetTimeout } from "../runtime/real-timers.js";

const held = new WeakSet<object>();

/** A real `setTimeout(callback, ms)`, marked as the service's own; clear it with clearTimeout as usual. */
export function holdTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = realSetTimeout(callback, ms);
  if (typeof timer === "object" && timer !== null) held.add(timer);
  return timer;
}

/** Whether `timer` is one the service or the runner holds (see holdTimer). */
export function isHeldTimer(timer: object): boolean {
  return held.has(timer);
}
