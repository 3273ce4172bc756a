/**
 * `LocalDurableService`: an in-process durable-execution service. It owns the clock and the store,
 * runs registered handlers, fires timers, runs chained-invoke targets after the caller's invocation
 * returns, and exposes the service API (start/stop, callbacks, execution/history/operation queries)
 * plus an in-process client.
 *
 * Virtual clock (default): nothing runs until a driver is awaited (`runUntilIdle`, `advanceTime`,
 * `waitForCompletion`); one invocation at a time, and when nothing is ready the clock jumps to the
 * earliest timer.
 * Real and skipping clocks: a background pump starts work as soon as there is some — invocations of
 * different executions run concurrently, at most `maxConcurrentInvocations` at once, never two of
 * one execution — fires timers when they are due (also while invocations run) and sleeps otherwise.
 */
import type { ResourceLimits } from "node:worker_threads";
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS, DEFAULT_RETENTION_PERIOD_IN_DAYS, describeReceived, MAX_EXECUTION_TIMEOUT_SECONDS, MIN_EXECUTION_TIMEOUT_SECONDS, type DurableExecutionClient, type ErrorObject, type Operation } from "../generated/index.js";
import { createLocalClient } from "./client.js";
import { SkippingClock, VirtualClock, WallClock, isVirtualClock, type Clock } from "./clock.js";
import { InvalidParameterValueException, ResourceNotFoundException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord, Timer } from "./execution-record.js";
import {
  FunctionRegistry,
  isExecutionTimeout,
  type DurableFunctionHandler,
  type PlainFunctionHandler,
  type RegisterFunctionOptions,
} from "./function-registry.js";
import { HandlerRunner } from "./handler-runner.js";
import { handlerTimeClient } from "./handler-time.js";
import { toImportSpecifier, workerLoadPlan, type WorkerLoadError } from "./isolated-invocation.js";
import { exportEvent, type HistoryEvent, type HistoryExportOptions } from "./history.js";
import { defaultEventFactory, type EventFactory } from "./invocation-event.js";
import type { StoreJournal, StoreSnapshot } from "./persistence/journal.js";
import { checkExecutionName } from "./service-limits.js";
import { DEFAULT_INVOCATION_TIMEOUT_MS } from "./store-constants.js";
import { holdTimer } from "./held-timers.js";
import {
  DurableStore,
  type ExecutionDescription,
  type ExecutionSummary,
  type GetHistoryRequest,
  type GetHistoryResponse,
} from "./store.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate as Date, realClearTimeout as clearTimeout, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/**
 * Options of `new LocalDurableService(options)`; every field is optional.
 *
 * @example
 * ```ts
 * const service = new LocalDurableService({
 *   clock: "virtual",             // time moves only when the service jumps to the next timer
 *   invocationTimeoutMs: 30_000,  // each invocation's Lambda timeout
 *   maxConsecutiveInvocationErrors: 5,
 * });
 * ```
 */
