/**
 * The state machine of the local durable service: executions, their operations and histories,
 * CheckpointDurableExecution / GetDurableExecutionState, invocation bookkeeping, timers on the
 * service clock, callbacks and chained-invoke linkage. It never runs handler code; the orchestrator
 * (`LocalDurableService`) drives it.
 */
import { randomUUID } from "node:crypto";
import {
  OperationStatus,
  OperationType,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type DurableExecutionInvocationInput,
  type ErrorObject,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  type Operation,
  type OperationUpdate,
} from "../generated/index.js";
import { applyUpdate, type UpdateEffects } from "./apply-update.js";
import type { Clock } from "./clock.js";
import {
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
  InvalidParameterValueException,
  ResourceConflictException,
  ResourceNotFoundException,
} from "./errors.js";
import {
  ExecutionRecord,
  ExecutionStatus,
  type ExecutionOutcome,
  type OperationEntry,
  type ParentLink,
  type Timer,
  type TimerKind,
  type TimerTarget,
} from "./execution-record.js";
import { exportEvent, type HistoryEvent, type HistoryExportOptions } from "./history.js";
import {
  applyCallbackOutcome,
  applyChainedInvokeOutcome,
  applyTimer,
  finishExecution,
  parseInvocationOutput,
  NO_PENDING_OPERATIONS_ERROR,
  READY_IGNORED_ERROR,
  type CallbackOutcome,
  type ChainedInvokeOutcome,
  type LifecycleHooks,
} from "./lifecycle.js";
import { cloneOperation, paginate, STATE_PAGE_LIMITS, visibleOperations } from "./state-query.js";
import { TimerQueue } from "./timer-queue.js";
import { decodeCallbackId, decodeCheckpointToken, encodeCallbackId, encodeCheckpointToken } from "./tokens.js";
import { validateUpdates } from "./validate-checkpoint.js";

export type FunctionKind = "durable" | "plain";

export interface FunctionInfo {
  readonly kind: FunctionKind;
  /** ExecutionTimeout of executions of this function, in seconds. */
  readonly executionTimeoutSeconds?: number;
}

/** A chained invoke whose target is not a durable function (plain function or unknown name). */
export interface PendingLaunch {
  readonly record: ExecutionRecord;
  readonly operationId: string;
  readonly functionName: string;
  readonly payload: string | undefined;
  readonly tenantId: string | undefined;
  /** False when no function of that name is registered. */
  readonly found: boolean;
}

/** Notifications the orchestrator subscribes to. */
export interface StoreListener {
  /** The execution needs (another) invocation. */
  onReady(record: ExecutionRecord): void;
  /** The execution reached a terminal status and its terminal event was recorded. */
  onFinished(record: ExecutionRecord): void;
  /** A chained invoke of a non-durable target is waiting to be run (see takeLaunches). */
  onLaunch(): void;
}

export interface StoreOptions {
  clock: Clock;
  region?: string;
  accountId?: string;
  /** Resolves function names (for chained invokes). */
  lookupFunction?: (name: string) => FunctionInfo | undefined;
  /** Operations in the invocation input before NextMarker paging kicks in (default 1000). */
  invocationPageSize?: number;
  /** Consecutive failed invocations (thrown errors, invalid responses) before the execution fails (default 3). */
  maxConsecutiveInvocationErrors?: number;
  /** ExecutionTimeout when the function does not configure one (default 86400 s). */
  defaultExecutionTimeoutSeconds?: number;
}

export interface CreateExecutionParams {
  functionName: string;
  /** Serialized input (JSON text); undefined = no payload. */
  inputPayload?: string;
  executionName?: string;
  tenantId?: string;
  executionTimeoutSeconds?: number;
  parent?: ParentLink;
}

/** GetDurableExecution-shaped description of an execution. */
export interface ExecutionDescription {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  InputPayload?: string;
  Result?: string;
  Error?: ErrorObject;
  StartTimestamp: Date;
  Status: ExecutionStatus;
  EndTimestamp?: Date;
  Version: string;
}

/** ListDurableExecutionsByFunction-shaped summary. */
export interface ExecutionSummary {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: ExecutionStatus;
  StartTimestamp: Date;
  EndTimestamp?: Date;
}

export interface BegunInvocation {
  readonly input: DurableExecutionInvocationInput;
  readonly requestId: string;
}

