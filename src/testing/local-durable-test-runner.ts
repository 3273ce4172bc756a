/**
 * `LocalDurableTestRunner`: runs a durable handler on an in-process `LocalDurableService` and
 * returns a `TestResult`. Its API follows the reference testing package's runner, so a test written
 * for `@aws/durable-execution-sdk-js-testing` runs after swapping the import.
 *
 * Time. `setupTestEnvironment({ skipTime: true })` runs executions on a skipping clock: it follows
 * real time, and jumps ahead only when nothing can happen sooner. No fake timers are installed (the
 * test's own `setTimeout`, `Date` and `performance.now` stay real). With `skipTime: false` (the
 * default, as in the reference) the service follows real time.
 *
 * As on the service, a timer (a wait, a retry delay, a callback timeout) that falls due while an
 * invocation runs completes on time, and the handler sees it in its next checkpoint response — so
 * a `parallel` whose other branches are still busy goes on in the same invocation.
 *
 * The skipTime rule: the clock jumps to the next timer only while no invocation (or chained invoke)
 * runs and the test is waiting for the execution — it has awaited (or chained on) run()'s promise,
 * or it awaits a `waitForData()` that is not satisfied yet. While the test holds run()'s promise and
 * does something else, time runs at real speed. The timeout and heartbeat deadlines of a callback the
 * test has engaged with (it waited for its data, or sent it a heartbeat) stay on real time: the clock
 * never jumps past them, and jumps to other timers move them along, so a test that heartbeats a
 * callback in real time keeps it alive (the reference keeps all callback timers on real time; here a
 * callback the test never looked at times out at once when nothing else can happen). `skipTime(ms)`
 * moves the clock explicitly, past any timer. After every round of work the runner also yields to
 * the event loop once, so code chained on a resolved `waitForData()` runs before the clock moves.
 */
import type { ResourceLimits } from "node:worker_threads";
import { EventType, MAX_EXECUTION_TIMEOUT_SECONDS, MAX_FUNCTION_TIMEOUT_SECONDS, OperationType, WAITING_OPERATION_STATUSES, describeReceived, type DurableExecutionClient, type ErrorObject } from "../generated/index.js";
import { isSkippingClock } from "../local/clock.js";
import type { Timer } from "../local/execution-record.js";
import type { DurableFunctionHandler, PlainFunctionHandler } from "../local/function-registry.js";
import { DurableExecutionInvocationInputWithClient, type EventFactory } from "../local/invocation-event.js";
import type { WorkerLoadError } from "../local/isolated-invocation.js";
import { RUNTIME_INVALID_RESPONSE_ERROR_TYPE } from "../local/errors.js";
import { holdTimer } from "../local/held-timers.js";
import { LocalDurableService } from "../local/local-durable-service.js";
import { OperationHandle } from "./durable-operation.js";
import { TestRunnerUsageError } from "./errors.js";
import { RunnerSession, RunView, type Selector } from "./run-view.js";
import { DEFAULT_STALL_TIMEOUT_MS, sampleQuietResources, watchForStalls } from "./stall-watch.js";
import { createTestResult } from "./test-result.js";
import {
  CheckpointTap,
  checkCrashOptions,
  compareOutlines,
  CrashEverywhereError,
  cutPointOf,
  outline,
  type CrashEverywhereOptions,
  type CrashEverywhereReport,
  type CrashPlan,
  type CrashPointFailure,
  type ReExecutedStep,
} from "./crash-everywhere.js";
import type { HistoryEvent } from "../local/history.js";
import type { DurableOperation, DurableTestRunner, InvokeRequest, TestResult } from "./types.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { realClearTimeout as clearTimeout, realSetImmediate as setImmediate, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/**
 * What to run: `{ handlerFunction }` (in process, as in the reference runner), or `{ handlerModule }`
 * (each invocation in a fresh worker thread). In process, a handler that calls `process.exit()` or
 * throws an uncaught exception still only fails its invocation (the service then invokes again);
 * a worker thread also contains what cannot be caught in process, such as running out of memory.
 *
 * @example
 * ```ts
 * new LocalDurableTestRunner({ handlerFunction: handler });                       // in process
 * new LocalDurableTestRunner({ handlerModule: { module: new URL("./handler.js", import.meta.url) } }); // worker threads
 * ```
 */
export type LocalDurableTestRunnerParameters =
  | {
      /** The handler under test, as returned by `withDurableExecution`. */
      handlerFunction: DurableFunctionHandler;
      handlerModule?: undefined;
    }
  | {
      handlerFunction?: undefined;
      /** Runs every invocation of the handler under test in a fresh worker thread loaded from this module. */
      handlerModule: LocalDurableTestRunnerHandlerModule;
    };

