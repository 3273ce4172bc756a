/**
 * The state machine of the local durable service: executions, their operations and histories,
 * CheckpointDurableExecution / GetDurableExecutionState, invocation bookkeeping and timers on the
 * service clock. Every call is one transaction (`mutate`): what it changes is journaled, then the
 * listener hears of it. The parts with their own job live beside it: callbacks (callbacks.ts),
 * chained invokes (chained-invokes.ts), retention (retention.ts), timers (service-timers.ts),
 * snapshots and restart (store-snapshot.ts), invocations (invocations.ts), state changes that do not
 * come from checkpoints (lifecycle.ts). It never runs handler code; the orchestrator
 * (`LocalDurableService`) drives it.
 */
import { randomUUID } from "node:crypto";
import { durableExecutionArn, functionArn as mintFunctionArn } from "../generated/lambda-api.js";
import {
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  EVENT_OPERATION_STATUS,
  EventType,
  ExecutionStatus,
  OperationType,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type ErrorObject,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  type Operation,
  type OperationUpdate,
} from "../generated/index.js";
import { applyUpdate, type UpdateEffects } from "./apply-update.js";
import { CallbackDesk } from "./callbacks.js";
import { ChainedInvokes } from "./chained-invokes.js";
import type { Clock } from "./clock.js";
import {
  DurableExecutionAlreadyStartedException,
  InvalidParameterValueException,
  ResourceConflictException,
  SERVICE_MESSAGES,
} from "./errors.js";
import { clientTokenOf, rememberCheckpoint, replayedCheckpoint } from "./client-token.js";
import { ExecutionIndex } from "./execution-index.js";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_INVOCATION_PAGE_SIZE,
  DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS,
  DEFAULT_REGION,
  DEFAULT_REINVOKE_DELAY_MS,
  LATEST_VERSION,
  reinvokeDelayMs,
} from "./store-constants.js";
import { rebuildRecords, resumeRecord, takeSnapshot } from "./store-snapshot.js";
import { TokenSigner } from "./token-signer.js";
import { ExecutionRecord, type Timer } from "./execution-record.js";
import { exportEvent, type HistoryEvent, type HistoryExportOptions } from "./history.js";
import { applyTimer, finishExecution, type ChainedInvokeOutcome, type LifecycleHooks } from "./lifecycle.js";
import { cloneOperation, historyPage, paginate, STATE_PAGE_LIMITS, visibleOperations } from "./state-query.js";
import { ServiceTimers } from "./service-timers.js";
import type {
  BegunInvocation,
  CreateExecutionParams,
  ExecutionDescription,
  ExecutionSummary,
  FunctionInfo,
  GetHistoryRequest,
  GetHistoryResponse,
  InvocationResult,
  PendingLaunch,
  StoreEntryCounts,
  StoreListener,
  StoreOptions,
} from "./store-types.js";
import { Retention } from "./retention.js";
import { describeExecution, summarizeExecution } from "./execution-views.js";
import { beginInvocation, completeInvocation, type InvocationDeps } from "./invocations.js";
import { checkCheckpointToken, encodeCallbackId, mintCheckpointToken } from "./tokens.js";
import { validateUpdates } from "./validate-checkpoint.js";
import { ChangeCollector, type StoreJournal, type StoreSnapshot } from "./persistence/journal.js";

export {
  DEFAULT_REINVOKE_DELAY_MS,
  MAX_REINVOKE_DELAY_MS,
  RESTART_AFTER_PROGRESS_INVOCATION_ERROR,
  RESTART_INVOCATION_ERROR,
  SHUTDOWN_INVOCATION_ERROR,
} from "./store-constants.js";
export type * from "./store-types.js";

/**
 * The state machine of the local durable service: executions, operations, history and timers, and the
 * checkpoint rules. Reach it through `LocalDurableService.store`; most code uses the service instead.
 *
 * @example
 * ```ts
 * const service = new LocalDurableService();
 * const store: DurableStore = service.store; // the state behind the service
 * const client = createLocalClient(store);    // a DurableExecutionClient over it
 * ```
 */
export class DurableStore {
  readonly clock: Clock;
  listener: StoreListener | undefined;

