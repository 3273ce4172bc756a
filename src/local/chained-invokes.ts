/**
 * Chained invokes on the local service. The target of a CHAINED_INVOKE runs as a child execution when
 * it is a registered durable function; any other target is queued for the orchestrator to run once as
 * a plain function. A child that finishes completes its parent's operation, and an execution that is
 * stopped stops the children it waits on.
 */
import { ExecutionStatus, OPERATION_TRANSITIONS, OperationType, type ErrorObject, type OperationUpdate } from "../generated/index.js";
import type { ExecutionRecord, OperationEntry } from "./execution-record.js";
import { applyChainedInvokeOutcome, finishExecution, type ChainedInvokeOutcome, type LifecycleHooks } from "./lifecycle.js";
import type { HistoryEvent } from "./history.js";
import type { CreateExecutionParams, FunctionInfo, PendingLaunch } from "./store-types.js";

/** What chained invokes need from the store. */
export interface ChainedInvokeDeps {
  lookupFunction(functionName: string): FunctionInfo | undefined;
  /** Starts a durable target's execution (its `parent` names the operation). */
  startExecution(params: CreateExecutionParams): ExecutionRecord;
  findByArn(arn: string): ExecutionRecord | undefined;
  findByKey(executionKey: string): ExecutionRecord | undefined;
  readonly hooks: LifecycleHooks;
  /** Plain targets wait in the queue (the orchestrator takes them). */
  onLaunch(): void;
}

/** Child executions and the queue of plain targets; the store calls these inside its transactions. */
export class ChainedInvokes {
  private launches: PendingLaunch[] = [];

  constructor(private readonly deps: ChainedInvokeDeps) {}

  /** Starts the target of a CHAINED_INVOKE START; returns the child execution's ARN when the target is durable. */
  start(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate): string | undefined {
    const functionName = update.ChainedInvokeOptions!.FunctionName!;
    const tenantId = update.ChainedInvokeOptions?.TenantId ?? undefined;
    const payload = update.Payload ?? undefined;
    const info = this.deps.lookupFunction(functionName);
    if (info?.kind === "durable") {
      const child = this.deps.startExecution({ functionName, inputPayload: payload, tenantId, parent: { record, operationId: entry.op.Id! } });
      return child.arn;
    }
    this.launches.push({ record, operationId: entry.op.Id!, functionName, payload, tenantId, found: info !== undefined });
    this.deps.onLaunch();
    return undefined;
  }

  /** Queues again the plain targets a restored execution had started: they ran in the stopped process. */
  relaunch(record: ExecutionRecord): void {
    this.launches.push(...pendingPlainInvokes(record, this.deps.lookupFunction));
    if (this.launches.length > 0) this.deps.onLaunch();
  }

  /** Plain targets waiting to be run (the queue is emptied). */
  take(): PendingLaunch[] {
    const launches = this.launches;
    this.launches = [];
    return launches;
  }

  get pending(): boolean {
    return this.launches.length > 0;
  }

  /** Completes a CHAINED_INVOKE operation with its plain target's outcome. */
  complete(record: ExecutionRecord, operationId: string, outcome: ChainedInvokeOutcome): void {
    applyChainedInvokeOutcome(record, operationId, outcome, this.deps.hooks);
  }

  /** A finished child execution completes its parent's operation (unless the parent is gone). */
  childFinished(record: ExecutionRecord): void {
    const parent = record.parent;
    if (!parent || this.deps.findByKey(parent.record.key) !== parent.record) return;
    const outcome: ChainedInvokeOutcome = { status: record.status as ChainedInvokeOutcome["status"] };
    if (record.result !== undefined) outcome.result = record.result;
    if (record.error !== undefined) outcome.error = record.error;
    applyChainedInvokeOutcome(parent.record, parent.operationId, outcome, this.deps.hooks);
  }

  /** Stops the execution (STOPPED, with `error` when given), then the running children it waits on. */
  stop(record: ExecutionRecord, error: ErrorObject | undefined): void {
    const children: OperationEntry[] = [];
    for (const id of record.waiting) {
      const entry = record.get(id);
      if (entry?.childArn !== undefined) children.push(entry);
    }
    finishExecution(record, { status: ExecutionStatus.STOPPED, ...(error ? { error } : {}) }, this.deps.hooks);
    for (const entry of children) this.stopChild(entry);
  }

  /** Stops the operation's child execution, if it still runs. */
  stopChild(entry: OperationEntry): void {
    const child = entry.childArn === undefined ? undefined : this.deps.findByArn(entry.childArn);
    if (child?.isRunning) this.stop(child, undefined);
  }
}

/** What a CHAINED_INVOKE START leaves: the status of an invoke still waiting for its target, and the event that recorded its input. */
const STARTED_INVOKE = OPERATION_TRANSITIONS.CHAINED_INVOKE.START;

/**
 * Chained invokes of plain (non-durable) functions a restored execution still waits for: they ran
 * in the stopped process, so they must be launched again.
 */
function pendingPlainInvokes(record: ExecutionRecord, lookupFunction: (name: string) => FunctionInfo | undefined): PendingLaunch[] {
  const launches: PendingLaunch[] = [];
  let starts: Map<string, HistoryEvent> | undefined;
  for (const id of record.waiting) {
    const entry = record.get(id)!;
    if (entry.op.Type !== OperationType.CHAINED_INVOKE || entry.op.Status !== STARTED_INVOKE.to || entry.childArn !== undefined) continue;
    starts ??= new Map(record.history.all().filter((e) => e.EventType === STARTED_INVOKE.event).map((e) => [e.Id!, e]));
    const details = starts.get(id)?.ChainedInvokeStartedDetails;
    if (!details) continue;
    launches.push({
      record,
      operationId: id,
      functionName: details.FunctionName,
      payload: details.Input?.Payload,
      tenantId: details.TenantId,
      found: lookupFunction(details.FunctionName) !== undefined,
    });
  }
  return launches;
}