/**
 * Where a worker thread loads the handler under test from (the `handlerModule` option): each
 * invocation then runs isolated, so `process.exit()`, a crash or running out of memory fails that
 * invocation instead of the test process.
 *
 * A TypeScript module (`.ts`, `.mts`, `.cts`, `.tsx`) needs a loader in each worker thread: the
 * test's own (vitest's, `node --import tsx`'s) does not reach it on Node 20. With no `preload`,
 * the runner registers tsx in each worker when tsx is installed (resolved from the module's
 * directory, then the current directory); `preload: ["tsx"]` asks for the same. If a worker still
 * cannot import the module, or a preload, run() rejects at once with a `TestRunnerUsageError`
 * naming the fix.
 *
 * @example
 * ```ts
 * import { LocalDurableTestRunner } from "durable-execution-sdk/testing";
 *
 * const runner = new LocalDurableTestRunner({
 *   handlerModule: {
 *     module: new URL("./order-workflow.js", import.meta.url),
 *     exportName: "handler",
 *     resourceLimits: { maxOldGenerationSizeMb: 256 },
 *   },
 * });
 * ```
 */
export interface LocalDurableTestRunnerHandlerModule {
  /**
   * The module: a file URL (e.g. `new URL("./handler.ts", import.meta.url)`) or an absolute path. A
   * TypeScript module is loaded through tsx (install it as a dev dependency) unless `preload` is given.
   */
  module: string | URL;
  /**
   * The export holding the `withDurableExecution` handler.
   * @defaultValue `"handler"`
   */
  exportName?: string;
  /**
   * Modules each worker imports first, e.g. one that registers a TypeScript loader (calls
   * `register()` from `tsx/esm/api`): file URLs, paths, or package names (resolved from the current
   * directory). `"tsx"` and `"tsx/esm"` register tsx in the worker. With a preload, a TypeScript
   * module gets no automatic tsx: the preload brings the loader.
   */
  preload?: (string | URL)[];
  /** Limits of each worker's heap, e.g. `{ maxOldGenerationSizeMb: 256 }`: running out fails the invocation as Runtime.OutOfMemory. */
  resourceLimits?: ResourceLimits;
}

/**
 * Options of `LocalDurableTestRunner.setupTestEnvironment`.
 *
 * @example
 * ```ts
 * beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
 * afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());
 * ```
 */
export interface LocalDurableTestRunnerSetupParameters {
  /**
   * true: skip time whenever the execution only waits (waits and retries take no real time; see the
   * class documentation for callbacks); false (default): run in real time.
   */
  skipTime?: boolean;
  /**
   * Real-time delay (ms) added to every checkpoint call, to surface races.
   * @defaultValue none
   */
  checkpointDelay?: number;
  /**
   * How long (ms of real time) an invocation may go on with no progress and nothing pending (no
   * checkpoint; no wait, retry, callback or invoke open; no timer or worker thread its own code set
   * or started; no socket, child process, file or DNS request opened since run() began) before run() rejects with an
   * `InvocationStalledError`: the handler, or a step body, awaits a promise that never settles. Slow
   * I/O and real timers are waited for. `Infinity` turns the check off (the invocation then runs
   * until Lambda's 15-minute timeout). Handlers run in process only (`handlerFunction`, registered
   * durable functions); a `handlerModule` is not watched.
   * @defaultValue `3000`
   */
  stallTimeout?: number;
}

/**
 * What `LocalDurableTestRunner.run()` takes: the reference's `{ payload }` plus this runner's
 * crash-anywhere option.
 *
 * @example
 * ```ts
 * import { LocalDurableTestRunner, type LocalInvokeRequest } from "durable-execution-sdk/testing";
 * import { withDurableExecution } from "durable-execution-sdk";
 *
 * const handler = withDurableExecution(async (event: { n: number }, context) => {
 *   const doubled = await context.step("double", async () => event.n * 2);
 *   await context.wait("pause", { seconds: 5 });
 *   return doubled;
 * });
 * await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
 * const request: LocalInvokeRequest = { payload: { n: 21 }, crashEverywhere: true };
 * const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run(request);
 * console.log(result.getResult()); // 42, and 42 again after a cut at every checkpoint
 * ```
 */
export interface LocalInvokeRequest extends InvokeRequest {
  /**
   * Re-runs the execution once per checkpoint of a normal run, cutting the invocation at that
   * checkpoint (as if the sandbox died), and checks every cut run ends like the normal one; run()
   * then rejects with a `CrashEverywhereError` naming each failing cut point. Resolves with the
   * normal run's result. With `handlerModule` each cut kills the invocation's worker thread; use `skipTime: true`.
   */
  crashEverywhere?: boolean | CrashEverywhereOptions;
}

/** How a callback of the normal run ended, replayed in the cut runs. */
type CallbackOutcome = { kind: "success"; result: string | undefined } | { kind: "failure"; error: ErrorObject | undefined };

/** What differs between a normal run (the test's) and a crashEverywhere cut run. */
interface ExecuteSetup {
  session: RunnerSession;
  tap?: CheckpointTap;
  /** A cut run: nobody awaits it; callbacks are completed as in the normal run. */
  callbacks?: Map<string, CallbackOutcome>;
}

/**
 * A Lambda-style handler for `registerFunction`: promise style or `(event, context, callback)`.
 *
 * @example
 * ```ts
 * runner.registerFunction("tax-service", async (event: { amount: number }) => ({ tax: event.amount * 0.2 }));
 * // the handler under test calls it with context.invoke("tax-service", { amount: 100 })
 * ```
 */