  private readonly region: string;
  private readonly accountId: string;
  private readonly lookupFunction: (name: string) => FunctionInfo | undefined;
  private readonly defaultExecutionTimeoutSeconds: number;

  private readonly index = new ExecutionIndex();
  private isShutDown = false;
  private readonly timers = new ServiceTimers();
  /** History events recorded during the current store call, delivered to the listener when it ends. */
  private pendingEvents: [ExecutionRecord, HistoryEvent][] = [];
  private depth = 0;
  private readonly signer: TokenSigner;
  private readonly retention: Retention;

  private readonly effects: UpdateEffects;
  private readonly hooks: LifecycleHooks;
  private readonly invocationDeps: InvocationDeps;
  private readonly callbacks: CallbackDesk;
  private readonly chained: ChainedInvokes;
  private readonly journal: StoreJournal | undefined;
  private readonly changes: ChangeCollector | undefined;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.signer = new TokenSigner(options.tokenSecret);
    this.journal = options.journal;
    if (this.journal) {
      this.changes = new ChangeCollector();
      this.timers.observer = this.changes;
    }
    this.timers.onArmed = (due) => this.listener?.onTimerArmed?.(due);
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.lookupFunction = options.lookupFunction ?? (() => undefined);
    this.defaultExecutionTimeoutSeconds = options.defaultExecutionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
    this.retention = new Retention({
      overrideMs: options.retentionMs,
      lookupFunction: this.lookupFunction,
      onScheduled: (due) => this.listener?.onEvictionScheduled?.(due),
    });

