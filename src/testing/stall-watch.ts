/**
 * The stall watch of a test run: an invocation that goes on running while nothing can move it on
 * (it sends no checkpoint, no step body runs, no wait, retry, callback or invoke is pending) is
 * awaiting a promise that never settles. Lambda would end it at the function timeout (the runner's
 * is Lambda's 15 minutes) and invoke it again, to hang the same way; the reference runner waits for
 * ever. The watch ends the run instead, after `stallTimeout` ms of real time, with an
 * {@link InvocationStalledError} naming the function and the last operation it reached.
 */
import { ACTIVE_STEP_STATUSES, OperationType } from "../generated/index.js";
import type { ExecutionRecord } from "../local/execution-record.js";
import { InvocationStalledError } from "./errors.js";
import type { RunView } from "./run-view.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { realClearTimeout as clearTimeout, realMonotonicNow, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/** How long (ms, real time) an invocation may make no progress with nothing pending, unless setupTestEnvironment says otherwise. */
export const DEFAULT_STALL_TIMEOUT_MS = 3_000;

/** What the watch needs to know about the run. */
export interface StallWatchSetup {
  view: RunView;
  /** No progress for this long (ms) with nothing pending is a stall. */
  timeoutMs: number;
  /** Added to the timeout: real time each checkpoint call spends before it reaches the service (checkpointDelay). */
  slackMs: number;
  /** Whether the function's invocations run in this thread (a worker's time to load its module is no stall). */
  inProcess(functionName: string): boolean;
  /** The name the message gives the function (the handler under test, or a registered one). */
  describeFunction(functionName: string): string;
}

interface Watched {
  requestId: string;
  tokenSeq: number;
  events: number;
  since: number;
}

/** Starts watching the run's executions; returns the function that stops the watch. */
export function watchForStalls(setup: StallWatchSetup): () => void {
  const { view, timeoutMs, slackMs } = setup;
  const { service } = view;
  const limit = timeoutMs + slackMs;
  const period = Math.min(1_000, Math.max(20, Math.floor(timeoutMs / 4)));
  const arns = new Set<string>();
  const watched = new Map<ExecutionRecord, Watched>();
  const unsubscribe = service.onHistoryEvent((arn) => arns.add(arn));
  let last = realMonotonicNow();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = (): void => {
    timer = undefined;
    if (view.finished || view.abortError) return;
    const now = realMonotonicNow();
    // A tick this late means the thread was busy (a long synchronous computation): that is no stall.
    const blocked = now - last > 2 * period + 50;
    last = now;
    for (const arn of arns) {
      const record = service.store.findRecord(arn);
      const invocation = record?.invocation;
      if (!record || !record.isRunning || !invocation || !setup.inProcess(record.functionName)) {
        if (record) watched.delete(record);
        continue;
      }
      const state = { requestId: invocation.requestId, tokenSeq: record.tokenSeq, events: record.history.length };
      const seen = watched.get(record);
      if (blocked || !seen || seen.requestId !== state.requestId || seen.tokenSeq !== state.tokenSeq || seen.events !== state.events) {
        watched.set(record, { ...state, since: now });
        continue;
      }
      if (now - seen.since < limit) continue;
      if (hasPending(view, record)) {
        seen.since = now;
        continue;
      }
      view.abort(stalledError(setup, record, now - seen.since));
      return;
    }
    schedule();
  };
  const schedule = (): void => {
    timer = setTimeout(tick, period);
    timer.unref?.();
  };
  schedule();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    unsubscribe();
  };
}

/** Something other than the handler's own code may move the execution on: a step body, or the service (a timer, a callback, an invoke). */
function hasPending(view: RunView, record: ExecutionRecord): boolean {
  if (record.waiting.size > 0) return true;
  return view.service.store
    .getOperations(record.arn)
    .some((op) => op.Type === OperationType.STEP && op.Status !== undefined && ACTIVE_STEP_STATUSES.has(op.Status));
}

function stalledError(setup: StallWatchSetup, record: ExecutionRecord, idleMs: number): InvocationStalledError {
  const operations = setup.view.service.store.getOperations(record.arn).filter((op) => op.Type !== OperationType.EXECUTION);
  const lastOperation = operations.at(-1);
  const reached = lastOperation
    ? `; the last operation it reached is ${lastOperation.Name !== undefined ? `"${lastOperation.Name}"` : lastOperation.Id} (${lastOperation.Type} ${lastOperation.Status})`
    : "; it has not reached any operation";
  return new InvocationStalledError(
    `run(): ${setup.describeFunction(record.functionName)} stalled: its invocation is still running but has made no progress for ` +
      `${(idleMs / 1000).toFixed(1)} s (no checkpoint, no step running, no wait, retry, callback or invoke pending)` +
      `${reached}. It is awaiting a promise that never settles (a mocked dependency that never resolves, an event never emitted). ` +
      "Make that promise settle; do slow work in context.step; or give it longer with " +
      "LocalDurableTestRunner.setupTestEnvironment({ stallTimeout: ms })",
    record.functionName,
  );
}