export type PlainTestFunction = (event: any, context: any, callback: (error?: unknown, result?: unknown) => void) => unknown;

interface Environment {
  readonly skipTime: boolean;
  readonly checkpointDelay: number | undefined;
  readonly stallTimeout: number;
}

/** What applies when setupTestEnvironment was not called: real time, like the reference. */
const DEFAULT_ENVIRONMENT: Environment = { skipTime: false, checkpointDelay: undefined, stallTimeout: DEFAULT_STALL_TIMEOUT_MS };

/** The name the handler under test is registered under (what its Lambda context reports). */
export const TEST_FUNCTION_NAME = "durable-test-function";

/** Lambda's maximum; a test handler is never cut short by the service. */
const INVOCATION_TIMEOUT_MS = MAX_FUNCTION_TIMEOUT_SECONDS * 1000;

/**
 * ExecutionTimeout of test executions: one year, so that workflows waiting days (a 48-hour
 * approval, a weekly reminder) run to their end; the reference runner has no execution timeout.
 */
export const TEST_EXECUTION_TIMEOUT_SECONDS = MAX_EXECUTION_TIMEOUT_SECONDS;

/** How long (real time) a paused run waits before it explains why it is paused. */
const STALL_NOTICE_MS = 5_000;

type Registration = { kind: "durable"; handler: DurableFunctionHandler } | { kind: "plain"; handler: PlainFunctionHandler };

/** run()'s promise: it notices when the test awaits it (or chains on it), which lets time move. */
class RunPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  onObserved: (() => void) | undefined;

  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const observed = this.onObserved;
    this.onObserved = undefined;
    observed?.();
    return super.then(onfulfilled, onrejected);
  }
}

/**
 * Runs a durable handler in process on a local durable service, with the API of the reference testing
 * package's `LocalDurableTestRunner`.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, expect, it } from "vitest";
 * import { withDurableExecution } from "durable-execution-sdk";
 * import { LocalDurableTestRunner } from "durable-execution-sdk/testing";
 *
 * const handler = withDurableExecution(async (event: { orderId: string }, context) => {
 *   await context.step("charge", async () => `charged ${event.orderId}`);
 *   await context.wait({ days: 1 });
 *   return { status: "shipped" };
 * });
 *
 * beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
 * afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());
 *
 * it("ships the order", async () => {
 *   const runner = new LocalDurableTestRunner<{ status: string }>({ handlerFunction: handler });
 *   const result = await runner.run({ payload: { orderId: "o-1" } });
 *   expect(result.getStatus()).toBe("SUCCEEDED");
 *   expect(result.getResult()).toEqual({ status: "shipped" });
 *   expect(runner.getOperation("charge").getStepDetails()?.attempt).toBe(1);
 * });
 * ```
 */
export class LocalDurableTestRunner<TResult = any> implements DurableTestRunner<DurableOperation, TResult> {
  private static environment: Environment | undefined;
  /** Runs in progress, for teardownTestEnvironment. */
  private static readonly liveRuns = new Set<RunView>();

  private readonly handler: { kind: "function"; handler: DurableFunctionHandler } | { kind: "module"; module: LocalDurableTestRunnerHandlerModule };
  private readonly functions = new Map<string, Registration>();
  private session = new RunnerSession();
  private active: RunView | undefined;

  constructor(params: LocalDurableTestRunnerParameters) {
    if (typeof params !== "object" || params === null) {
      throw new TestRunnerUsageError(
        `new LocalDurableTestRunner(params): params must be { handlerFunction } (received ${describeReceived(params)})`,
      );
    }
    if (params.handlerModule !== undefined) {
      if (params.handlerFunction !== undefined) {
        throw new TestRunnerUsageError(
          "new LocalDurableTestRunner(params): give either handlerFunction (in process) or handlerModule (a worker thread per invocation), not both",
        );
      }
      this.handler = { kind: "module", module: checkHandlerModule(params.handlerModule) };
      return;
    }
    const handlerFunction: unknown = params.handlerFunction;
    if (typeof handlerFunction !== "function") {
      throw new TestRunnerUsageError(
        `new LocalDurableTestRunner({ handlerFunction }): handlerFunction must be the function withDurableExecution returned (received ${describeReceived(handlerFunction)})`,
      );
    }
    this.handler = { kind: "function", handler: handlerFunction as DurableFunctionHandler };
  }

  // ------------------------------------------------------------------ environment

