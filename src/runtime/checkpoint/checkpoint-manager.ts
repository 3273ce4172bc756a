/**
 * The checkpoint manager: the queue of updates, batching into CheckpointDurableExecution calls (one
 * in flight at a time), the checkpoint-token flow, applying responses to the operation state, waking
 * operations whose status changed, and deciding when the invocation can suspend (§5.3, §5.6).
 */
import { verboseLog } from "../logger/verbose.js";
import {
  OperationSubType,
  type DurableExecutionClient,
  type DurableLogger,
  type Operation,
  type OperationStatus,
  type OperationUpdate,
  type TerminationReason,
  type UnrecoverableError,
} from "../../generated/index.js";
import { randomUUID } from "node:crypto";
import { toWireId } from "../ids.js";
import { normaliseOperation, TERMINAL_STATUSES } from "../execution/operations-state.js";
import type { TerminationManager } from "../execution/termination.js";
import { never } from "../execution/termination.js";
import { classifyCheckpointError } from "./classify.js";
import type { PluginRunner } from "../plugins/runner.js";
import { toOperationInfoMap } from "../plugins/info.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import {
  RealDate as Date,
  realClearImmediate as clearImmediate,
  realClearTimeout as clearTimeout,
  realSetImmediate as setImmediate,
  realSetTimeout as setTimeout,
} from "../real-timers.js";

/** At most this many updates per call (the service limit). */
export const MAX_UPDATES_PER_CALL = 250;
/** Estimated request size limit per call: 750 KiB. */
export const MAX_CALL_BYTES = 768_000;
/** Transient failures (throttling, 5xx, network) are retried this many times before giving up. */
export const CHECKPOINT_RETRIES = 3;
/** Base delay of the checkpoint retry backoff (doubled each time, with jitter). */
export const CHECKPOINT_RETRY_BASE_MS = 100;

export type LifecycleState = "EXECUTING" | "RETRY_WAITING" | "IDLE_NOT_AWAITED" | "IDLE_AWAITED" | "COMPLETED";

/** An update as handlers queue it: raw ids, hashed just before sending. */
export interface PendingUpdate extends Omit<OperationUpdate, "Id" | "ParentId"> {
  /** Wire id of the enclosing context, already resolved by the context (virtual contexts re-parent). */
  ParentId?: string;
}

interface QueueItem {
  rawId: string;
  update: OperationUpdate;
  bytes: number;
  /** Whether the caller waits for this update (false for fire-and-forget updates such as a step's START). */
  awaited: boolean;
  resolve: () => void;
}

interface Tracked {
  rawId: string;
  wireId: string;
  subType: string | undefined;
  state: LifecycleState;
  endTime?: Date;
}

export interface CheckpointManagerOptions {
  client: DurableExecutionClient;
  arn: string;
  token: string;
  operations: Map<string, Operation>;
  termination: TerminationManager;
  logger?: DurableLogger;
  /** Remaining time of the Lambda invocation; polling never arms timers beyond it. */
  remainingTimeMs?: () => number;
  /** Instrumentation plugins: told (onOperationChange) about operations whose status a response changed. */
  plugin?: PluginRunner;
}