    this.hooks = {
      now: () => this.clock.now(),
      markReady: (record) => this.requestInvocation(record),
      cancelTimers: (record, entry) => this.timers.cancelOperation(record, entry),
      cancelAllTimers: (record) => this.timers.cancelAll(record),
      finished: (record) => this.afterFinish(record),
    };
    this.invocationDeps = {
      now: this.hooks.now,
      pageSize: options.invocationPageSize ?? DEFAULT_INVOCATION_PAGE_SIZE,
      maxConsecutiveErrors: options.maxConsecutiveInvocationErrors ?? DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS,
      reinvokeDelayMs: (n) => reinvokeDelayMs(options.invocationRetryDelayMs ?? DEFAULT_REINVOKE_DELAY_MS, n),
      reinvokeAt: (record, due) => this.timers.arm(record, "reinvoke", due),
      hooks: this.hooks,
      signer: this.signer,
    };
    this.effects = {
      now: this.hooks.now,
      armTimer: (record, entry, kind, due) => this.timers.arm(record, kind, due, entry),
      cancelTimers: this.hooks.cancelTimers,
      mintCallbackId: (record, operationId) =>
        encodeCallbackId(this.signer, { executionKey: record.key, operationId }),
      startChainedInvoke: (record, entry, update) => this.chained.start(record, entry, update),
      stopChainedInvoke: (_record, entry) => this.chained.stopChild(entry),
      announceOutcome: (record, outcome) => {
        if (record.invocation) record.announcedOutcome = outcome;
        else finishExecution(record, outcome, this.hooks);
      },
    };
    this.callbacks = new CallbackDesk({
      findByKey: (key) => this.index.findByKey(key),
      signer: this.signer,
      hooks: this.hooks,
      armHeartbeat: (record, entry, due) => this.timers.arm(record, "callback-heartbeat", due, entry),
    });
    this.chained = new ChainedInvokes({
      lookupFunction: this.lookupFunction,
      startExecution: (params) => this.createExecution(params).record,
      findByArn: (arn) => this.index.find(arn),
      findByKey: (key) => this.index.findByKey(key),
      hooks: this.hooks,
      onLaunch: () => this.listener?.onLaunch(),
    });
  }

  /**
   * Runs one store operation. History events recorded meanwhile reach the listener only when the
   * outermost operation has finished, so listeners always see a consistent state and may call back
   * into the store.
   */
  private mutate<T>(operation: () => T): T {
    this.depth++;
    let completed = false;
    try {
      const result = operation();
      completed = true;
      return result;
    } finally {
      if (--this.depth === 0) {
        // Persist before anyone hears about the change; a failing write surfaces unless the operation itself failed.
        try {
          this.flushJournal();
        } catch (error) {
          if (completed) throw error;
        } finally {
          this.flushEvents();
        }
      }
    }
  }

  private flushJournal(): void {
    const batch = this.changes?.drain();
    if (batch) this.journal!.write(batch);
  }

  /** The execution needs (another) invocation: remember it (it survives a restart) and tell the orchestrator. */
  private requestInvocation(record: ExecutionRecord): void {
    record.needsInvocation = true;
    this.changes?.recordChanged(record);
    this.listener?.onReady(record);
  }

  /** Wires a new or restored record to the listener and the journal and indexes it. */
  private adopt(record: ExecutionRecord): void {
    record.history.onAppend = (event) => {
      if (this.listener?.onHistoryEvent) this.pendingEvents.push([record, event]);
      this.changes?.eventAppended(record, event);
    };
    record.observer = this.changes;
    this.index.add(record);
  }

  private flushEvents(): void {
    while (this.pendingEvents.length > 0) {
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      for (const [record, event] of batch) this.listener?.onHistoryEvent?.(record, event);
    }
  }

  // ---------------------------------------------------------------- executions

  functionArn(functionName: string): string {
    return mintFunctionArn(this.region, this.accountId, functionName);
  }

  /**
   * Creates an execution (records ExecutionStarted and asks for its first invocation), or returns
   * the existing one when `executionName` was used before with the same input.
   */
  createExecution(params: CreateExecutionParams): { record: ExecutionRecord; created: boolean } {
    return this.mutate(() => {
      this.evictExpired();
      if (params.executionName !== undefined) {
        const existing = this.index.findByName(params.functionName, params.executionName);
        if (existing) {
          if (existing.inputPayload !== params.inputPayload) {
            throw new DurableExecutionAlreadyStartedException(
              SERVICE_MESSAGES.DurableExecutionAlreadyStartedException.alreadyStarted(params.executionName, params.functionName),
            );
          }
          return { record: existing, created: false };
        }
      }
      const key = randomUUID();
      const name = params.executionName ?? randomUUID();
      const functionArn = this.functionArn(params.functionName);
      const now = this.clock.now();
      const timeoutSeconds =
        params.executionTimeoutSeconds ??
        this.lookupFunction(params.functionName)?.executionTimeoutSeconds ??
        this.defaultExecutionTimeoutSeconds;
      const record = new ExecutionRecord({
        key,
        arn: durableExecutionArn(functionArn, LATEST_VERSION, name, key),
        name,
        namedByCaller: params.executionName !== undefined,
        functionName: params.functionName,
        functionArn,
        inputPayload: params.inputPayload,
        startTimestamp: now,
        executionTimeoutSeconds: timeoutSeconds,
        executionOperationId: randomUUID(),
        tenantId: params.tenantId,
        parent: params.parent,
      });
      this.adopt(record);
      this.changes?.executionStarted(record);
      const executionOp = {
        Id: record.executionOperationId,
        Type: OperationType.EXECUTION,
        StartTimestamp: new Date(now),
        // The status its ExecutionStarted event records (history.yaml).
        Status: EVENT_OPERATION_STATUS.ExecutionStarted.status,
        ExecutionDetails: params.inputPayload === undefined ? {} : { InputPayload: params.inputPayload },
      } as Operation;
      record.addOperation(executionOp);
      record.history.append(EventType.ExecutionStarted, now, undefined, {
        Input: params.inputPayload === undefined ? { Truncated: false } : { Payload: params.inputPayload, Truncated: false },
        ExecutionTimeout: timeoutSeconds,
      });

      if (timeoutSeconds > 0) this.timers.arm(record, "execution-timeout", now + timeoutSeconds * 1000);
      this.requestInvocation(record);
      return { record, created: true };
    });
  }

  /** The execution with this ARN; throws ResourceNotFoundException (also once its retention ended). */
  getRecord(arn: string): ExecutionRecord {
    this.evictExpired();
    return this.index.get(arn);
  }

  findRecord(arn: string): ExecutionRecord | undefined {
    this.evictExpired();
    return this.index.find(arn);
  }

  // ---------------------------------------------------------------- retention

  /** How long finished executions of `functionName` are kept: the service override, else the function's RetentionPeriodInDays (default: the schema's `DEFAULT_RETENTION_PERIOD_IN_DAYS`). */
  retentionMsOf(functionName: string): number {
    return this.retention.periodMsOf(functionName);
  }

  /** When the next finished execution's retention ends (on the store's clock), if any is kept. */
  nextEvictionDue(): number | undefined {
    return this.retention.nextDue();
  }

  /**
   * Evicts every finished execution whose retention has ended: its operations, history, payloads,
   * callbacks (their ids no longer resolve), name (it may be used again) and persisted rows are all
   * dropped; GetDurableExecution then answers ResourceNotFoundException. Returns how many were evicted.
   */
  evictExpired(): number {
    const due = this.retention.nextDue();
    if (due === undefined || due > this.clock.now()) return 0;
    return this.mutate(() => {
      const expired = this.retention.takeExpired(this.clock.now());
      for (const record of expired) {
        this.timers.cancelAll(record);
        this.index.remove(record);
        record.history.onAppend = undefined;
        record.observer = undefined;
        this.changes?.executionEvicted(record);
      }
      return expired.length;
    });
  }

  /** What the store holds, by entries (e.g. to check that eviction leaves nothing behind). */
  entryCounts(): StoreEntryCounts {
    const sizes = this.index.sizes();
    let operations = 0;
    let historyEvents = 0;
    for (const record of this.index.all()) {
      operations += record.operations.size;
      historyEvents += record.history.all().length;
    }
    return {
      executions: sizes.byArn,
      executionsByKey: sizes.byKey,
      executionsByName: sizes.byName,
      executionsByFunction: sizes.byFunction,
      operations,
      historyEvents,
      timers: this.timers.size,
      retained: this.retention.size,
    };
  }

  describe(record: ExecutionRecord): ExecutionDescription {
    return describeExecution(record);
  }

  listExecutions(functionName: string): ExecutionSummary[] {
    this.evictExpired();
    return this.index.ofFunction(functionName).map(summarizeExecution);
  }

  /** Every operation (unpruned, EXECUTION first), as copies. */
  getOperations(arn: string): Operation[] {
    return [...this.getRecord(arn).operations.values()].map((entry) => cloneOperation(entry.op));
  }

  getHistory(arn: string, options: HistoryExportOptions = {}): HistoryEvent[] {
    return this.getRecord(arn).history.all().map((event) => exportEvent(event, options));
  }

  /** GetDurableExecutionHistory with paging (default 100, max 1000 events per page). */
  getDurableExecutionHistory(request: GetHistoryRequest): GetHistoryResponse {
    return historyPage(this.getRecord(request.DurableExecutionArn).history.all(), request);
  }

  // ---------------------------------------------------------------- persistence

  /** The whole state (executions, operations, history, live timers) as journal rows (deep copies). */
  snapshot(): StoreSnapshot {
    return takeSnapshot(this.index.all());
  }

  /**
   * Loads a snapshot into this empty store and resumes it: timers are re-armed (those already due
   * fire on the next drive), executions that were waiting for an invocation ask for it again, an
   * invocation that was alive when the snapshot was taken ends as failed (`Runtime.ExitError`,
   * so the execution is re-invoked), and chained invokes of plain functions are launched again.
   * Register functions before restoring. Nothing loaded is written back to the journal; what the
   * resumption changes is.
   */
  restore(snapshot: StoreSnapshot): void {
    if (this.index.size > 0) throw new Error("DurableStore.restore needs an empty store (restore before starting executions)");
    let restored: ExecutionRecord[] = [];
    if (this.changes) this.changes.paused = true;
    try {
      restored = rebuildRecords(snapshot, {
        findByKey: (key) => this.index.findByKey(key),
        adopt: (record) => this.adopt(record),
        armTimer: (record, kind, due, entry) => this.timers.arm(record, kind, due, entry),
      });
    } finally {
      if (this.changes) this.changes.paused = false;
    }
    this.mutate(() => {
      for (const record of restored) {
        resumeRecord(record, {
          invocations: this.invocationDeps,
          requestInvocation: (r) => this.requestInvocation(r),
          relaunch: (r) => this.chained.relaunch(r),
        });
        // Finished before the restart: its retention runs from its end (resume may have finished it now).
        if (!record.isRunning) this.retention.schedule(record, this.clock.now());
      }
    });
  }

  // ---------------------------------------------------------------- checkpoint API

  /**
   * CheckpointDurableExecution. Idempotent by ClientToken: a retry of the execution's last
   * checkpoint (same ClientToken, same CheckpointToken and updates) gets the same response again —
   * also after the token was used or the execution finished — so a checkpoint applied whose
   * response was lost can be retried safely; the same ClientToken with another request is a
   * ResourceConflictException (409).
   */
  checkpoint(request: CheckpointDurableExecutionRequest): CheckpointDurableExecutionResponse {
    const clientToken = clientTokenOf(request);
    const arn = request?.DurableExecutionArn;
    const replayed = replayedCheckpoint(typeof arn === "string" ? this.index.find(arn) : undefined, clientToken, request);
    if (replayed) return replayed;
    const response = this.applyCheckpoint(request);
    if (clientToken !== undefined) rememberCheckpoint(this.getRecord(arn as string), clientToken, request, response);
    return response;
  }

  private applyCheckpoint(request: CheckpointDurableExecutionRequest): CheckpointDurableExecutionResponse {
    return this.mutate(() => {
      const record = this.recordForToken(request);
      // On a clock that moves while handlers run, complete what is due before answering, whichever
      // of the caller's timer and the service's fired first.
      if (this.clock.mode !== "virtual") this.fireDueTimers();
      const updates = (request.Updates ?? []) as OperationUpdate[];
      if (!Array.isArray(updates)) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.updatesNotList());
      validateUpdates(record, updates);
      for (const update of updates) applyUpdate(record, update, this.effects);
      if (updates.length > 0 && record.invocation) record.checkpointedDuringInvocation = true;
      this.changes?.recordChanged(record);
      const operations: Operation[] = [];
      for (const id of record.dirty) {
        const entry = record.get(id);
        if (entry) operations.push(cloneOperation(entry.op));
      }
      record.dirty.clear();
      record.undeliveredChange = false;
      return { CheckpointToken: mintCheckpointToken(record, this.signer), NewExecutionState: { Operations: operations } };
    });
  }

  getExecutionState(request: GetDurableExecutionStateRequest): GetDurableExecutionStateResponse {
    const record = this.recordForToken(request);
    const page = paginate(visibleOperations(record), request.Marker, request.MaxItems, STATE_PAGE_LIMITS);
    const response: GetDurableExecutionStateResponse = { Operations: page.items.map(cloneOperation) };
    if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
    return response;
  }

  /** The running execution a CheckpointToken is valid for; throws InvalidParameterValueException otherwise. */
  private recordForToken(request: { DurableExecutionArn?: unknown; CheckpointToken?: unknown } | undefined): ExecutionRecord {
    const arn = request?.DurableExecutionArn;
    if (typeof arn !== "string" || arn.length === 0) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.executionArnRequired());
    }
    const record = this.getRecord(arn);
    checkCheckpointToken(record, request?.CheckpointToken, this.signer);
    return record;
  }

  // ---------------------------------------------------------------- invocations

  /** Mints the invocation's token and builds its input (first page of the pruned state). */
  beginInvocation(record: ExecutionRecord): BegunInvocation {
    return this.mutate(() => {
      const begun = beginInvocation(record, this.invocationDeps);
      record.needsInvocation = false;
      this.changes?.recordChanged(record);
      return begun;
    });
  }

  /**
   * Records InvocationCompleted and decides what happens next: finish the execution, re-invoke
   * (thrown error, due retry, change during the invocation) or wait for timers/callbacks/invokes.
   */
  completeInvocation(record: ExecutionRecord, result: InvocationResult): void {
    // After shutDown() the invocation stays alive in the stored state (the restart re-runs it).
    if (this.isShutDown) return;
    this.mutate(() => completeInvocation(record, result, this.invocationDeps));
  }

  /**
   * The service is shutting down: marks (and persists) every alive invocation as cut by the
   * shutdown, so that after a restart it is re-run without counting as a failed attempt, and
   * ignores how those invocations end from now on.
   */
  shutDown(): void {
    if (this.isShutDown) return;
    this.mutate(() => {
      for (const record of this.index.all()) {
        if (!record.invocation) continue;
        record.invocation.cutByShutdown = true;
        this.changes?.recordChanged(record);
      }
    });
    this.isShutDown = true;
  }

  // ---------------------------------------------------------------- timers

  /**
   * Due time of the earliest timer. Without `includePassive` only timers that should move a virtual
   * clock count (waits, retries, callback timers, scheduled actions), not execution timeouts.
   */
  nextTimerDue(includePassive = false): number | undefined {
    return this.timers.nextDue(includePassive);
  }

  /** Fires every timer due at the clock's current time, in due order; returns how many fired. */
  fireDueTimers(): number {
    return this.mutate(() => {
      const now = this.clock.now();
      let fired = 0;
      for (let timer = this.timers.popDue(now); timer; timer = this.timers.popDue(now)) {
        this.fire(timer);
        fired++;
      }
      this.evictExpired();
      return fired;
    });
  }

  /** Due time of the earliest timer a skipping driver may jump to (see {@link ServiceTimers.nextSkippableDue}). */
  nextSkippableDue(keepOnRealTime: (timer: Timer) => boolean): number | undefined {
    return this.timers.nextSkippableDue(keepOnRealTime);
  }

  /** Moves the timers `keepOnRealTime` selects `ms` later (see {@link ServiceTimers.defer}). */
  deferTimers(ms: number, keepOnRealTime: (timer: Timer) => boolean): void {
    if (!(ms > 0)) return;
    this.mutate(() => this.timers.defer(ms, keepOnRealTime));
  }

  /** Runs `action` when the clock reaches `due` (it counts as a timer: a virtual clock jumps to it). */
  scheduleAction(due: number, action: () => void): { cancel(): void } {
    return this.timers.scheduleAction(due, action);
  }

  private fire(timer: Timer): void {
    if (timer.payload.kind === "action") {
      timer.payload.action();
      return;
    }
    const { record, operationId, kind } = timer.payload;
    const entry = operationId === undefined ? undefined : record.get(operationId);
    if (entry?.timers?.get(kind) === timer) entry.timers.delete(kind);
    this.timers.release(timer);
    // As on the service, a timer completes when it is due even while an invocation is alive: the
    // handler sees the change in its next checkpoint response (e.g. the SDK's polling refresh).
    if (!record.isRunning) return;
    // On a clock that moves while handlers run, the pump may fire a little late: record the completion
    // at its due time, but never before the execution's last event (the history stays in time order).
    let at: number | undefined;
    if (this.clock.mode !== "virtual") {
      const last = record.history.all().at(-1)?.EventTimestamp;
      at = Math.min(this.clock.now(), Math.max(timer.due, last === undefined ? 0 : +last));
    }
    applyTimer(record, kind, entry, this.hooks, at);
  }

  private afterFinish(record: ExecutionRecord): void {
    this.retention.schedule(record, this.clock.now());
    this.chained.childFinished(record);
    this.listener?.onFinished(record);
  }

  // ---------------------------------------------------------------- chained invokes

  /** Chained invokes of non-durable targets waiting to be run (the queue is emptied). */
  takeLaunches(): PendingLaunch[] {
    return this.chained.take();
  }

  get hasLaunches(): boolean {
    return this.chained.pending;
  }

  /** Completes a CHAINED_INVOKE operation (used for non-durable targets). */
  completeChainedInvoke(record: ExecutionRecord, operationId: string, outcome: ChainedInvokeOutcome): void {
    this.mutate(() => this.chained.complete(record, operationId, outcome));
  }

  // ---------------------------------------------------------------- stop

  stopExecution(arn: string, error?: ErrorObject): { StopTimestamp: Date } {
    return this.mutate(() => {
      const record = this.getRecord(arn);
      if (!record.isRunning) {
        throw new ResourceConflictException(SERVICE_MESSAGES.ResourceConflictException.executionNotRunning(arn, record.status));
      }
      this.chained.stop(record, error);
      return { StopTimestamp: new Date(this.clock.now()) };
    });
  }

  // ---------------------------------------------------------------- callbacks (see callbacks.ts)

  sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): void {
    this.mutate(() => this.callbacks.succeed(callbackId, result));
  }

  sendCallbackFailure(callbackId: string, error?: ErrorObject): void {
    this.mutate(() => this.callbacks.fail(callbackId, error));
  }

  sendCallbackHeartbeat(callbackId: string): void {
    this.mutate(() => this.callbacks.heartbeat(callbackId));
  }
}