  /** Chooses virtual (skipTime: true) or real time for the runs that follow, and the checkpoint delay. */
  static async setupTestEnvironment(params: LocalDurableTestRunnerSetupParameters = {}): Promise<void> {
    if (typeof params !== "object" || params === null) {
      throw new TestRunnerUsageError(
        `setupTestEnvironment(params): params must be { skipTime?, checkpointDelay?, stallTimeout? } (received ${describeReceived(params)})`,
      );
    }
    for (const key of Object.keys(params)) {
      if (key !== "skipTime" && key !== "checkpointDelay" && key !== "stallTimeout") {
        throw new TestRunnerUsageError(`setupTestEnvironment(params): unknown option "${key}"; the options are skipTime, checkpointDelay and stallTimeout`);
      }
    }
    const { skipTime, checkpointDelay, stallTimeout } = params;
    if (skipTime !== undefined && typeof skipTime !== "boolean") {
      throw new TestRunnerUsageError(`setupTestEnvironment(params): skipTime must be a boolean (received ${describeReceived(skipTime)})`);
    }
    if (checkpointDelay !== undefined && !(typeof checkpointDelay === "number" && Number.isFinite(checkpointDelay) && checkpointDelay >= 0)) {
      throw new TestRunnerUsageError(
        `setupTestEnvironment(params): checkpointDelay must be a non-negative number of milliseconds (received ${describeReceived(checkpointDelay)})`,
      );
    }
    if (stallTimeout !== undefined && !(typeof stallTimeout === "number" && stallTimeout > 0)) {
      throw new TestRunnerUsageError(
        `setupTestEnvironment(params): stallTimeout must be a positive number of milliseconds, or Infinity to turn the check off (received ${describeReceived(stallTimeout)})`,
      );
    }
    // What the test framework keeps open, for the stall watch's baseline (see stall-watch.ts).
    sampleQuietResources();
    LocalDurableTestRunner.environment = {
      skipTime: skipTime ?? false,
      checkpointDelay: checkpointDelay || undefined,
      stallTimeout: stallTimeout ?? DEFAULT_STALL_TIMEOUT_MS,
    };
  }

  /** Ends every run still in progress (their promises reject) and forgets the environment. */
  static async teardownTestEnvironment(): Promise<void> {
    LocalDurableTestRunner.environment = undefined;
    const error = new TestRunnerUsageError(
      "run(): the test environment was torn down (teardownTestEnvironment) while the execution was still running",
    );
    for (const view of [...LocalDurableTestRunner.liveRuns]) view.abort(error);
    LocalDurableTestRunner.liveRuns.clear();
  }

  // ------------------------------------------------------------------ functions

  /**
   * Registers a durable function (a `withDurableExecution` handler) as a target of `context.invoke(name, …)`.
   * An invoke of a name registered neither here nor with `registerFunction` makes run() reject with a `TestRunnerUsageError`;
   * so does a `durableHandler` that turns out not to be durable (its first invocation answers no durable response).
   */
  registerDurableFunction(functionName: string, durableHandler: DurableFunctionHandler): this {
    this.checkRegistration("registerDurableFunction", functionName, durableHandler);
    this.functions.set(functionName, { kind: "durable", handler: durableHandler });
    return this;
  }

  /**
   * Registers a plain Lambda function (promise or callback style) as a target of `context.invoke(name, …)`.
   * An invoke of a name registered neither here nor with `registerDurableFunction` makes run() reject with a `TestRunnerUsageError`.
   */
  registerFunction(functionName: string, handler: PlainTestFunction): this {
    this.checkRegistration("registerFunction", functionName, handler);
    this.functions.set(functionName, { kind: "plain", handler: promiseStyle(handler) });
    return this;
  }

  private checkRegistration(method: string, functionName: unknown, handler: unknown): void {
    if (typeof functionName !== "string" || functionName.length === 0) {
      throw new TestRunnerUsageError(
        `${method}(functionName, handler): functionName must be the non-empty name passed to context.invoke (received ${describeReceived(functionName)})`,
      );
    }
    if (functionName === TEST_FUNCTION_NAME) {
      throw new TestRunnerUsageError(`${method}(): "${TEST_FUNCTION_NAME}" is the name of the handler under test; register the function under another name`);
    }
    if (typeof handler !== "function") {
      throw new TestRunnerUsageError(`${method}("${functionName}", handler): handler must be a function (received ${describeReceived(handler)})`);
    }
  }

  // ------------------------------------------------------------------ lookups

  /** The `index`-th operation named `name` (default the first). Usable before run(): it fills in as data arrives. */
  getOperation<T = any>(name: string, index = 0): DurableOperation<T> {
    return this.lookup({ kind: "name", name: checkName("getOperation", name), index: checkIndex("getOperation", index) });
  }

  getOperationByNameAndIndex<T = any>(name: string, index: number): DurableOperation<T> {
    return this.lookup({
      kind: "name",
      name: checkName("getOperationByNameAndIndex", name),
      index: checkIndex("getOperationByNameAndIndex", index),
    });
  }

  /** The `index`-th operation in start order over all operations (children included); negative counts from the end. */
  getOperationByIndex<T = any>(index: number): DurableOperation<T> {
    return this.lookup({ kind: "index", index: checkIndex("getOperationByIndex", index) });
  }

  getOperationById<T = any>(id: string): DurableOperation<T> {
    if (typeof id !== "string" || id.length === 0) {
      throw new TestRunnerUsageError(`getOperationById(id): id must be a non-empty string (received ${describeReceived(id)})`);
    }
    return this.lookup({ kind: "id", id });
  }

  private lookup<T>(selector: Selector): DurableOperation<T> {
    return new OperationHandle<T>(this.session, selector);
  }

