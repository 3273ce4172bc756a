/**
 * Invocation bookkeeping: what a new invocation receives (fresh token, first page of the pruned
 * state, UpdatedOperationIds) and what happens when it ends (InvocationCompleted, then finishing
 * the execution, a re-invocation, or waiting for timers/callbacks/chained invokes).
 */
import { randomUUID } from "node:crypto";
import { EventType, ExecutionStatus, InvocationStatus, type DurableExecutionInvocationInput, type ErrorObject } from "../generated/index.js";
import type { ExecutionOutcome, ExecutionRecord } from "./execution-record.js";
import {
  finishExecution,
  NO_PENDING_OPERATIONS_ERROR,
  parseInvocationOutput,
  READY_IGNORED_ERROR,
  type LifecycleHooks,
} from "./lifecycle.js";
import { cloneOperation, paginate, visibleOperations } from "./state-query.js";
import type { BegunInvocation, InvocationResult } from "./store-types.js";
import { mintCheckpointToken } from "./tokens.js";
import type { TokenSigner } from "./token-signer.js";
import { oversizedResultError } from "./service-limits.js";

export interface InvocationDeps {
  now(): number;
  /** Operations in the invocation input before NextMarker paging. */
  pageSize: number;
  /** Consecutive failed invocations before the execution fails. */
  maxConsecutiveErrors: number;
  /** Delay before re-invoking after the n-th consecutive failed invocation (0: at once). */
  reinvokeDelayMs(consecutiveErrors: number): number;
  /** Re-invokes the execution at `due` (a timer). */
  reinvokeAt(record: ExecutionRecord, due: number): void;
  hooks: LifecycleHooks;
  /** Signs the checkpoint tokens handed to invocations. */
  signer: TokenSigner;
}

export function beginInvocation(record: ExecutionRecord, deps: InvocationDeps): BegunInvocation {
  if (!record.isRunning) throw new Error(`Cannot invoke ${record.arn}: execution is ${record.status}`);
  if (record.invocation) throw new Error(`Cannot invoke ${record.arn}: an invocation is already in progress`);
  const requestId = randomUUID();
  record.invocation = { requestId, startTimestamp: deps.now() };
  record.invocationCount++;
  record.changedDuringInvocation = false;
  record.undeliveredChange = false;
  record.checkpointedDuringInvocation = false;
  record.dirty.clear();
  const updatedIds = [...record.externallyUpdated];
  record.externallyUpdated.clear();
  const size = deps.pageSize;
  const page = paginate(visibleOperations(record), undefined, size, { defaultSize: size, maxSize: size });
  const input: DurableExecutionInvocationInput = {
    DurableExecutionArn: record.arn,
    CheckpointToken: mintCheckpointToken(record, deps.signer),
    InitialExecutionState: { Operations: page.items.map(cloneOperation), NextMarker: page.nextMarker ?? "" },
    UpdatedOperationIds: updatedIds,
  };
  return { input, requestId };
}

interface Verdict {
  invocationError?: ErrorObject;
  outcome?: ExecutionOutcome;
  reinvoke: boolean;
}

/** Classifies what the handler returned (or threw). */
function judge(record: ExecutionRecord, result: InvocationResult): Verdict {
  if (result.kind === "error") return { invocationError: result.error, reinvoke: false };
  const parsed = parseInvocationOutput(result.output);
  if ("invalid" in parsed) return { invocationError: parsed.invalid, reinvoke: false };
  const oversized = parsed.status === InvocationStatus.SUCCEEDED ? oversizedResultError(parsed.result) : undefined;
  if (oversized) return { invocationError: oversized, reinvoke: false };
  if (record.announcedOutcome) return { outcome: record.announcedOutcome, reinvoke: false };
  if (parsed.status !== InvocationStatus.PENDING) return { outcome: parsed, reinvoke: false };
  // A timer, callback or chained invoke completed while the handler ran. The handler saw it if a
  // checkpoint response carried it (then it acted on it, or chose not to wait for it); otherwise it
  // needs another invocation, as it does when it left nothing to wait for.
  if (record.changedDuringInvocation && (record.undeliveredChange || record.waiting.size === 0)) return { reinvoke: true };
  if (record.hasReadyOperation()) {
    // A due retry must run next; re-invoke, unless this invocation ignored it (no progress at all).
    return record.checkpointedDuringInvocation ? { reinvoke: true } : { invocationError: READY_IGNORED_ERROR, reinvoke: false };
  }
  if (record.waiting.size === 0) {
    return { invocationError: NO_PENDING_OPERATIONS_ERROR, outcome: { status: ExecutionStatus.FAILED, error: NO_PENDING_OPERATIONS_ERROR }, reinvoke: false };
  }
  return { reinvoke: false };
}

export function completeInvocation(record: ExecutionRecord, result: InvocationResult, deps: InvocationDeps): void {
  const invocation = record.invocation;
  if (!invocation) throw new Error(`No invocation in progress for ${record.arn}`);
  const now = deps.now();
  const verdict = judge(record, result);
  const { invocationError, outcome } = verdict;
  record.history.append(EventType.InvocationCompleted, now, undefined, {
    StartTimestamp: new Date(invocation.startTimestamp),
    EndTimestamp: new Date(now),
    RequestId: invocation.requestId,
    ...(invocationError ? { Error: { Payload: invocationError, Truncated: false } } : {}),
  });
  record.invocation = undefined;
  record.announcedOutcome = undefined;

  const deferred = record.deferredFinish;
  if (deferred) {
    // Stopped or timed out while the invocation was alive: the terminal event follows InvocationCompleted.
    record.deferredFinish = undefined;
    deferred();
    return;
  }
  if (!record.isRunning) return;
  if (outcome) {
    finishExecution(record, outcome, deps.hooks);
    return;
  }
  let reinvoke = verdict.reinvoke;
  if (result.kind === "error" && result.notCounted) {
    // Cut by the service's own shutdown: not the handler's failure, so the count stays as it was.
    reinvoke = true;
  } else if (invocationError) {
    record.consecutiveInvocationErrors++;
    if (record.consecutiveInvocationErrors >= deps.maxConsecutiveErrors) {
      finishExecution(record, { status: ExecutionStatus.FAILED, error: invocationError }, deps.hooks);
      return;
    }
    const delay = deps.reinvokeDelayMs(record.consecutiveInvocationErrors);
    if (delay > 0) {
      // Exponential backoff: a failure that is an outage (the service, the network) gets time to pass.
      deps.reinvokeAt(record, now + delay);
      return;
    }
    reinvoke = true;
  } else {
    record.consecutiveInvocationErrors = 0;
  }
  if (reinvoke) deps.hooks.markReady(record);
}
