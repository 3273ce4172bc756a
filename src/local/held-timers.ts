/**
 * The real-time timers the local service and the test runner hold themselves (the pump's sleep until
 * the next timer, a wait for completion with a deadline, a checkpoint delay), counted. They keep the
 * process alive while an execution waits, so they are ref'd and show in Node's
 * `process.getActiveResourcesInfo()` as "Timeout"; the test runner's stall watch subtracts this count
 * to see only the timers of the code under test.
 */
import { realClearTimeout, realSetTimeout } from "../runtime/real-timers.js";

let held = 0;

/** A held timer: `clear()` cancels it (a no-op once it fired or was cleared). */
export interface HeldTimer {
  clear(): void;
}

/** A real `setTimeout(callback, ms)`, counted until it fires or is cleared. */
export function holdTimer(callback: () => void, ms: number): HeldTimer {
  let live = true;
  held++;
  const release = (): boolean => {
    if (!live) return false;
    live = false;
    held--;
    return true;
  };
  const timer = realSetTimeout(() => {
    if (release()) callback();
  }, ms);
  return {
    clear: () => {
      if (release()) realClearTimeout(timer);
    },
  };
}

/** How many held timers are live (set, not yet fired or cleared) in this module instance. */
export function heldTimerCount(): number {
  return held;
}