/** What came back from one invocation of the handler. */
export type InvocationResult = { kind: "returned"; output: unknown } | { kind: "error"; error: ErrorObject };

export interface GetHistoryRequest {
  DurableExecutionArn: string;
  IncludeExecutionData?: boolean;
  MaxItems?: number;
  Marker?: string;
  ReverseOrder?: boolean;
}

export interface GetHistoryResponse {
  Events: HistoryEvent[];
  NextMarker?: string;
}

export class DurableStore {
  readonly clock: Clock;
  listener: StoreListener | undefined;

  private readonly region: string;
  private readonly accountId: string;
  private readonly lookupFunction: (name: string) => FunctionInfo | undefined;
  private readonly invocationPageSize: number;
  private readonly maxConsecutiveInvocationErrors: number;
  private readonly defaultExecutionTimeoutSeconds: number;

  private readonly byArn = new Map<string, ExecutionRecord>();
  private readonly byKey = new Map<string, ExecutionRecord>();
  private readonly byFunction = new Map<string, ExecutionRecord[]>();
  private readonly byName = new Map<string, ExecutionRecord>();
  /** Timers that advance the virtual clock (waits, retries, callback timers). */
  private readonly activeTimers = new TimerQueue<TimerTarget>();
  /** Timers that fire only if time passes them anyway (execution timeouts). */
  private readonly passiveTimers = new TimerQueue<TimerTarget>();
  private launches: PendingLaunch[] = [];
  private callbackNonce = 0;

  private readonly effects: UpdateEffects;
  private readonly hooks: LifecycleHooks;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "123456789012";
    this.lookupFunction = options.lookupFunction ?? (() => undefined);
    this.invocationPageSize = options.invocationPageSize ?? 1000;
    this.maxConsecutiveInvocationErrors = options.maxConsecutiveInvocationErrors ?? 3;
    this.defaultExecutionTimeoutSeconds = options.defaultExecutionTimeoutSeconds ?? 86400;

