/**
 * The timers, immediates and worker threads that the code of an in-process invocation has open, for
 * the stall watch.
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
 * A worker thread (`node:worker_threads`), which `getActiveResourcesInfo` lists only while a
 * `"message"` listener is on it, counts until it exits, whether ref'd or not: the code that started it awaits its answer. Its exit is seen through
 * the `onexit` callback Node calls on the worker's handle (wrapped once the Worker constructor has set
 * it); where a Node has no such callback, the worker counts to the end of the run (a stall missed,
 * never a false one).
 *
 * The hook is on only while at least one run is watched (it costs a call per async resource).
 */
import { createHook, type AsyncHook } from "node:async_hooks";
import { isHeldTimer } from "../local/held-timers.js";
import { guardedRequestId } from "../local/invocation-guard.js";

/** A kept async resource: a timer or an immediate, or a worker thread's handle. */
interface TimerLike {
  _destroyed?: unknown;
  hasRef?: () => boolean;
  /** A worker's handle: the callback Node calls when its thread exits. */
  onexit?: unknown;
}

/** The async resource types kept: a timer, an immediate, a worker thread. */
const KEPT = new Set(["Timeout", "Immediate", "WORKER"]);

/** The worker handles whose thread has exited. */
const exited = new WeakSet<object>();

/** Whether a kept resource is over: a timer fired or cleared, a worker exited. */
const over = (resource: TimerLike): boolean => resource._destroyed === true || exited.has(resource);

/** Notes the worker handle's exit: wraps the `onexit` its Worker set (after the constructor, so in a microtask). */
function watchExit(handle: TimerLike): void {
  queueMicrotask(() => {
    const onexit = handle.onexit;
    if (typeof onexit !== "function") return;
    handle.onexit = function (this: unknown, ...args: unknown[]) {
      exited.add(handle);
      return Reflect.apply(onexit, this, args);
    };
  });
}

/** Live timers and immediates, and running workers, by the request id of the invocation that set or started them. */
const byRequest = new Map<string, Set<TimerLike>>();
let hook: AsyncHook | undefined;
let users = 0;

function init(_asyncId: number, type: string, _triggerAsyncId: number, resource: object): void {
  if (!KEPT.has(type)) return;
  const requestId = guardedRequestId();
  if (requestId === undefined) return;
  if (type === "WORKER") watchExit(resource as TimerLike);
  let timers = byRequest.get(requestId);
  if (!timers) byRequest.set(requestId, (timers = new Set()));
  timers.add(resource as TimerLike);
}

/** Starts noting the invocations' timers, immediates and workers (if no other run does already); returns the function that stops. */
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

/** Whether the invocation `requestId` has a timer or immediate (live and ref'd) or a worker thread (running) of its own open; drops the ended ones of every invocation. */
export function hasOpenTimers(requestId: string): boolean {
  let open = false;
  for (const [id, timers] of byRequest) {
    for (const timer of timers) {
      if (over(timer)) timers.delete(timer);
      else if (id === requestId && timer.hasRef?.() !== false && !isHeldTimer(timer)) open = true;
    }
    if (timers.size === 0) byRequest.delete(id);
  }
  return open;
}