  /**
   * Forgets the last run: lookups made from now on see only the next run. A run still in progress
   * ends: its promise rejects with a `TestRunnerUsageError` (its operations could no longer be looked
   * up, so it would otherwise never finish).
   */
  reset(): void {
    this.active?.abort(
      new TestRunnerUsageError("run(): reset() was called while the execution was still running; await run() before reset(), or reset() a runner between runs"),
    );
    this.session = new RunnerSession();
  }

  // ------------------------------------------------------------------ running

  /** Starts an execution of the handler with `payload` and resolves when it has finished. */
  run(params?: LocalInvokeRequest): Promise<TestResult<TResult>> {
    let settle!: { resolve: (result: TestResult<TResult>) => void; reject: (error: unknown) => void };
    const promise = new RunPromise<TestResult<TResult>>((resolve, reject) => (settle = { resolve, reject }));
    let plan: CrashPlan | undefined;
    try {
      plan = checkCrashOptions(params === undefined || params === null || typeof params !== "object" ? undefined : params.crashEverywhere);
    } catch (error) {
      settle.reject(error);
      return promise;
    }
    const work = plan ? this.crashEverywhere(params, promise, plan) : this.execute(params, promise, { session: this.session });
    work.then(settle.resolve, settle.reject);
    return promise;
  }

  /** The normal run, then one cut run per checkpoint and cut mode (see crash-everywhere.ts). */
  private async crashEverywhere(params: InvokeRequest | undefined, promise: RunPromise<TestResult<TResult>>, plan: CrashPlan): Promise<TestResult<TResult>> {
    await plan.beforeRun?.();
    const baselineTap = new CheckpointTap();
    const baseline = await this.execute(params, promise, { session: this.session, tap: baselineTap });
    const checkpoints = baselineTap.calls.length;
    if (checkpoints > plan.maxCheckpoints) {
      throw new TestRunnerUsageError(
        `run({ crashEverywhere }): the run made ${checkpoints} checkpoint calls, more than maxCheckpoints (${plan.maxCheckpoints}); raise maxCheckpoints or test a smaller workflow`,
      );
    }
    const expected = outline(baseline);
    const callbacks = callbackOutcomes(baseline.getHistoryEvents());
    const failures: CrashPointFailure[] = [];
    const reExecutedSteps: ReExecutedStep[] = [];
    let cutRuns = 0;
    for (let checkpoint = 1; checkpoint <= checkpoints; checkpoint++) {
      for (const mode of plan.cuts) {
        const cut = cutPointOf(baselineTap, checkpoint, mode);
        await plan.beforeRun?.();
        const tap = new CheckpointTap({ checkpoint, mode });
        cutRuns++;
        let differences: string[];
        try {
          const found = await this.execute(params, undefined, { session: new RunnerSession(), tap, callbacks });
          differences = compareOutlines(expected, outline(found), plan);
        } catch (error) {
          differences = [`the cut run did not finish: ${error instanceof Error ? error.message : String(error)}`];
        }
        for (const run of tap.bodyRuns.values()) {
          if (run.runs < 2) continue;
          reExecutedSteps.push({ stepId: run.id, name: run.name, attempt: run.attempt, runs: run.runs, cut });
          if (plan.atMostOnce(run.name)) {
            differences.push(
              `step ${run.name !== undefined ? `"${run.name}"` : run.id} ran its body ${run.runs} times in attempt ${run.attempt}; ` +
                "it is listed in atMostOnce: give it semantics AT_MOST_ONCE_PER_RETRY (and a retry strategy that does not retry), or make its body idempotent",
            );
          }
        }
        if (differences.length > 0) failures.push({ cut, differences });
      }
    }
    const report: CrashEverywhereReport = { checkpoints, invocations: baselineTap.invocations, cutRuns, failures, reExecutedSteps };
    if (failures.length > 0) throw new CrashEverywhereError(report);
    plan.onReport?.(report);
    return baseline;
  }

  /**
   * Virtual time only: moves the clock forward by `ms` now, running everything that comes due
   * (e.g. to let a callback time out while the test holds run()'s promise).
   */
  async skipTime(ms: number): Promise<void> {
    if (!(typeof ms === "number" && Number.isFinite(ms) && ms >= 0)) {
      throw new TestRunnerUsageError(`skipTime(ms): ms must be a non-negative number of milliseconds (received ${describeReceived(ms)})`);
    }
    const view = this.active;
    if (!view) {
      throw new TestRunnerUsageError("skipTime(ms): no run is in progress; call it after run() and before run()'s promise settles");
    }
    const { service } = view;
    if (!isSkippingClock(service.clock)) {
      throw new TestRunnerUsageError("skipTime(ms) needs skipped time: call LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }) first");
    }
    // Through every timer due on the way, each at its own time.
    const target = service.clock.now() + ms;
    for (let due = service.store.nextTimerDue(false); due !== undefined && due <= target; due = service.store.nextTimerDue(false)) {
      service.skipTo(due);
      await service.runReady();
    }
    service.skipTo(target);
    await service.runReady();
    view.changes++;
    view.wake();
  }