export interface LocalDurableServiceOptions {
  /**
   * "virtual" (default), "real", "skipping" (real time that `skipTo` may jump ahead while nothing
   * runs), or a Clock instance.
   */
  clock?: Clock | "virtual" | "real" | "skipping";
  /**
   * Start time of the default virtual clock.
   * @defaultValue `Date.now()` at construction
   */
  startTime?: number | Date;
  /**
   * Default invocation timeout in ms; getRemainingTimeInMillis counts down from it.
   * @defaultValue `60_000`
   */
  invocationTimeoutMs?: number;
  /**
   * Abort (as a failed invocation) handlers that run past their timeout.
   * @defaultValue `true`
   */
  enforceInvocationTimeout?: boolean;
  /**
   * Consecutive failed invocations before the execution fails.
   * @defaultValue `3`
   */
  maxConsecutiveInvocationErrors?: number;
  /**
   * Delay in ms before re-invoking after a failed invocation; doubled with each consecutive failure,
   * at most 30 s; 0 re-invokes at once. The virtual clock jumps over it.
   * @defaultValue `1000`
   */
  invocationRetryDelayMs?: number;
  /**
   * Operations in the invocation input before NextMarker paging.
   * @defaultValue `1000`
   */
  invocationPageSize?: number;
  /**
   * ExecutionTimeout (seconds) when a function does not set one: a whole number within the API's range,
   * the schema's `MIN_EXECUTION_TIMEOUT_SECONDS` to `MAX_EXECUTION_TIMEOUT_SECONDS`.
   * @defaultValue the schema's `DEFAULT_EXECUTION_TIMEOUT_SECONDS`
   */
  defaultExecutionTimeoutSeconds?: number;
  region?: string;
  accountId?: string;
  /** Builds the handler event from the input and the in-process client. */
  createEvent?: EventFactory;
  /** Receives every state change (write-through persistence, e.g. the dev server's SQLite file). */
  journal?: StoreJournal;
  /**
   * Real and skipping clocks: how many invocations (and plain chained-invoke targets) may run at
   * once, each of a different execution; 1 runs them one at a time. The virtual clock always runs one
   * at a time, so its runs are reproducible.
   *
   * @defaultValue {@link DEFAULT_MAX_CONCURRENT_INVOCATIONS}
   * @example
   * ```ts
   * import { LocalDurableService } from "durable-execution-sdk/testing";
   *
   * const service = new LocalDurableService({ clock: "real", maxConcurrentInvocations: 8 });
   * service.close();
   * ```
   */
  maxConcurrentInvocations?: number;
  /**
   * Secret (at least 16 bytes) that authenticates the checkpoint tokens and callback ids this service
   * mints. Give the same secret to a service restored from persisted state so ids handed out before
   * the restart stay valid (`durable dev` keeps it in a file beside its database).
   *
   * @defaultValue a random secret
   *
   * @example
   * ```ts
   * import { randomBytes } from "node:crypto";
   * import { LocalDurableService } from "durable-execution-sdk/testing";
   *
   * const service = new LocalDurableService({ clock: "real", tokenSecret: randomBytes(32) });
   * service.close();
   * ```
   */
  tokenSecret?: Uint8Array;
  /**
   * How long (ms) finished executions are kept before they are evicted (history, operations,
   * payloads, callback ids, name — GetDurableExecution then answers ResourceNotFoundException), for
   * every function, as Lambda's DurableConfig RetentionPeriodInDays. A development setting: `durable dev --retention 1h`.
   *
   * @defaultValue each function's `retentionPeriodInDays` (the schema's `DEFAULT_RETENTION_PERIOD_IN_DAYS` unless registered otherwise)
   *
   * @example
   * ```ts
   * import { LocalDurableService } from "durable-execution-sdk/testing";
   *
   * const service = new LocalDurableService({ clock: "real", retentionMs: 60 * 60 * 1000 }); // keep finished executions 1 hour
   * service.close();
   * ```
   */
  retentionMs?: number;
}

/** Shortest `retentionMs`: a caller reading an execution just after it finished (a RequestResponse invoke) still finds it. */
export const MIN_RETENTION_MS = 1000;

/**
 * Default bound on concurrent invocations: enough that I/O-bound handlers of many executions overlap
 * (20 executions waiting on I/O run in one wave), small enough that a burst of thousands of ready
 * executions does not start thousands of handlers — or worker threads, for isolated functions — at once.
 */
export const DEFAULT_MAX_CONCURRENT_INVOCATIONS = 32;
/** Largest accepted `maxConcurrentInvocations`. */
export const MAX_CONCURRENT_INVOCATIONS_LIMIT = 10_000;

/**
 * What `LocalDurableService.startExecution` starts: the registered function, its input, and an optional
 * idempotency name.
 *
 * @example
 * ```ts
 * const arn = service.startExecution({ functionName: "orders", input: { orderId: "o-1" }, executionName: "order-o-1" });
 * ```
 */
export interface StartExecutionParams {
  functionName: string;
  /** Input value; JSON-encoded (undefined → "{}"). Ignored when inputPayload is given. */
  input?: unknown;
  /** Raw input payload (JSON text). */
  inputPayload?: string;
  /** Idempotency name: same name + same input returns the existing execution. */
  executionName?: string;
  tenantId?: string;
}

/**
 * Options of `LocalDurableService.runUntilIdle`.
 *
 * @example
 * ```ts
 * // Fire only the timers due in the next hour of virtual time.
 * await service.runUntilIdle({ until: service.clock.now() + 3_600_000 });
 * ```
 */
export interface RunUntilIdleOptions {
  /** Do not fire timers due after this (virtual) time. */
  until?: number | Date;
}

/**
 * Options of `registerIsolatedFunction`.
 *
 * @example
 * ```ts
 * service.registerIsolatedFunction("orders", new URL("./order-workflow.js", import.meta.url), {
 *   exportName: "handler",
 *   resourceLimits: { maxOldGenerationSizeMb: 256 },
 * });
 * ```
 */