    this.hooks = {
      now: () => this.clock.now(),
      markReady: (record) => this.listener?.onReady(record),
      cancelTimers: (record, entry) => this.cancelOperationTimers(record, entry),
      cancelAllTimers: (record) => {
        for (const timer of [...record.timers]) this.cancelTimer(record, timer);
        record.postponedTimers = undefined;
      },
      finished: (record) => this.afterFinish(record),
    };
    this.effects = {
      now: this.hooks.now,
      armTimer: (record, entry, kind, due) => this.armTimer(record, kind, due, entry),
      cancelTimers: this.hooks.cancelTimers,
      mintCallbackId: (record, operationId) =>
        encodeCallbackId({ executionKey: record.key, operationId }, ++this.callbackNonce),
      startChainedInvoke: (record, entry, update) => this.startChainedInvoke(record, entry, update),
      stopChainedInvoke: (_record, entry) => this.stopChild(entry),
      announceOutcome: (record, outcome) => {
        if (record.invocation) record.announcedOutcome = outcome;
        else finishExecution(record, outcome, this.hooks);
      },
    };
  }

  // ---------------------------------------------------------------- executions

  functionArn(functionName: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${functionName}`;
  }

  /**
   * Creates an execution (records ExecutionStarted and asks for its first invocation), or returns
   * the existing one when `executionName` was used before with the same input.
   */
  createExecution(params: CreateExecutionParams): { record: ExecutionRecord; created: boolean } {
    if (params.executionName !== undefined) {
      const nameKey = `${params.functionName}\u0000${params.executionName}`;
      const existing = this.byName.get(nameKey);
      if (existing) {
        if (existing.inputPayload !== params.inputPayload) {
          throw new DurableExecutionAlreadyStartedException(
            `Durable execution ${params.executionName} of function ${params.functionName} was already started with a different input`,
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
      arn: `${functionArn}:$LATEST/durable-execution/${name}/${key}`,
      name,
      functionName: params.functionName,
      functionArn,
      inputPayload: params.inputPayload,
      startTimestamp: now,
      executionTimeoutSeconds: timeoutSeconds,
      executionOperationId: randomUUID(),
      tenantId: params.tenantId,
      parent: params.parent,
    });
    const executionOp = {
      Id: record.executionOperationId,
      Type: OperationType.EXECUTION,
      StartTimestamp: new Date(now),
      Status: OperationStatus.STARTED,
      ExecutionDetails: params.inputPayload === undefined ? {} : { InputPayload: params.inputPayload },
    } as Operation;
    record.addOperation(executionOp);
    record.history.append("ExecutionStarted", now, undefined, {
      Input: params.inputPayload === undefined ? { Truncated: false } : { Payload: params.inputPayload, Truncated: false },
      ExecutionTimeout: timeoutSeconds,
    });

    this.byArn.set(record.arn, record);
    this.byKey.set(key, record);
    if (params.executionName !== undefined) this.byName.set(`${params.functionName}\u0000${name}`, record);
    let list = this.byFunction.get(params.functionName);
    if (!list) this.byFunction.set(params.functionName, (list = []));
    list.push(record);

    if (timeoutSeconds > 0) this.armTimer(record, "execution-timeout", now + timeoutSeconds * 1000);
    this.listener?.onReady(record);
    return { record, created: true };
  }

  /** The execution with this ARN; throws ResourceNotFoundException. */
  getRecord(arn: string): ExecutionRecord {
    const record = typeof arn === "string" ? this.byArn.get(arn) : undefined;
    if (!record) throw new ResourceNotFoundException(`Durable execution not found: ${String(arn)}`);
    return record;
  }

  findRecord(arn: string): ExecutionRecord | undefined {
    return this.byArn.get(arn);
  }

  describe(record: ExecutionRecord): ExecutionDescription {
    const description: ExecutionDescription = {
      DurableExecutionArn: record.arn,
      DurableExecutionName: record.name,
      FunctionArn: record.functionArn,
      StartTimestamp: new Date(record.startTimestamp),
      Status: record.status,
      Version: "$LATEST",
    };
    if (record.inputPayload !== undefined) description.InputPayload = record.inputPayload;
    if (record.result !== undefined) description.Result = record.result;
    if (record.error !== undefined) description.Error = structuredClone(record.error);
    if (record.endTimestamp !== undefined) description.EndTimestamp = new Date(record.endTimestamp);
    return description;
  }

  listExecutions(functionName: string): ExecutionSummary[] {
    return (this.byFunction.get(functionName) ?? []).map((record) => {
      const summary: ExecutionSummary = {
        DurableExecutionArn: record.arn,
        DurableExecutionName: record.name,
        FunctionArn: record.functionArn,
        Status: record.status,
        StartTimestamp: new Date(record.startTimestamp),
      };
      if (record.endTimestamp !== undefined) summary.EndTimestamp = new Date(record.endTimestamp);
      return summary;
    });
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
    const events = this.getRecord(request.DurableExecutionArn).history.all();
    const ordered = request.ReverseOrder ? [...events].reverse() : events;
    const page = paginate(ordered, request.Marker, request.MaxItems, STATE_PAGE_LIMITS);
    const options = { includeExecutionData: request.IncludeExecutionData ?? false };
    const response: GetHistoryResponse = { Events: page.items.map((event) => exportEvent(event, options)) };
    if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
    return response;
  }

  // ---------------------------------------------------------------- checkpoint API

  checkpoint(request: CheckpointDurableExecutionRequest): CheckpointDurableExecutionResponse {
    const record = this.recordForToken(request?.DurableExecutionArn, request?.CheckpointToken);
    const updates = (request.Updates ?? []) as OperationUpdate[];
    if (!Array.isArray(updates)) throw new InvalidParameterValueException("Updates must be a list of operation updates");
    validateUpdates(record, updates);
    for (const update of updates) applyUpdate(record, update, this.effects);
    if (updates.length > 0 && record.invocation) record.checkpointedDuringInvocation = true;
    const operations: Operation[] = [];
    for (const id of record.dirty) {
      const entry = record.get(id);
      if (entry) operations.push(cloneOperation(entry.op));
    }
    record.dirty.clear();
    return { CheckpointToken: this.mintToken(record), NewExecutionState: { Operations: operations } };
  }

  getExecutionState(request: GetDurableExecutionStateRequest): GetDurableExecutionStateResponse {
    const record = this.recordForToken(request?.DurableExecutionArn, request?.CheckpointToken);
    const page = paginate(visibleOperations(record), request.Marker, request.MaxItems, STATE_PAGE_LIMITS);
    const response: GetDurableExecutionStateResponse = { Operations: page.items.map(cloneOperation) };
    if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
    return response;
  }

  private mintToken(record: ExecutionRecord): string {
    record.currentTokenSeq = ++record.tokenSeq;
    return encodeCheckpointToken({ executionKey: record.key, seq: record.currentTokenSeq });
  }

  private recordForToken(arn: unknown, token: unknown): ExecutionRecord {
    if (typeof arn !== "string" || arn.length === 0) {
      throw new InvalidParameterValueException("DurableExecutionArn is required");
    }
    const record = this.getRecord(arn);
    if (typeof token !== "string" || token.length === 0) {
      throw new InvalidParameterValueException("CheckpointToken is required");
    }
    const data = decodeCheckpointToken(token);
    if (!data) throw new InvalidParameterValueException("Invalid checkpoint token: the token cannot be decoded");
    if (data.executionKey !== record.key) {
      throw new InvalidParameterValueException("Invalid checkpoint token: the token belongs to another execution");
    }
    if (!record.isRunning) {
      throw new InvalidParameterValueException(`Invalid checkpoint token: the execution has already completed (${record.status})`);
    }
    if (data.seq !== record.currentTokenSeq) {
      throw new InvalidParameterValueException("Invalid checkpoint token: the token has already been used or was superseded");
    }
    return record;
  }

  // ---------------------------------------------------------------- invocations

  /** Mints the invocation's token and builds its input (first page of the pruned state). */
  beginInvocation(record: ExecutionRecord): BegunInvocation {
    if (!record.isRunning) throw new Error(`Cannot invoke ${record.arn}: execution is ${record.status}`);
    if (record.invocation) throw new Error(`Cannot invoke ${record.arn}: an invocation is already in progress`);
    const requestId = randomUUID();
    record.invocation = { requestId, startTimestamp: this.clock.now() };
    record.invocationCount++;
    record.changedDuringInvocation = false;
    record.checkpointedDuringInvocation = false;
    record.dirty.clear();
    const updatedIds = [...record.externallyUpdated];
    record.externallyUpdated.clear();
    const size = this.invocationPageSize;
    const page = paginate(visibleOperations(record), undefined, size, { defaultSize: size, maxSize: size });
    const input: DurableExecutionInvocationInput = {
      DurableExecutionArn: record.arn,
      CheckpointToken: this.mintToken(record),
      InitialExecutionState: { Operations: page.items.map(cloneOperation), NextMarker: page.nextMarker ?? "" },
      UpdatedOperationIds: updatedIds,
    };
    return { input, requestId };
  }

  /**
   * Records InvocationCompleted and decides what happens next: finish the execution, re-invoke
   * (thrown error, due retry, change during the invocation) or wait for timers/callbacks/invokes.
   */
  completeInvocation(record: ExecutionRecord, result: InvocationResult): void {
    const invocation = record.invocation;
    if (!invocation) throw new Error(`No invocation in progress for ${record.arn}`);
    const now = this.clock.now();
    let invocationError: ErrorObject | undefined;
    let outcome: ExecutionOutcome | undefined;
    let reinvoke = false;
    if (result.kind === "error") {
      invocationError = result.error;
    } else {
      const parsed = parseInvocationOutput(result.output);
      if ("invalid" in parsed) {
        invocationError = parsed.invalid;
      } else if (record.announcedOutcome) {
        outcome = record.announcedOutcome;
      } else if (parsed.status !== "PENDING") {
        outcome = parsed;
      } else if (record.changedDuringInvocation) {
        reinvoke = true;
      } else if (record.hasReadyOperation()) {
        // A due retry must run next; re-invoke, unless this invocation ignored it (no progress at all).
        if (record.checkpointedDuringInvocation) reinvoke = true;
        else invocationError = READY_IGNORED_ERROR;
      } else if (record.waiting.size === 0) {
        invocationError = NO_PENDING_OPERATIONS_ERROR;
        outcome = { status: "FAILED", error: NO_PENDING_OPERATIONS_ERROR };
      }
    }
    record.history.append("InvocationCompleted", now, undefined, {
      StartTimestamp: new Date(invocation.startTimestamp),
      EndTimestamp: new Date(now),
      RequestId: invocation.requestId,
      ...(invocationError ? { Error: { Payload: invocationError, Truncated: false } } : {}),
    });
    record.invocation = undefined;
    record.announcedOutcome = undefined;

    const deferred = record.deferredFinish;
    if (deferred) {
      record.deferredFinish = undefined;
      deferred();
      return;
    }
    if (!record.isRunning) return;
    if (outcome) {
      finishExecution(record, outcome, this.hooks);
      return;
    }
    if (invocationError) {
      record.consecutiveInvocationErrors++;
      if (record.consecutiveInvocationErrors >= this.maxConsecutiveInvocationErrors) {
        finishExecution(record, { status: "FAILED", error: invocationError }, this.hooks);
        return;
      }
      reinvoke = true;
    } else {
      record.consecutiveInvocationErrors = 0;
    }
    this.firePostponed(record);
    if (reinvoke) this.listener?.onReady(record);
  }

  // ---------------------------------------------------------------- timers

  /**
   * Due time of the earliest timer. Without `includePassive` only timers that should move a virtual
   * clock count (waits, retries, callback timers), not execution timeouts.
   */
  nextTimerDue(includePassive = false): number | undefined {
    const active = this.activeTimers.peek()?.due;
    if (!includePassive) return active;
    const passive = this.passiveTimers.peek()?.due;
    if (active === undefined) return passive;
    return passive === undefined ? active : Math.min(active, passive);
  }

  /** Fires every timer due at the clock's current time, in due order; returns how many fired. */
  fireDueTimers(): number {
    const now = this.clock.now();
    let fired = 0;
    for (;;) {
      const a = this.activeTimers.peek();
      const p = this.passiveTimers.peek();
      const next = a && (!p || a.due < p.due || (a.due === p.due && a.seq < p.seq)) ? a : p;
      if (!next || next.due > now) return fired;
      (next === a ? this.activeTimers : this.passiveTimers).popDue(now);
      this.fire(next);
      fired++;
    }
  }

  private armTimer(record: ExecutionRecord, kind: TimerKind, due: number, entry?: OperationEntry): void {
    const queue = kind === "execution-timeout" ? this.passiveTimers : this.activeTimers;
    const timer = queue.schedule(due, { kind, record, operationId: entry?.op.Id });
    record.timers.add(timer);
    if (entry) {
      entry.timers ??= new Map();
      this.cancelTimer(record, entry.timers.get(kind));
      entry.timers.set(kind, timer);
    }
  }

  private cancelTimer(record: ExecutionRecord, timer: Timer | undefined): void {
    if (!timer) return;
    record.timers.delete(timer);
    (timer.payload.kind === "execution-timeout" ? this.passiveTimers : this.activeTimers).cancel(timer);
  }

  private cancelOperationTimers(record: ExecutionRecord, entry: OperationEntry): void {
    if (!entry.timers) return;
    for (const timer of entry.timers.values()) this.cancelTimer(record, timer);
    entry.timers.clear();
  }

  private fire(timer: Timer): void {
    const { record, operationId, kind } = timer.payload;
    record.timers.delete(timer);
    const entry = operationId === undefined ? undefined : record.get(operationId);
    if (entry?.timers?.get(kind) === timer) entry.timers.delete(kind);
    if (!record.isRunning) return;
    if (record.invocation) {
      // Never complete a timer while an invocation of the execution is alive.
      (record.postponedTimers ??= []).push(timer);
      return;
    }
    applyTimer(record, kind, entry, this.hooks);
  }

  private firePostponed(record: ExecutionRecord): void {
    const postponed = record.postponedTimers;
    if (!postponed) return;
    record.postponedTimers = undefined;
    for (const timer of postponed) {
      if (!record.isRunning) return;
      const { operationId, kind } = timer.payload;
      applyTimer(record, kind, operationId === undefined ? undefined : record.get(operationId), this.hooks);
    }
  }

  private afterFinish(record: ExecutionRecord): void {
    const parent = record.parent;
    if (parent) {
      const outcome: ChainedInvokeOutcome = { status: record.status as ChainedInvokeOutcome["status"] };
      if (record.result !== undefined) outcome.result = record.result;
      if (record.error !== undefined) outcome.error = record.error;
      applyChainedInvokeOutcome(parent.record, parent.operationId, outcome, this.hooks);
    }
    this.listener?.onFinished(record);
  }

  // ---------------------------------------------------------------- chained invokes

  private startChainedInvoke(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate): string | undefined {
    const functionName = update.ChainedInvokeOptions!.FunctionName;
    const tenantId = update.ChainedInvokeOptions?.TenantId ?? undefined;
    const payload = update.Payload ?? undefined;
    const info = this.lookupFunction(functionName);
    if (info?.kind === "durable") {
      const { record: child } = this.createExecution({
        functionName,
        inputPayload: payload,
        tenantId,
        parent: { record, operationId: entry.op.Id },
      });
      return child.arn;
    }
    this.launches.push({ record, operationId: entry.op.Id, functionName, payload, tenantId, found: info !== undefined });
    this.listener?.onLaunch();
    return undefined;
  }

  /** Chained invokes of non-durable targets waiting to be run (the queue is emptied). */
  takeLaunches(): PendingLaunch[] {
    const launches = this.launches;
    this.launches = [];
    return launches;
  }

  get hasLaunches(): boolean {
    return this.launches.length > 0;
  }

  /** Completes a CHAINED_INVOKE operation (used for non-durable targets). */
  completeChainedInvoke(record: ExecutionRecord, operationId: string, outcome: ChainedInvokeOutcome): void {
    applyChainedInvokeOutcome(record, operationId, outcome, this.hooks);
  }

  private stopChild(entry: OperationEntry): void {
    const child = entry.childArn === undefined ? undefined : this.byArn.get(entry.childArn);
    if (child?.isRunning) this.stop(child, undefined);
  }

  // ---------------------------------------------------------------- stop

  stopExecution(arn: string, error?: ErrorObject): { StopTimestamp: Date } {
    const record = this.getRecord(arn);
    if (!record.isRunning) {
      throw new ResourceConflictException(`Durable execution ${arn} is not running (${record.status})`);
    }
    this.stop(record, error);
    return { StopTimestamp: new Date(this.clock.now()) };
  }

  private stop(record: ExecutionRecord, error: ErrorObject | undefined): void {
    const children: OperationEntry[] = [];
    for (const id of record.waiting) {
      const entry = record.get(id);
      if (entry?.childArn !== undefined) children.push(entry);
    }
    finishExecution(record, { status: "STOPPED", ...(error ? { error } : {}) }, this.hooks);
    for (const entry of children) this.stopChild(entry);
  }

  // ---------------------------------------------------------------- callbacks

  sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): void {
    const text = result === undefined ? undefined : typeof result === "string" ? result : Buffer.from(result).toString("utf8");
    this.completeCallback(callbackId, { status: "SUCCEEDED", result: text === "" ? undefined : text });
  }

  sendCallbackFailure(callbackId: string, error?: ErrorObject): void {
    this.completeCallback(callbackId, { status: "FAILED", error });
  }

  sendCallbackHeartbeat(callbackId: string): void {
    const { record, entry } = this.openCallback(callbackId);
    const heartbeat = entry.callbackHeartbeatSeconds;
    if (heartbeat !== undefined) this.armTimer(record, "callback-heartbeat", this.clock.now() + heartbeat * 1000, entry);
  }

  private completeCallback(callbackId: string, outcome: CallbackOutcome): void {
    const { record, entry } = this.openCallback(callbackId);
    applyCallbackOutcome(record, entry, outcome, this.hooks);
  }

  private openCallback(callbackId: string): { record: ExecutionRecord; entry: OperationEntry } {
    if (typeof callbackId !== "string" || callbackId.length === 0) {
      throw new InvalidParameterValueException("CallbackId is required");
    }
    const data = decodeCallbackId(callbackId);
    const record = data && this.byKey.get(data.executionKey);
    const entry = data && record?.get(data.operationId);
    if (!record || !entry || entry.op.Type !== OperationType.CALLBACK || entry.op.CallbackDetails?.CallbackId !== callbackId) {
      throw new ResourceNotFoundException(`Callback not found: ${callbackId}`);
    }
    if (!record.isRunning || entry.op.Status !== OperationStatus.STARTED) {
      const state = record.isRunning ? entry.op.Status : `execution ${record.status}`;
      throw new CallbackTimeoutException(`Callback ${callbackId} is already closed (${state})`);
    }
    return { record, entry };
  }
}