  private async execute(
    params: InvokeRequest | undefined,
    promise: RunPromise<TestResult<TResult>> | undefined,
    setup: ExecuteSetup,
  ): Promise<TestResult<TResult>> {
    if (this.active) {
      throw new TestRunnerUsageError("run(): this runner already has a run in progress; await it before calling run() again, or use a second runner");
    }
    const inputPayload = encodePayload(params);
    const environment = LocalDurableTestRunner.environment ?? DEFAULT_ENVIRONMENT;
    const service = new LocalDurableService({
      clock: environment.skipTime ? "skipping" : "real",
      invocationTimeoutMs: INVOCATION_TIMEOUT_MS,
      defaultExecutionTimeoutSeconds: TEST_EXECUTION_TIMEOUT_SECONDS,
      createEvent: environment.checkpointDelay === undefined ? undefined : delayedCheckpoints(environment.checkpointDelay),
      // A cut run's cut invocation is re-invoked at once (the cut is no outage to wait out).
      ...(setup.callbacks ? { invocationRetryDelayMs: 0 } : {}),
    });
    const registered = new Set(this.functions.keys());
    for (const [name, registration] of this.functions) {
      if (registration.kind === "durable") service.registerFunction(name, registration.handler);
      else service.registerPlainFunction(name, registration.handler);
    }
    if (this.handler.kind === "function") {
      service.registerFunction(TEST_FUNCTION_NAME, setup.tap ? setup.tap.wrap(this.handler.handler) : this.handler.handler);
    }
    else {
      const { module, exportName, preload, resourceLimits } = this.handler.module;
      service.registerIsolatedFunction(TEST_FUNCTION_NAME, module, {
        exportName,
        preload,
        resourceLimits,
        ...(setup.tap ? { tapClient: setup.tap.wrapWorkerClient } : {}),
        // A worker that cannot import its handler would fail every invocation the same way: stop at the first.
        onLoadError: (error) => {
          const usage = moduleLoadUsageError(error);
          if (usage) view.abort(usage);
        },
      });
    }

    const session = setup.session;
    const view = new RunView(service, session);
    session.view = view;
    this.active = view;
    LocalDurableTestRunner.liveRuns.add(view);
    if (promise) {
      promise.onObserved = () => {
        view.awaited = true;
        view.wake();
      };
    } else view.awaited = true;
    const callbacks = setup.callbacks;
    const unsubscribe = service.onHistoryEvent((arn, event) => {
      view.onEvent(arn, event);
      if (callbacks && arn === view.arn) replayCallback(service, callbacks, event);
      // Only a function that is no durable handler (not built with withDurableExecution) answers this way.
      const invocationError = event.InvocationCompletedDetails?.Error?.Payload;
      if (invocationError?.ErrorType === RUNTIME_INVALID_RESPONSE_ERROR_TYPE) {
        queueMicrotask(() => {
          const functionName = arn === view.arn ? TEST_FUNCTION_NAME : (service.store.findRecord(arn)?.functionName ?? "");
          view.abort(notDurableHandlerError(functionName, invocationError.ErrorMessage ?? ""));
        });
      }
      const target = event.ChainedInvokeStartedDetails?.FunctionName;
      // As in the reference runner: an invoke of a function nobody registered is a test setup error,
      // not a failed invoke the handler may catch (so a forgotten registration cannot pass).
      if (target !== undefined && target !== TEST_FUNCTION_NAME && !registered.has(target)) {
        // After the event is recorded (the service is in the middle of applying a checkpoint).
        queueMicrotask(() => view.abort(unregisteredTargetError(target)));
      }
    });
    const handlerKind = this.handler.kind;
    const stopWatch =
      environment.stallTimeout === Number.POSITIVE_INFINITY
        ? undefined
        : watchForStalls({
            view,
            timeoutMs: environment.stallTimeout,
            slackMs: environment.checkpointDelay ?? 0,
            inProcess: (functionName) => functionName !== TEST_FUNCTION_NAME || handlerKind === "function",
            describeFunction: (functionName) =>
              functionName === TEST_FUNCTION_NAME ? "the handler under test" : `the durable function ${JSON.stringify(functionName)}`,
          });
    try {
      const arn = service.startExecution({ functionName: TEST_FUNCTION_NAME, inputPayload });
      view.arn = arn;
      if (environment.skipTime) await driveSkippingTime(view, arn);
      else await service.waitForCompletion(arn).catch((error: unknown) => Promise.reject(view.abortError ?? error));
      if (view.abortError) throw view.abortError;
      view.finished = true;
      session.finish(view);
      return createTestResult<TResult>(view);
    } finally {
      view.finished = true;
      session.finish(view);
      stopWatch?.();
      unsubscribe();
      service.close();
      LocalDurableTestRunner.liveRuns.delete(view);
      if (this.active === view) this.active = undefined;
    }
  }
}

/**
 * Drives a run with skipTime (see the module comment for the rule): the service runs invocations and
 * fires timers in real time by itself; when it is idle and the test is waiting for the execution,
 * the clock jumps to the next timer that may be skipped to.
 */