export interface IsolatedFunctionOptions extends Omit<RegisterFunctionOptions, "kind"> {
  /**
   * Export of the module holding the wrapped durable handler.
   * @defaultValue `"handler"`
   */
  exportName?: string;
  /**
   * Modules each worker imports before the handler, e.g. one that registers a TypeScript loader:
   * file URLs, paths, or package names (resolved from the current directory). `"tsx"` and
   * `"tsx/esm"` register tsx in the worker. With a preload, a TypeScript module gets no automatic tsx.
   */
  preload?: (string | URL)[];
  /** Heap limits of each worker (e.g. `{ maxOldGenerationSizeMb: 128 }`); running out fails the invocation. */
  resourceLimits?: ResourceLimits;
  /**
   * Wraps the client that answers each worker's checkpoint and state calls; calling `kill()` ends
   * the worker at once, as a crashed sandbox (the invocation fails as Runtime.ExitError). Used by
   * crash-anywhere testing to cut invocations at a checkpoint.
   */
  tapClient?: (client: DurableExecutionClient, kill: () => void) => DurableExecutionClient;
  /**
   * Called when a worker cannot import a preload or the module (the invocation fails as well, and
   * is retried like any failed invocation). The test runner uses it to fail fast.
   */
  onLoadError?: (error: WorkerLoadError) => void;
}

/**
 * Options of `LocalDurableService.waitForCompletion`.
 *
 * @example
 * ```ts
 * const description = await service.waitForCompletion(arn, { timeoutMs: 10_000 });
 * ```
 */
export interface WaitForCompletionOptions {
  /** Reject if the execution is not finished after this much real time. */
  timeoutMs?: number;
}

/** Receives each history event as it is recorded (a copy), with the execution's ARN. */
export type HistoryListener = (arn: string, event: HistoryEvent) => void;

const MAX_TIMEOUT_DELAY = 2 ** 31 - 1;

/**
 * The local durable service: the durable-execution API of AWS Lambda (executions, checkpoints,
 * history, callbacks, timers) in process, with the functions it invokes registered by name. The test
 * runner, `durable run` and `durable dev` are built on it.
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from "durable-execution-sdk";
 * import { LocalDurableService } from "durable-execution-sdk/testing";
 *
 * const greeter = withDurableExecution(async (name: string, context: DurableContext) => {
 *   await context.wait("pause", { hours: 1 });
 *   return context.step("greet", async () => `Hello, ${name}!`);
 * });
 *
 * const service = new LocalDurableService({ clock: "virtual" });
 * service.registerFunction("greeter", greeter);
 * const arn = service.startExecution({ functionName: "greeter", input: "Ada" });
 * await service.runUntilIdle(); // the hour passes in virtual time
 * service.getExecution(arn).Status; // "SUCCEEDED"
 * service.getHistory(arn).map((e) => e.EventType); // ExecutionStarted, WaitStarted, …, ExecutionSucceeded
 * service.close();
 * ```
 */
export class LocalDurableService {
  readonly clock: Clock;
  /** The underlying state machine (for advanced use and tests). */
  readonly store: DurableStore;

  private readonly functions = new FunctionRegistry();
  private readonly localClient: DurableExecutionClient;
  private readonly runner: HandlerRunner;

  /** Executions waiting for an invocation, in FIFO order. */
  private readonly ready = new Set<ExecutionRecord>();
  /**
   * The executions of `ready` that were invoked before (resumed by a timer, a callback, a retry): the
   * pump starts them ahead of executions not yet invoked, so a burst of new executions does not
   * delay the ones already under way (their waits end on time).
   */
  private readonly readyResumed = new Set<ExecutionRecord>();
  /** Drivers waiting for an execution to finish (each removes itself when it settles). */
  private readonly completionWaiters = new Map<ExecutionRecord, Set<() => void>>();
  /** Virtual-clock drivers waiting for outside input (each removes itself when it settles). */
  private readonly wakeWaiters = new Set<() => void>();
  /** The real-clock pump's sleep, when it sleeps. */
  private pumpWakers: (() => void)[] = [];
  /** Serializes virtual-clock drivers. */
  private driveChain: Promise<void> = Promise.resolve();
  /** True from the pump's start until it decides (synchronously) to stop. */
  private pumpRunning = false;
  /** Set by every kick; the pump clears it before looking for work and re-checks it before sleeping or stopping. */
  private pumpPoked = false;
  private pumpIdleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly historyListeners = new Set<HistoryListener>();
  /** Real and skipping clocks: the pump's tasks in flight (invocations and plain chained invokes). */
  private running = 0;
  /** Executions with an invocation in flight (started by the pump). */
  private readonly invoking = new Set<ExecutionRecord>();
  private readonly maxConcurrent: number;
  /** When the pump's sleep ends (its next timer), while it sleeps. */
  private sleepingUntil: number | undefined;
  private evictionSweep: { due: number; timer: ReturnType<typeof setTimeout> } | undefined;
  /**
   * Test seam: called by the real-clock pump each time it found nothing to do, right before it
   * decides to sleep or stop — a test starts work here to force the pump/new-work interleaving.
   */
  private pumpFoundNothing: (() => void) | undefined;

