/**
 * The stall watch of a test run: an invocation that goes on running while nothing can move it on
 * is awaiting a promise that never settles. Lambda would end it at the function timeout (the runner's
 * is Lambda's 15 minutes) and invoke it again, to hang the same way; the reference runner waits for
 * ever. The watch ends the run instead, after `stallTimeout` ms of real time, with an
 * {@link InvocationStalledError} naming the function and where it stopped.
 *
 * "Nothing can move it on": no checkpoint (no new history event, no new token), no wait, retry,
 * callback or invoke pending in the service, no timer, immediate or worker thread of the invocation's
 * own code open (invocation-timers.ts tells them from the test's, the framework's and the service's), and no I/O of
 * the process pending — Node's `process.getActiveResourcesInfo()` lists no socket, server, pipe,
 * child process or fs/DNS request beyond those open when the watch started. So a handler that awaits
 * slow I/O or a real `setTimeout` outside any step is no stall, and a step body that awaits a promise
 * that never settles is one (named in the message). A test's fake timers create no real timer: a
 * handler asleep on them with nobody advancing them is stalled. Where Node has no
 * `getActiveResourcesInfo`, the watch falls back to the service alone: a running step body counts
 * as pending, and no timer or I/O is looked at.
 */
import { ACTIVE_STEP_STATUSES, EventType, OperationStatus, OperationType, type Operation } from "../generated/index.js";
import type { ExecutionRecord } from "../local/execution-record.js";
import { InvocationStalledError } from "./errors.js";
import { hasOpenTimers, trackInvocationTimers } from "./invocation-timers.js";
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
  // Per execution: the invocation (request id) running and the steps it started, whose bodies run in it.
  const started = new Map<string, { requestId: string; ids: Set<string> }>();
  const unsubscribe = service.onHistoryEvent((arn, event) => {
    arns.add(arn);
    const requestId = event.EventType === EventType.StepStarted && event.Id !== undefined ? service.store.findRecord(arn)?.invocation?.requestId : undefined;
    if (requestId === undefined) return;
    let steps = started.get(arn);
    if (steps?.requestId !== requestId) started.set(arn, (steps = { requestId, ids: new Set() }));
    steps.ids.add(event.Id!);
  });
  const resources = new ProcessWork();
  const stopTimers = trackInvocationTimers();
  let last = realMonotonicNow();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = (): void => {
    timer = undefined;
    if (view.finished || view.abortError) return;
    const now = realMonotonicNow();
    // A tick this late means the thread was busy (a long synchronous computation): that is no stall.
    const blocked = now - last > 2 * period + 50;
    last = now;
    // Whether the process has I/O pending beyond the baseline (undefined: Node cannot tell), read at most once a tick.
    let work: boolean | undefined | null = null;
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
      if (record.waiting.size > 0) {
        seen.since = now;
        continue;
      }
      if (work === null) work = resources.pending();
      const steps = runningSteps(view, record, started.get(arn), work !== undefined);
      if (work === true || (work === false && hasOpenTimers(invocation.requestId)) || (work === undefined && steps.length > 0)) {
        seen.since = now;
        continue;
      }
      view.abort(stalledError(setup, record, now - seen.since, steps, work !== undefined));
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
    stopTimers();
    sample();
  };
}

type ResourceCounts = Map<string, number>;

/**
 * The lowest count of each kind of request (fs, DNS, a stream's write or shutdown, a connect) seen at
 * any sample in this module instance. Requests are short-lived: one of the test framework's that
 * happens to be open when a run's watch starts must not count as the framework's for the whole run,
 * or it would hide a request of the handler that outlives it. So a run's baseline for a request kind
 * is the lower of this and what is open at its start. Handles (servers, sockets, child processes,
 * pipes) are taken as open at the start: a server or connection the test opened before run() is its own.
 */
let floor: ResourceCounts | undefined;

/** Reads the process's resources and lowers the floor with them; undefined where Node cannot tell. */
function sample(): ResourceCounts | undefined {
  const counts = resourceCounts();
  if (!counts) return undefined;
  if (!floor) floor = new Map(counts);
  else {
    for (const [type, count] of floor) floor.set(type, Math.min(count, counts.get(type) ?? 0));
  }
  return counts;
}

/** Lowers the floor at a moment the code under test is likely idle (the runner calls it from setupTestEnvironment). */
export function sampleQuietResources(): void {
  sample();
}

sample();

const isRequest = (type: string): boolean => /Req|^(Write|Shutdown|Send|Query)Wrap$|ConnectWrap$/.test(type);

