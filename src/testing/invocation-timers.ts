/**
 * The timers and immediates that the code of an in-process invocation has open, for the stall watch.
 *
 * `process.getActiveResourcesInfo()` counts every ref'd timer of the process, whoever set it: the
 * test's own (a timeout it races run() against), the test framework's (Vitest's throttled task
 * report) and the handler's alike. Only the handler's can move it on, so timers are told apart by
 * where they were set: an async hook sees each timer and immediate created while the watch runs, and
 * keeps those set inside a guarded invocation call (src/local/invocation-guard.ts: its
 * AsyncLocalStorage follows the handler's code, step bodies included, across awaits and callbacks).
 * A timer counts while it is live (Node's `_destroyed` is false: not yet fired or cleared) and ref'd,
 * and is not one the service holds itself (src/local/held-timers.ts). The SDK's own timers in a
 * handler are unref'd. A test's fake timers create no real timer, so they are never seen.
 *
 * The hook is on only while at least one run is watched (it costs a call per async resource).
 */
import { createHook, type AsyncHook } from "node:async_hooks";
import { isHeldTimer } from "../local/held-timers.js";
import { guardedRequestId } from "../local/invocation-guard.js";

interface TimerLike {
  _destroyed?: unknown;
  hasRef?: () => boolean;
}

/** Live timers and immediates, by the request id of the invocation that set them. */
const byRequest = new Map<string, Set<TimerLike>>();
let hook: AsyncHook | undefined;
let users = 0;

function init(_asyncId: number, type: string, _triggerAsyncId: number, resource: object): void {
  if (type !== "Timeout" && type !== "Immediate") return;
  const requestId = guardedRequestId();
  if (requestId === undefined) return;
  let timers = byRequest.get(requestId);
  if (!timers) byRequest.set(requestId, (timers = new Set()));
  timers.add(resource as TimerLike);
}

/** Starts noting the invocations' timers (if no other run does already); returns the function that stops. */
export function trackInvocationTimers(): () => void {
  if (users++ === 0) {
    hook ??= createHook({ init });
    hook.enable();
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--users > 0) return;
    hook?.disable();
    byRequest.clear();
  };
}

/** Whether the invocation `requestId` has a timer or immediate of its own open (live and ref'd); drops the dead ones of every invocation. */
export function hasOpenTimers(requestId: string): boolean {
  let open = false;
  for (const [id, timers] of byRequest) {
    for (const timer of timers) {
      if (timer._destroyed === true) timers.delete(timer);
      else if (id === requestId && timer.hasRef?.() !== false && !isHeldTimer(timer)) open = true;
    }
    if (timers.size === 0) byRequest.delete(id);
  }
  return open;
}