  constructor(options: LocalDurableServiceOptions = {}) {
    const maxConcurrent = options.maxConcurrentInvocations ?? DEFAULT_MAX_CONCURRENT_INVOCATIONS;
    if (!(Number.isInteger(maxConcurrent) && maxConcurrent >= 1 && maxConcurrent <= MAX_CONCURRENT_INVOCATIONS_LIMIT)) {
      throw new InvalidParameterValueException(
        SERVICE_MESSAGES.InvalidParameterValueException.maxConcurrentInvocationsInvalid(MAX_CONCURRENT_INVOCATIONS_LIMIT, describeReceived(maxConcurrent), DEFAULT_MAX_CONCURRENT_INVOCATIONS),
      );
    }
    this.maxConcurrent = maxConcurrent;
    const retentionMs = options.retentionMs;
    if (retentionMs !== undefined && !(typeof retentionMs === "number" && Number.isFinite(retentionMs) && retentionMs >= MIN_RETENTION_MS)) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.retentionMsInvalid(MIN_RETENTION_MS, describeReceived(retentionMs), DEFAULT_RETENTION_PERIOD_IN_DAYS));
    }
    const executionTimeout = options.defaultExecutionTimeoutSeconds;
    if (executionTimeout !== undefined && !isExecutionTimeout(executionTimeout)) {
      throw new InvalidParameterValueException(
        SERVICE_MESSAGES.InvalidParameterValueException.defaultExecutionTimeoutInvalid(MIN_EXECUTION_TIMEOUT_SECONDS, MAX_EXECUTION_TIMEOUT_SECONDS, describeReceived(executionTimeout), DEFAULT_EXECUTION_TIMEOUT_SECONDS),
      );
    }
    const clock = options.clock ?? "virtual";
    this.clock =
      clock === "virtual"
        ? new VirtualClock(options.startTime)
        : clock === "real"
          ? new WallClock()
          : clock === "skipping"
            ? new SkippingClock()
            : clock;
    this.store = new DurableStore({
      clock: this.clock,
      region: options.region,
      accountId: options.accountId,
      lookupFunction: (name) => this.functions.get(name),
      invocationPageSize: options.invocationPageSize,
      maxConsecutiveInvocationErrors: options.maxConsecutiveInvocationErrors,
      invocationRetryDelayMs: options.invocationRetryDelayMs,
      defaultExecutionTimeoutSeconds: options.defaultExecutionTimeoutSeconds,
      journal: options.journal,
      tokenSecret: options.tokenSecret,
      retentionMs,
    });
    this.store.listener = {
      onReady: (record) => {
        this.ready.add(record);
        if (record.invocationCount > 0) this.readyResumed.add(record);
        this.wake();
        this.kickPump();
      },
      onFinished: (record) => {
        const waiters = this.completionWaiters.get(record);
        this.completionWaiters.delete(record);
        waiters?.forEach((resolve) => resolve());
        this.wake();
      },
      onLaunch: () => {
        this.wake();
        this.kickPump();
      },
      // A timer due before the pump's sleep ends must wake it (invocations keep arming timers while it sleeps).
      onTimerArmed: (due) => {
        if (this.sleepingUntil !== undefined && due < this.sleepingUntil) this.wakePump();
      },
      onEvictionScheduled: (due) => this.scheduleEvictionSweep(due),
      onHistoryEvent: (record, event) => {
        if (this.historyListeners.size === 0) return;
        for (const listener of [...this.historyListeners]) {
          try {
            listener(record.arn, exportEvent(event));
          } catch (error) {
            // A failing listener must not corrupt the update being applied; surface it asynchronously.
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      },
    };
    const skipping = this.clock instanceof SkippingClock ? this.clock : undefined;
    this.localClient = skipping
      ? handlerTimeClient(createLocalClient(this.store), () => skipping.offset)
      : createLocalClient(this.store);
    this.runner = new HandlerRunner({
      store: this.store,
      functions: this.functions,
      client: this.localClient,
      createEvent: options.createEvent ?? defaultEventFactory,
      invocationTimeoutMs: options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
      enforceTimeout: options.enforceInvocationTimeout ?? true,
      skippedTime: skipping && (() => skipping.offset),
    });
  }

  // ---------------------------------------------------------------- registration

  /** Registers a durable handler (default) or, with `{kind: "plain"}`, a plain function. */
  registerFunction(
    name: string,
    handler: DurableFunctionHandler | PlainFunctionHandler,
    options: RegisterFunctionOptions = {},
  ): this {
    this.functions.register(name, handler, options);
    return this;
  }

  /** Registers a plain (non-durable) function, e.g. a chained-invoke target. */
  registerPlainFunction(name: string, handler: PlainFunctionHandler, options: Omit<RegisterFunctionOptions, "kind"> = {}): this {
    return this.registerFunction(name, handler, { ...options, kind: "plain" });
  }

  /**
   * Registers a durable function that runs each invocation in a fresh worker thread, loading the
   * handler from `module` (a file URL or path). A handler that ends the thread — `process.exit()`, a
   * crash — fails that invocation with `Runtime.ExitError`, as when a Lambda runtime process exits,
   * and the execution is re-invoked. The worker's stdout/stderr reach this process's streams before
   * the invocation completes. `createEvent` does not apply: the worker builds the standard event.
   *
   * A TypeScript module (`.ts`, `.mts`, `.cts`, `.tsx`) given without `preload` is loaded through tsx
   * when tsx is installed (resolved from the module's directory, then the current directory): each
   * worker calls `register()` from `tsx/esm/api` first. A preload entry `"tsx"` or `"tsx/esm"` asks
   * for the same (those entry points register tsx only in the main thread on Node 20).
   */
  registerIsolatedFunction(name: string, module: string | URL, options: IsolatedFunctionOptions = {}): this {
    const { exportName = "handler", preload = [], resourceLimits, tapClient, onLoadError, ...rest } = options;
    if (tapClient !== undefined && typeof tapClient !== "function") {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.tapClientNotFunction(JSON.stringify(name)));
    }
    if (onLoadError !== undefined && typeof onLoadError !== "function") {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.onLoadErrorNotFunction(JSON.stringify(name)));
    }
    const specifier = toImportSpecifier(module);
    this.functions.registerIsolated(
      name,
      {
        module: specifier,
        exportName,
        ...workerLoadPlan(specifier, preload),
        resourceLimits,
        ...(tapClient ? { tapClient } : {}),
        ...(onLoadError ? { onLoadError } : {}),
      },
      rest,
    );
    return this;
  }

  /** The in-process DurableExecutionClient bound to this service. */
  client(): DurableExecutionClient {
    return this.localClient;
  }

  // ---------------------------------------------------------------- executions

  /** Starts a durable execution and returns its ARN (nothing runs until the service is driven, unless the clock is real). */
  startExecution(params: StartExecutionParams): string {
    const fn = this.functions.get(params.functionName);
    if (!fn) throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.functionNotFound(params.functionName));
    if (fn.kind !== "durable") {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.notDurableFunction(params.functionName));
    }
    const name = params.executionName;
    if (name !== undefined) checkExecutionName(name);
    const inputPayload = params.inputPayload ?? (params.input === undefined ? "{}" : JSON.stringify(params.input));
    const { record } = this.store.createExecution({
      functionName: params.functionName,
      inputPayload,
      executionName: name,
      tenantId: params.tenantId,
    });
    this.kickPump();
    return record.arn;
  }

  getExecution(arn: string): ExecutionDescription {
    return this.store.describe(this.store.getRecord(arn));
  }

  listExecutions(functionName: string): ExecutionSummary[] {
    return this.store.listExecutions(functionName);
  }

  getOperations(arn: string): Operation[] {
    return this.store.getOperations(arn);
  }

  getHistory(arn: string, options?: HistoryExportOptions): HistoryEvent[] {
    return this.store.getHistory(arn, options);
  }

  getDurableExecutionHistory(request: GetHistoryRequest): GetHistoryResponse {
    return this.store.getDurableExecutionHistory(request);
  }

  stopExecution(arn: string, error?: ErrorObject): { StopTimestamp: Date } {
    const response = this.store.stopExecution(arn, error);
    this.kickPump();
    return response;
  }

  /**
   * Loads persisted executions into this service (which must have none yet) and resumes them; see
   * `DurableStore.restore`. Register the functions first.
   */
  restore(snapshot: StoreSnapshot): void {
    this.store.restore(snapshot);
    this.kickPump();
  }

  // ---------------------------------------------------------------- callbacks

  sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): void {
    this.store.sendCallbackSuccess(callbackId, result);
    this.kickPump();
  }

  sendCallbackFailure(callbackId: string, error?: ErrorObject): void {
    this.store.sendCallbackFailure(callbackId, error);
    this.kickPump();
  }

  sendCallbackHeartbeat(callbackId: string): void {
    this.store.sendCallbackHeartbeat(callbackId);
  }

  // ---------------------------------------------------------------- observing and scheduling

  /** Calls `listener` for every history event of every execution as it is recorded; returns an unsubscribe function. */
  onHistoryEvent(listener: HistoryListener): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }

  /**
   * Runs `action` once the service clock reaches `now + delayMs` — on the virtual clock this is a
   * timer like any other (drivers jump to it between invocations), e.g. a test harness sending a
   * callback "one second after CallbackStarted".
   */
  schedule(delayMs: number, action: () => void): { cancel(): void } {
    if (!(delayMs >= 0)) throw new RangeError("schedule needs a non-negative delay in milliseconds");
    return this.scheduleAt(this.clock.now() + delayMs, action);
  }

  /** Like `schedule`, at an absolute time (epoch ms or Date) on the service clock. */
  scheduleAt(time: number | Date, action: () => void): { cancel(): void } {
    const handle = this.store.scheduleAction(Math.max(+time, this.clock.now()), action);
    this.kickPump();
    return handle;
  }

  // ---------------------------------------------------------------- driving

  /** Runs everything that can run at the current time (invocations, chained invokes, due timers) without moving the clock. */
  async runReady(): Promise<void> {
    await this.runUntilIdle({ until: this.clock.now() });
  }

  /**
   * Runs until nothing can progress without outside input: invocations, chained invokes and timers
   * (the virtual clock jumps to each next timer; with `until`, timers after it are left pending).
   */
  async runUntilIdle(options: RunUntilIdleOptions = {}): Promise<void> {
    const until = options.until === undefined ? undefined : +options.until;
    if (isVirtualClock(this.clock)) {
      await this.serialized(() => this.driveVirtual(until));
      return;
    }
    for (;;) {
      if (this.closed) return;
      const idle = new Promise<void>((resolve) => this.pumpIdleWaiters.push(resolve));
      this.kickPump();
      await idle;
      const due = this.store.nextTimerDue(false);
      if (!this.hasWork() && (due === undefined || (until !== undefined && due > until))) return;
    }
  }

  /** Virtual clock only: runs everything due within the next `ms`, then sets the clock to now + ms. */
  async advanceTime(ms: number): Promise<void> {
    const clock = this.clock;
    if (!isVirtualClock(clock)) throw new Error("advanceTime needs the virtual clock");
    if (!(ms >= 0)) throw new RangeError("advanceTime needs a non-negative number of milliseconds");
    await this.serialized(async () => {
      const target = clock.now() + ms;
      await this.driveVirtual(target);
      clock.advanceTo(target);
      await this.driveVirtual(target);
    });
  }

  /**
   * Skipping clock only: jumps the clock to `time` (no-op unless it is ahead), first moving the
   * timers `keepOnRealTime` selects by the skipped amount so they still fall due after the same
   * real time, then lets the pump run what came due. Call it only while nothing runs.
   */
  skipTo(time: number, keepOnRealTime: (timer: Timer) => boolean = () => false): void {
    const clock = this.clock;
    if (!(clock instanceof SkippingClock)) throw new Error("skipTo needs the skipping clock");
    const ahead = time - clock.now();
    if (!(ahead > 0)) return;
    this.store.deferTimers(ahead, keepOnRealTime);
    clock.skipTo(time);
    this.kickPump();
  }

  /** Drives the service until the execution is terminal; waits for outside input (callbacks) when blocked. */
  async waitForCompletion(arn: string, options: WaitForCompletionOptions = {}): Promise<ExecutionDescription> {
    const record = this.store.getRecord(arn);
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    const virtual = isVirtualClock(this.clock);
    for (;;) {
      if (virtual) await this.runUntilIdle();
      else this.kickPump();
      if (!record.isRunning && !record.invocation && !record.deferredFinish) return this.store.describe(record);
      if (this.closed) throw new Error("LocalDurableService is closed");
      if (this.hasWork() && virtual) continue;
      // On a real clock the pump does the work: only the execution's end (or close) matters here.
      // On the virtual clock outside input (a callback, a scheduled action) may unblock the drive.
      const woke = await this.waitForWake(record, deadline, virtual);
      if (!woke) {
        throw new Error(`Execution ${arn} did not complete within ${options.timeoutMs} ms (status ${record.status})`);
      }
    }
  }

  /**
   * Stops the real-clock pump (and its sleep timer); pending work is abandoned. Invocations still
   * running are marked (and persisted) as cut by the shutdown: a service restored from the journal
   * re-runs them without counting a failed attempt, and how they end here is no longer recorded.
   */
  close(): void {
    if (!this.closed) this.store.shutDown();
    if (this.evictionSweep) clearTimeout(this.evictionSweep.timer);
    this.evictionSweep = undefined;
    this.closed = true;
    this.wake();
    for (const waiters of [...this.completionWaiters.values()]) waiters.forEach((resolve) => resolve());
    this.completionWaiters.clear();
    this.notifyPumpIdle();
  }

  // ---------------------------------------------------------------- internals

  /**
   * Real and skipping clocks: evicts finished executions when their retention ends, even while the
   * service is idle. The timer is unref'd (it never keeps the process alive); lookups also evict.
   */
  private scheduleEvictionSweep(due: number): void {
    if (isVirtualClock(this.clock) || this.closed) return;
    if (this.evictionSweep && this.evictionSweep.due <= due) return;
    if (this.evictionSweep) clearTimeout(this.evictionSweep.timer);
    const delay = Math.min(MAX_TIMEOUT_DELAY, Math.max(0, due - this.clock.now()));
    const timer = setTimeout(() => {
      this.evictionSweep = undefined;
      if (this.closed) return;
      this.store.evictExpired();
      const next = this.store.nextEvictionDue();
      if (next !== undefined) this.scheduleEvictionSweep(next);
    }, delay);
    (timer as { unref?: () => void }).unref?.();
    this.evictionSweep = { due, timer };
  }

  private hasWork(): boolean {
    return this.ready.size > 0 || this.store.hasLaunches || (this.store.nextTimerDue(true) ?? Infinity) <= this.clock.now();
  }

  /** Pump: whether a task could be started (or a timer fired) now. */
  private hasStartableWork(): boolean {
    if ((this.store.nextTimerDue(true) ?? Infinity) <= this.clock.now()) return true;
    if (this.running >= this.maxConcurrent) return false;
    if (this.store.hasLaunches) return true;
    for (const record of this.ready) if (!this.invoking.has(record)) return true;
    return false;
  }

  /** Something changed: wakes the drivers waiting for outside input and the real-clock pump. */
  private wake(): void {
    for (const resolve of [...this.wakeWaiters]) resolve();
    this.wakePump();
  }

  private wakePump(): void {
    const wakers = this.pumpWakers;
    this.pumpWakers = [];
    wakers.forEach((resolve) => resolve());
  }

  /**
   * Resolves true on the completion of `record` (or, with `onAnyWake`, the next wake-up), false at
   * the real-time deadline. Whichever comes first unregisters the waiter everywhere.
   */
  private waitForWake(record: ExecutionRecord, deadline: number | undefined, onAnyWake: boolean): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let waiters = this.completionWaiters.get(record);
      if (!waiters) this.completionWaiters.set(record, (waiters = new Set()));
      const completion = waiters;
      const woken = (): void => done(true);
      const done = (value: boolean): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.wakeWaiters.delete(woken);
        completion.delete(woken);
        if (completion.size === 0 && this.completionWaiters.get(record) === completion) this.completionWaiters.delete(record);
        resolve(value);
      };
      completion.add(woken);
      if (onAnyWake) this.wakeWaiters.add(woken);
      if (deadline !== undefined) timer = holdTimer(() => done(false), Math.max(0, deadline - Date.now()));
    });
  }

  private serialized(task: () => Promise<void>): Promise<void> {
    const run = this.driveChain.then(task);
    this.driveChain = run.catch(() => undefined);
    return run;
  }

  /** One unit of work at the current time; false when there is nothing to do now. */
  private async step(): Promise<boolean> {
    if (this.store.hasLaunches) {
      for (const launch of this.store.takeLaunches()) await this.runner.launch(launch);
      return true;
    }
    const next = this.ready.values().next();
    if (!next.done) {
      const record = next.value;
      this.ready.delete(record);
      this.readyResumed.delete(record);
      if (record.isRunning && !record.invocation) await this.runner.invoke(record);
      return true;
    }
    return this.store.fireDueTimers() > 0;
  }

  private async driveVirtual(until: number | undefined): Promise<void> {
    const clock = this.clock as VirtualClock;
    for (;;) {
      if (await this.step()) continue;
      const due = this.store.nextTimerDue(false);
      if (due === undefined || (until !== undefined && due > until)) return;
      clock.advanceTo(Math.max(due, clock.now()));
    }
  }

  /**
   * Real clock: start the background pump if it is not running, otherwise make it look for work
   * again before it next sleeps or stops (a wake-up cannot be lost between its check and its sleep).
   */
  private kickPump(): void {
    if (isVirtualClock(this.clock) || this.closed) return;
    this.pumpPoked = true;
    if (this.pumpRunning) {
      this.wakePump();
      return;
    }
    this.pumpRunning = true;
    void this.runPump().then(
      () => this.notifyPumpIdle(),
      (error: unknown) => {
        this.pumpRunning = false;
        this.notifyPumpIdle();
        // A failure of the service itself: surface it rather than hang silently.
        queueMicrotask(() => {
          throw error;
        });
      },
    );
  }

  private notifyPumpIdle(): void {
    const waiters = this.pumpIdleWaiters;
    this.pumpIdleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /**
   * Real and skipping clocks: fires due timers first (so waits end on time however busy the
   * service is), then starts tasks up to the concurrency bound — chained invokes of plain functions,
   * then ready executions (those invoked before first, each group in FIFO order), skipping executions whose invocation is still in flight —
   * and sleeps until the next timer or a wake-up (new work, a task ending, an earlier timer).
   * It is idle (and stops when no timer is pending) only when nothing is in flight either.
   */
  private async runPump(): Promise<void> {
    while (!this.closed) {
      this.pumpPoked = false;
      if (this.startDueWork()) continue;
      this.pumpFoundNothing?.();
      // Work may have arrived meanwhile: look again instead of sleeping on it. From here to the
      // sleep (or the stop) nothing awaits, so a later kick finds the sleeper or starts a new pump.
      if (this.pumpPoked || this.hasStartableWork()) continue;
      if (this.running === 0) this.notifyPumpIdle();
      const due = this.store.nextTimerDue(true);
      if (due === undefined && this.running === 0) break;
      await this.sleepUntil(due ?? Number.POSITIVE_INFINITY);
    }
    this.pumpRunning = false;
  }

  /** One round of the pump; returns whether it fired a timer or started a task. */
  private startDueWork(): boolean {
    let progressed = this.store.fireDueTimers() > 0;
    while (this.running < this.maxConcurrent && this.store.hasLaunches) {
      const launches = this.store.takeLaunches();
      for (const launch of launches) this.track(this.runner.launch(launch));
      progressed = true;
    }
    for (const queue of [this.readyResumed, this.ready]) {
      for (const record of queue) {
        if (this.running >= this.maxConcurrent) return progressed;
        if (this.invoking.has(record)) continue;
        this.ready.delete(record);
        this.readyResumed.delete(record);
        progressed = true;
        if (!record.isRunning || record.invocation) continue;
        this.invoking.add(record);
        this.track(this.runner.invoke(record), () => this.invoking.delete(record));
      }
    }
    return progressed;
  }

  /** Counts a pump task in flight; when it ends, the pump looks for work again. */
  private track(task: Promise<void>, onEnd?: () => void): void {
    this.running++;
    task
      .catch((error: unknown) => {
        // A failure of the service itself (the runner records handler failures): surface it rather than hang silently.
        queueMicrotask(() => {
          throw error;
        });
      })
      .finally(() => {
        this.running--;
        onEnd?.();
        this.kickPump();
        if (this.closed && this.running === 0) this.notifyPumpIdle();
      });
  }

  /** Sleeps (real time) until `time` or the next wake-up. */
  private sleepUntil(time: number): Promise<void> {
    this.sleepingUntil = time;
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(time) ? holdTimer(done, Math.min(MAX_TIMEOUT_DELAY, Math.max(0, time - this.clock.now()))) : undefined;
      const self = this;
      this.pumpWakers.push(done);
      function done(): void {
        if (timer !== undefined) clearTimeout(timer);
        self.sleepingUntil = undefined;
        resolve();
      }
    });
  }
}