async function driveSkippingTime(view: RunView, arn: string): Promise<void> {
  const { service } = view;
  const record = service.store.getRecord(arn);
  const yieldToTest = () => new Promise<void>((resolve) => setImmediate(resolve));
  const keepOnRealTime = (timer: Timer): boolean => {
    const payload = timer.payload;
    if (payload.kind !== "callback-timeout" && payload.kind !== "callback-heartbeat") return false;
    return payload.record.arn === view.arn && view.isEngaged(payload.operationId!);
  };
  for (;;) {
    const before = view.changes;
    await service.runReady();
    // An aborted run's service is closed: the execution stays RUNNING, so stop here.
    if (view.abortError) throw view.abortError;
    if (!record.isRunning) return;
    await yieldToTest();
    if (!record.isRunning) return;
    if (view.changes !== before) continue;
    const next = service.store.nextSkippableDue(keepOnRealTime);
    if (next !== undefined && (view.awaited || view.session.hasPendingWaiters(view))) {
      service.skipTo(next, keepOnRealTime);
      continue;
    }
    if (view.abortError) throw view.abortError;
    // Wait for the test to act, or for the service to record something (a timer due in real time).
    const action = view.nextAction();
    const notice = setTimeout(() => console.warn(stallNotice(view, next)), STALL_NOTICE_MS);
    notice.unref?.();
    try {
      await action;
    } finally {
      clearTimeout(notice);
    }
    if (view.abortError) throw view.abortError;
  }
}

/** How each callback of a finished run ended, by operation id. */
function callbackOutcomes(events: readonly HistoryEvent[]): Map<string, CallbackOutcome> {
  const outcomes = new Map<string, CallbackOutcome>();
  for (const event of events) {
    if (event.Id === undefined) continue;
    if (event.EventType === EventType.CallbackSucceeded) {
      outcomes.set(event.Id, { kind: "success", result: event.CallbackSucceededDetails?.Result?.Payload });
    } else if (event.EventType === EventType.CallbackFailed) {
      outcomes.set(event.Id, { kind: "failure", error: event.CallbackFailedDetails?.Error?.Payload });
    }
  }
  return outcomes;
}

/** In a cut run: completes a callback as soon as it starts, the way it ended in the normal run. */
function replayCallback(service: LocalDurableService, outcomes: Map<string, CallbackOutcome>, event: HistoryEvent): void {
  if (event.EventType !== EventType.CallbackStarted || event.Id === undefined) return;
  const outcome = outcomes.get(event.Id);
  const callbackId = event.CallbackStartedDetails?.CallbackId;
  if (!outcome || callbackId === undefined) return;
  // After the event is recorded (the service is in the middle of applying a checkpoint).
  queueMicrotask(() => {
    try {
      if (outcome.kind === "success") service.sendCallbackSuccess(callbackId, outcome.result);
      else service.sendCallbackFailure(callbackId, outcome.error);
    } catch {
      // The execution finished (or the callback ended) meanwhile: nothing to deliver.
    }
  });
}

function stallNotice(view: RunView, next: number | undefined): string {
  const clock = new Date(view.service.clock.now()).toISOString();
  if (next !== undefined) {
    return (
      `LocalDurableTestRunner: the run is paused at ${clock} with a timer due at ${new Date(next).toISOString()}. ` +
      "Time skips ahead only while the test awaits run()'s promise or an unsatisfied waitForData(), or calls runner.skipTime(ms)."
    );
  }
  const open = view
    .operationIds()
    .map((id) => view.peek(id))
    .filter((op) => op?.Type === OperationType.CALLBACK && op.Status !== undefined && WAITING_OPERATION_STATUSES.has(op.Status))
    .map((op) => `${op!.Id}${op!.Name ? ` (${op!.Name})` : ""}`);
  return (
    `LocalDurableTestRunner: the execution is waiting at ${clock} for ${open.length > 0 ? `callback(s) ${open.join(", ")}` : "outside input"}` +
    " and nothing else can make progress; complete the callback with sendCallbackSuccess/sendCallbackFailure, or let its timeout (on real time once the test waited for it) expire."
  );
}

function encodePayload(params: InvokeRequest | undefined): string | undefined {
  if (params === undefined) return undefined;
  if (typeof params !== "object" || params === null) {
    throw new TestRunnerUsageError(`run(params): params must be { payload? } (received ${describeReceived(params)})`);
  }
  if (params.payload === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(params.payload);
  } catch (error) {
    throw new TestRunnerUsageError(`run({ payload }): payload must be JSON-serializable: ${(error as Error).message}`);
  }
  if (text === undefined) {
    throw new TestRunnerUsageError(`run({ payload }): payload must be JSON-serializable (received ${describeReceived(params.payload)})`);
  }
  return text;
}

/** Invocation events whose client waits `delayMs` of real time before each checkpoint call. */
function delayedCheckpoints(delayMs: number): EventFactory {
  // A held timer: the stall watch counts it as the runner's own, not the handler's.
  const sleep = () => new Promise<void>((resolve) => holdTimer(resolve, delayMs));
  return (input, client) => {
    const delayed: DurableExecutionClient = {
      checkpoint: async (request, logger) => {
        await sleep();
        return client.checkpoint(request, logger);
      },
      getExecutionState: (request, logger) => client.getExecutionState(request, logger),
    };
    return new DurableExecutionInvocationInputWithClient(input, delayed);
  };
}