/**
 * The process's pending I/O, from `process.getActiveResourcesInfo()` (one entry per ref'd handle,
 * request, timer and immediate, by type): the handles and requests open beyond the baseline.
 */
class ProcessWork {
  private readonly baseline: ResourceCounts | undefined;

  constructor() {
    const start = sample();
    this.baseline = start && new Map([...start].map(([type, count]) => [type, isRequest(type) ? Math.min(count, floor?.get(type) ?? 0) : count]));
  }

  /** Whether anything beyond the baseline is open; undefined where Node cannot tell. */
  pending(): boolean | undefined {
    const baseline = this.baseline;
    const now = baseline && sample();
    if (!baseline || !now) return undefined;
    let pending = false;
    for (const [type, count] of now) {
      const before = baseline.get(type) ?? 0;
      if (count > before) pending = true;
      // What the test framework had open at the start and has closed since is no longer part of it.
      else if (count < before) baseline.set(type, count);
    }
    for (const type of baseline.keys()) if (!now.has(type)) baseline.set(type, 0);
    return pending;
  }
}

function resourceCounts(): ResourceCounts | undefined {
  const info = (globalThis.process as { getActiveResourcesInfo?: () => unknown } | undefined)?.getActiveResourcesInfo;
  if (typeof info !== "function") return undefined;
  let list: unknown;
  try {
    list = info.call(globalThis.process);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const counts: ResourceCounts = new Map();
  // Timers and immediates are told apart by who set them (invocation-timers.ts), not counted here.
  for (const type of list) if (typeof type === "string" && type !== "Timeout" && type !== "Immediate") counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/**
 * The steps whose bodies run in the current invocation (STARTED by it). Without the resource check
 * (`exact` false), as before it: every step STARTED or READY.
 */
function runningSteps(view: RunView, record: ExecutionRecord, started: { requestId: string; ids: Set<string> } | undefined, exact: boolean): Operation[] {
  const steps = view.service.store.getOperations(record.arn).filter((op) => op.Type === OperationType.STEP);
  if (!exact) return steps.filter((op) => op.Status !== undefined && ACTIVE_STEP_STATUSES.has(op.Status));
  if (started?.requestId !== record.invocation?.requestId) return [];
  return steps.filter((op) => op.Status === OperationStatus.STARTED && op.Id !== undefined && started!.ids.has(op.Id));
}

const describeOperation = (op: Operation): string => (op.Name !== undefined ? JSON.stringify(op.Name) : String(op.Id));

function stalledError(setup: StallWatchSetup, record: ExecutionRecord, idleMs: number, steps: Operation[], sawResources: boolean): InvocationStalledError {
  const idle = `${(idleMs / 1000).toFixed(1)} s`;
  const raise = "LocalDurableTestRunner.setupTestEnvironment({ stallTimeout: ms })";
  const own = "no socket, file, DNS or child-process request, timer, immediate or worker thread of its own open";
  const name = setup.describeFunction(record.functionName);
  if (steps.length > 0) {
    const which = steps.length === 1 ? `the body of step ${describeOperation(steps[0]!)} is` : `the bodies of steps ${steps.map(describeOperation).join(", ")} are`;
    return new InvocationStalledError(
      `run(): ${name} stalled: ${which} awaiting a promise that never settles: it has made no progress for ${idle} ` +
        `(no checkpoint; no wait, retry, callback or invoke pending; ${own}). ` +
        `Make that promise settle (a mocked dependency that never resolves, an event never emitted), or give it longer with ${raise}`,
      record.functionName,
    );
  }
  const operations = setup.view.service.store.getOperations(record.arn).filter((op) => op.Type !== OperationType.EXECUTION);
  const lastOperation = operations.at(-1);
  const reached = lastOperation
    ? `; the last operation it reached is ${describeOperation(lastOperation)} (${lastOperation.Type} ${lastOperation.Status})`
    : "; it has not reached any operation";
  // Without the resource check (no getActiveResourcesInfo), the rule and its text are the service's alone.
  const nothing = sawResources
    ? `no checkpoint; no step running; no wait, retry, callback or invoke pending; ${own}`
    : "no checkpoint, no step running, no wait, retry, callback or invoke pending";
  const advice = sawResources ? "Make that promise settle, or give it longer with " : "Make that promise settle; do slow work in context.step; or give it longer with ";
  return new InvocationStalledError(
    `run(): ${name} stalled: its invocation is still running but has made no progress for ${idle} (${nothing})${reached}. ` +
      `It is awaiting a promise that never settles (a mocked dependency that never resolves, an event never emitted). ${advice}${raise}`,
    record.functionName,
  );
}