const isTransient = (error: unknown): boolean => {
  const e = error as { $metadata?: { httpStatusCode?: number }; name?: string; code?: string; $retryable?: unknown; isDurableExecutionClientError?: boolean };
  if (e?.isDurableExecutionClientError) return false;
  const status = e?.$metadata?.httpStatusCode;
  if (typeof status === "number") return status === 429 || status >= 500;
  if (e?.$retryable) return true;
  return ["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET"].includes(String(e?.code)) || e?.name === "TimeoutError";
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export class CheckpointManager {
  token: string;
  /** The first checkpoint failure, kept even when the invocation was already ending for another reason. */
  failure: UnrecoverableError | undefined;
  private readonly client: DurableExecutionClient;
  private readonly arn: string;
  private readonly operations: Map<string, Operation>;
  private readonly termination: TerminationManager;
  private readonly logger?: DurableLogger;
  private readonly remainingTimeMs?: () => number;
  private readonly plugin?: PluginRunner;
  private queue: QueueItem[] = [];
  private inFlight = false;
  private scheduled = false;
  private forcePending: (() => void)[] = [];
  private terminating = false;
  private readonly finished = new Set<string>();
  /** Whether contexts finished since the last sweep of tracked operations. */
  private finishedChanged = false;
  /** Parent raw id → whether it or an ancestor finished (cleared when a context finishes). */
  private readonly ancestorMemo = new Map<string, boolean>();
  private readonly waiters = new Map<string, Set<(op: Operation) => void>>();
  private readonly drainWaiters: (() => void)[] = [];
  private readonly tracked = new Map<string, Tracked>();
  private executing = 0;
  private suspendCheck: NodeJS.Immediate | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** How many queued updates someone waits for; a queue of only fire-and-forget updates may wait a turn. */
  private awaitedQueued = 0;
  /** Whether the processor already let one turn pass for a queue of only fire-and-forget updates. */
  private deferred = false;

  constructor(options: CheckpointManagerOptions) {
    this.client = options.client;
    this.arn = options.arn;
    this.token = options.token;
    this.operations = options.operations;
    this.termination = options.termination;
    this.logger = options.logger;
    this.remainingTimeMs = options.remainingTimeMs;
    this.plugin = options.plugin;
    this.termination.onTerminate(() => {
      this.terminating = true;
      this.cancelSuspendCheck();
    });
  }

  getOperation(wireId: string): Operation | undefined {
    return this.operations.get(wireId);
  }

  // ---------------------------------------------------------------- queue

  /**
   * Queues an update. Resolves once the call that carried it succeeded and its response was applied.
   * Never settles when the invocation is ending or an ancestor context already finished.
   */
  checkpoint(rawId: string, update: PendingUpdate): Promise<void> {
    return this.push(rawId, update, true);
  }

  /** Queues an update whose Id is already a wire Id (the oversized-result EXECUTION update). */
  checkpointWire(update: OperationUpdate): Promise<void> {
    if (this.terminating) return never();
    return this.add({ rawId: update.Id!, update, bytes: 160 + (update.Payload ? Buffer.byteLength(update.Payload) : 0), awaited: true, resolve: () => {} });
  }

  /**
   * Queues an update nobody waits for (a step's or context's START, a context's result). It still goes
   * out before the invocation ends; when only such updates are queued, the call waits one event-loop
   * turn for an awaited update to ride along (see {@link process}).
   */
  enqueue(rawId: string, update: PendingUpdate): void {
    void this.push(rawId, update, false);
  }

  private push(rawId: string, update: PendingUpdate, awaited: boolean): Promise<void> {
    if (this.terminating || this.underFinishedAncestor(rawId)) return never();
    return this.add({
      rawId,
      update: { ...update, Id: toWireId(rawId) } as OperationUpdate,
      bytes: 160 + (update.Payload ? Buffer.byteLength(update.Payload) : 0) + (update.Error ? Buffer.byteLength(JSON.stringify(update.Error)) : 0),
      awaited,
      resolve: () => {},
    });
  }

  private add(item: QueueItem): Promise<void> {
    const promise = new Promise<void>((resolve) => (item.resolve = resolve));
    this.queue.push(item);
    if (item.awaited) this.awaitedQueued++;
    this.cancelSuspendCheck();
    this.schedule();
    return promise;
  }

  /** Sends a call with no updates to refresh the operation state (used by polling). */
  forceRefresh(): Promise<void> {
    if (this.terminating) return never();
    return new Promise<void>((resolve) => {
      this.forcePending.push(resolve);
      this.schedule();
    });
  }

  /** Records that a child context finished: later updates of operations under it are dropped. */
  markFinished(rawId: string): void {
    this.finished.add(rawId);
    this.finishedChanged = true;
    this.ancestorMemo.clear();
  }

  private underFinishedAncestor(rawId: string): boolean {
    if (this.finished.size === 0) return false;
    const cut = rawId.lastIndexOf("-");
    if (cut <= 0) return false;
    // Most updates come from a handful of parent contexts: remember the answer per parent until the
    // set of finished contexts changes.
    const parent = rawId.slice(0, cut);
    let known = this.ancestorMemo.get(parent);
    if (known === undefined) {
      known = this.finished.has(parent) || this.underFinishedAncestor(parent);
      this.ancestorMemo.set(parent, known);
    }
    return known;
  }

  /** Resolves when nothing is queued and no call is in flight. */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0 && this.forcePending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => void this.process());
  }

  private takeBatch(): QueueItem[] {
    let bytes = this.token.length + 100;
    let count = 0;
    while (count < this.queue.length && count < MAX_UPDATES_PER_CALL) {
      const next = this.queue[count]!.bytes;
      if (count > 0 && bytes + next > MAX_CALL_BYTES) break;
      bytes += next;
      count++;
    }
    const batch = this.queue.splice(0, count);
    for (const item of batch) if (item.awaited) this.awaitedQueued--;
    return batch;
  }

  private async process(): Promise<void> {
    this.scheduled = false;
    if (this.inFlight) return;
    if (this.queue.length === 0 && this.forcePending.length === 0) return this.settleIdle();
    // Only fire-and-forget updates queued (typically a step's START while its body runs): let one
    // event-loop turn pass, so a body that finishes within it sends START and its result in one call.
    // The START still reaches the service at most one turn after the body began, so the history's
    // StepStarted time is the real start time.
    if (this.awaitedQueued === 0 && this.forcePending.length === 0 && !this.deferred) {
      this.deferred = true;
      this.schedule();
      return;
    }
    this.deferred = false;
    const batch = this.takeBatch();
    const forced = batch.length === 0 ? this.forcePending.splice(0) : [];
    this.inFlight = true;
    try {
      const response = await this.send(batch.map((b) => b.update), randomUUID());
      if (response.CheckpointToken) this.token = response.CheckpointToken;
      const changed = this.apply(response.NewExecutionState?.Operations);
      if (changed && this.plugin) {
        await this.plugin.onOperationChange({
          executionArn: this.arn,
          updatedOperations: toOperationInfoMap(changed),
          operations: toOperationInfoMap(this.operations),
        });
      }
      for (const item of batch) item.resolve();
      for (const resolve of forced) resolve();
      // A forced refresh is satisfied by any call made after it was asked for.
      if (batch.length > 0) for (const resolve of this.forcePending.splice(0)) resolve();
    } catch (error) {
      this.queue = [];
      this.awaitedQueued = 0;
      this.forcePending = [];
      const classified = classifyCheckpointError(error);
      this.failure ??= classified;
      this.termination.terminate({ reason: "CHECKPOINT_FAILED", message: classified.message, error: classified });
    } finally {
      this.inFlight = false;
    }
    if (this.queue.length > 0 || this.forcePending.length > 0) this.schedule();
    else this.settleIdle();
  }

  /**
   * One checkpoint call with its retries. Every retry carries the same ClientToken: if an earlier
   * attempt was applied but its response lost, the service recognises the retry and answers it
   * again instead of refusing the (now used) checkpoint token.
   */
  private async send(updates: OperationUpdate[], clientToken: string) {
    verboseLog("checkpoint", () => ({ updates: updates.map((u) => `${u.Type}:${u.Action}:${u.Id}`) }));
    const request = { DurableExecutionArn: this.arn, CheckpointToken: this.token, Updates: updates, ClientToken: clientToken };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.checkpoint(request, this.logger);
      } catch (error) {
        if (attempt >= CHECKPOINT_RETRIES || !isTransient(error) || this.terminating) throw error;
        await delay(CHECKPOINT_RETRY_BASE_MS * 2 ** attempt * (0.5 + Math.random() / 2));
      }
    }
  }

  /** Applies a response's operations; returns those whose status changed (only when a plugin listens). */
  private apply(operations: readonly unknown[] | undefined): Operation[] | undefined {
    if (!operations) return undefined;
    let changed: Operation[] | undefined;
    for (const raw of operations) {
      const op = normaliseOperation(raw as Operation);
      if (!op.Id) continue;
      const previous = this.operations.get(op.Id);
      this.operations.set(op.Id, op);
      if (previous?.Status !== op.Status) {
        this.wake(op);
        if (this.plugin) (changed ??= []).push(op);
      }
    }
    return changed;
  }

  private settleIdle(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
    this.evaluate();
  }

  // ---------------------------------------------------------------- status changes

  private wake(op: Operation): void {
    const set = this.waiters.get(op.Id!);
    if (!set) return;
    this.waiters.delete(op.Id!);
    for (const fn of set) fn(op);
  }

  /**
   * Resolves with the operation once its status differs from `status` (immediately if it already
   * does). While the invocation stays alive it polls: first at `firstPollAt` (or after 1 s), then
   * every min(n, 10) seconds.
   */
  waitForStatusChange(wireId: string, status: OperationStatus | undefined, firstPollAt?: Date): Promise<Operation> {
    const current = this.operations.get(wireId);
    if (current && current.Status !== status) return Promise.resolve(current);
    return new Promise<Operation>((resolve) => {
      let done = false;
      const set = this.waiters.get(wireId) ?? new Set();
      const finish = (op: Operation) => {
        if (done) return;
        done = true;
        set.delete(finish);
        resolve(op);
      };
      set.add(finish);
      this.waiters.set(wireId, set);
      let polls = 0;
      const poll = (at: number) => {
        const remaining = this.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY;
        const wait = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
        if (remaining - wait < 1000) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (done || this.terminating) return;
          // Node may fire a timer a few ms before Date.now() reaches its target; refreshing then
          // would find the operation unchanged and cost a whole poll interval.
          if (Date.now() < at) return poll(at);
          polls++;
          void this.forceRefresh().then(() => {
            if (done) return;
            const op = this.operations.get(wireId);
            if (op && op.Status !== status) finish(op);
            else poll(Date.now() + Math.min(polls, polls > 95 ? 60 : 10) * 1000);
          });
        }, wait);
        timer.unref?.();
        this.timers.add(timer);
      };
      poll(firstPollAt ? firstPollAt.getTime() : Date.now() + 1000);
    });
  }

  /**
   * Resolves with the operation once its status is one of `statuses` (immediately if it already is),
   * marking it awaited first so the invocation can suspend while it waits.
   */
  async waitUntil(rawId: string, wireId: string, statuses: ReadonlySet<string>): Promise<Operation> {
    let current = this.operations.get(wireId);
    if (current && statuses.has(current.Status!)) return current;
    this.markAwaited(rawId);
    do current = await this.waitForStatusChange(wireId, current?.Status ?? "STARTED");
    while (!statuses.has(current.Status!));
    return current;
  }

  // ---------------------------------------------------------------- lifecycle and suspension

  /** Records the lifecycle state of an operation and re-evaluates suspension (§5.3). */
  setState(rawId: string, wireId: string, subType: string | undefined, state: LifecycleState, endTime?: Date): void {
    const previous = this.tracked.get(rawId);
    if (previous === undefined && (state === "COMPLETED" || this.underFinishedAncestor(rawId))) return;
    if (previous?.state === "EXECUTING") this.executing--;
    if (state === "COMPLETED") {
      this.tracked.delete(rawId);
    } else {
      if (state === "EXECUTING") this.executing++;
      this.tracked.set(rawId, { rawId, wireId, subType, state, endTime });
    }
    if (state !== "IDLE_NOT_AWAITED") this.evaluate();
  }

  /** An idle operation is now awaited by user code. */
  markAwaited(rawId: string): void {
    const t = this.tracked.get(rawId);
    if (t && t.state === "IDLE_NOT_AWAITED") t.state = "IDLE_AWAITED";
    this.evaluate();
  }

  private cancelSuspendCheck(): void {
    if (this.suspendCheck) {
      clearImmediate(this.suspendCheck);
      this.suspendCheck = undefined;
    }
  }

  /** The reason to suspend now, or undefined while something can still make progress. */
  private suspendReason(): TerminationReason | undefined {
    if (this.terminating || this.inFlight || this.queue.length > 0 || this.forcePending.length > 0 || this.scheduled) return undefined;
    // Operations under a finished context no longer matter, and their checkpoints are dropped (so an
    // abandoned step stays EXECUTING forever): forget them before the EXECUTING rule, or they would
    // block suspension for the rest of the invocation.
    if (this.finishedChanged) {
      this.finishedChanged = false;
      for (const t of this.tracked.values()) {
        if (!this.underFinishedAncestor(t.rawId)) continue;
        if (t.state === "EXECUTING") this.executing--;
        this.tracked.delete(t.rawId);
      }
    }
    if (this.executing > 0) return undefined;
    let reason: TerminationReason | undefined;
    for (const t of this.tracked.values()) {
      if (t.state === "RETRY_WAITING" && t.subType === OperationSubType.STEP) return "RETRY_SCHEDULED";
      if (t.state === "RETRY_WAITING" || t.state === "IDLE_AWAITED" || t.state === "IDLE_NOT_AWAITED") {
        if (t.subType === OperationSubType.WAIT) reason = "WAIT_SCHEDULED";
        else reason ??= "CALLBACK_PENDING";
      }
    }
    return reason;
  }

  /**
   * Suspends when nothing can make progress: no queued or in-flight call, nothing executing, and at
   * least one operation waiting on the service. The decision is re-checked after one event-loop turn
   * (so a handler that is about to return wins) instead of after a fixed cooldown.
   */
  private evaluate(): void {
    if (this.suspendCheck || this.terminating) return;
    if (this.suspendReason() === undefined) return;
    this.suspendCheck = setImmediate(() => {
      this.suspendCheck = undefined;
      const reason = this.suspendReason();
      if (reason) this.termination.terminate({ reason, message: `Suspended: ${reason}` });
    });
  }

  /** Stops every poll timer (the invocation is returning). */
  dispose(): void {
    this.cancelSuspendCheck();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export { TERMINAL_STATUSES };