/** Adapts a Lambda handler that may use the callback style to the service's promise style. */
function promiseStyle(handler: PlainTestFunction): PlainFunctionHandler {
  return (event, context) =>
    new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const done = (error?: unknown, result?: unknown): void => {
        if (settled) return;
        settled = true;
        if (error !== undefined && error !== null) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      };
      try {
        const returned = handler(event, context, done);
        if (returned !== null && typeof returned === "object" && typeof (returned as PromiseLike<unknown>).then === "function") {
          (returned as PromiseLike<unknown>).then(
            (value) => done(undefined, value),
            (error) => done(error ?? new Error("the function rejected without a reason")),
          );
        } else if (returned !== undefined || handler.length < 3) {
          // A synchronous handler that does not take the callback: its return value is the result.
          done(undefined, returned);
        }
      } catch (error) {
        done(error);
      }
    });
}

function checkHandlerModule(value: unknown): LocalDurableTestRunnerHandlerModule {
  const where = "new LocalDurableTestRunner({ handlerModule })";
  if (typeof value !== "object" || value === null) {
    throw new TestRunnerUsageError(`${where}: handlerModule must be { module, exportName?, preload?, resourceLimits? } (received ${describeReceived(value)})`);
  }
  const { module, exportName, preload, resourceLimits, ...rest } = value as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined) {
    throw new TestRunnerUsageError(`${where}: unknown option "${unknownKey}"; the options are module, exportName, preload and resourceLimits`);
  }
  const isModule = (entry: unknown) => entry instanceof URL || (typeof entry === "string" && entry.length > 0);
  if (!isModule(module)) {
    throw new TestRunnerUsageError(
      `${where}: module must be a file URL or an absolute path, e.g. new URL("./handler.ts", import.meta.url) (received ${describeReceived(module)})`,
    );
  }
  if (exportName !== undefined && !(typeof exportName === "string" && exportName.length > 0)) {
    throw new TestRunnerUsageError(`${where}: exportName must be the non-empty name of the handler's export (received ${describeReceived(exportName)})`);
  }
  if (preload !== undefined && !(Array.isArray(preload) && preload.every(isModule))) {
    throw new TestRunnerUsageError(`${where}: preload must be an array of module URLs, paths or package names (received ${describeReceived(preload)})`);
  }
  if (resourceLimits !== undefined && (typeof resourceLimits !== "object" || resourceLimits === null)) {
    throw new TestRunnerUsageError(
      `${where}: resourceLimits must be worker_threads ResourceLimits, e.g. { maxOldGenerationSizeMb: 256 } (received ${describeReceived(resourceLimits)})`,
    );
  }
  return value as LocalDurableTestRunnerHandlerModule;
}

function notDurableHandlerError(functionName: string, answer: string): TestRunnerUsageError {
  if (functionName === TEST_FUNCTION_NAME) {
    return new TestRunnerUsageError(
      `run(): the handler under test is not a durable handler (${answer}); build it with withDurableExecution(async (event, context) => …)`,
    );
  }
  const name = JSON.stringify(functionName);
  return new TestRunnerUsageError(
    `registerDurableFunction(${name}, handler): the handler is not a durable handler (${answer}); build it with withDurableExecution, ` +
      `or register a plain Lambda handler with registerFunction(${name}, handler)`,
  );
}

function unregisteredTargetError(functionName: string): TestRunnerUsageError {
  const name = JSON.stringify(functionName);
  return new TestRunnerUsageError(
    `run(): the handler called context.invoke(…, ${name}, …), a function not registered on this runner; register it before run() ` +
      `with runner.registerFunction(${name}, handler) for a plain Lambda handler or runner.registerDurableFunction(${name}, handler) for a withDurableExecution handler`,
  );
}

/**
 * The usage error a worker's failure to import its handler amounts to: a preload that does not
 * load, or a module whose file type Node cannot import without a loader (TypeScript without tsx).
 */
function moduleLoadUsageError(error: WorkerLoadError): TestRunnerUsageError | undefined {
  const where = "new LocalDurableTestRunner({ handlerModule })";
  if (error.stage === "preload") {
    return new TestRunnerUsageError(
      `${where}: the worker thread cannot import preload ${error.specifier} (${error.message}); ` +
        `preload takes file URLs, absolute paths, paths relative to the current directory (${process.cwd()}) and names of packages installed there`,
    );
  }
  if (error.code !== "ERR_UNKNOWN_FILE_EXTENSION") return undefined;
  return new TestRunnerUsageError(
    `${where}: the worker thread cannot import ${error.specifier} (${error.message}). For a TypeScript module, install tsx ` +
      "(npm install --save-dev tsx): with no preload, each worker then registers it; or preload a module that calls register() " +
      'from "tsx/esm/api"; or point module at the compiled JavaScript',
  );
}

function checkName(method: string, name: unknown): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new TestRunnerUsageError(`${method}(name): name must be the non-empty operation name (received ${describeReceived(name)})`);
  }
  return name;
}

function checkIndex(method: string, index: unknown): number {
  if (typeof index !== "number" || !Number.isInteger(index)) {
    throw new TestRunnerUsageError(`${method}(): index must be a whole number (received ${describeReceived(index)})`);
  }
  return index;
}
