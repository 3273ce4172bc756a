/**
 * The checkpoint manager: the queue of updates, batching into CheckpointDurableExecution calls (one
 * in flight at a time), the checkpoint-token flow and applying responses to the operation state. It
 * composes the parts that live beside it: retries (checkpoint-retry.ts), waiters woken by status
 * changes and polling (status-waiters.ts), finished child contexts (finished-contexts.ts) and the
 * suspension rule (suspension.ts) (see docs/guide/internals-replay.md#suspension and #checkpoint-queue).
 */
import { verbose, verboseLog } from "../logger/verbose.js";
import {
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type DurableExecutionClient,
  type DurableLogger,
  type Operation,
  FINISHING_ACTIONS,
  MAX_CHECKPOINT_CALL_BYTES,
  MAX_UPDATES_PER_CHECKPOINT,
  messageTerminationSuspended,
  OperationStatus,
  OperationSubType,
  type OperationUpdate,
  TerminationReason,
  type UnrecoverableError,
} from "../../generated/index.js";
import { builtin } from "../builtins.js";
import { normaliseOperation, TERMINAL_STATUSES } from "../execution/operations-state.js";
import type { TerminationManager } from "../execution/termination.js";
import { never } from "../execution/termination.js";
import { classifyCheckpointError } from "./classify.js";
// The real timers, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate, resolvedPromise, realClearImmediate as clearImmediate, realSetImmediate as setImmediate } from "../real-timers.js";
import { retryAfterFailure, type RetryOptions } from "./checkpoint-retry.js";
import { FinishedContexts } from "./finished-contexts.js";
import { StatusWaiters } from "./status-waiters.js";
import { SuspensionTracker, type LifecycleState, type TrackedOperation } from "./suspension.js";
import type { PluginRunner } from "../plugins/runner.js";
import { toOperationInfoMap, withLazyOperations } from "../plugins/info.js";

/** Size estimate of one update besides its payload and error (ids, type, action, options), in bytes. */
export const UPDATE_OVERHEAD_BYTES = 160;
/** Size estimate of a call besides its token and updates (ARN, ClientToken, JSON framing), in bytes. */
export const CALL_OVERHEAD_BYTES = 100;

export type { LifecycleState } from "./suspension.js";

/** An update as handlers queue it: raw ids, hashed just before sending. */
export interface PendingUpdate extends Omit<OperationUpdate, "Id" | "ParentId"> {
  /** Wire id of the enclosing context, already resolved by the context (virtual contexts re-parent). */
  ParentId?: string;
}

const noop = (): void => {};
/** A step's SubType, read once (#delivered compares every delivered update's with it). */
const STEP_SUBTYPE: string = OperationSubType.STEP;

/** The operation an update belongs to: its raw id (for the finished-context rule) and its wire Id (sent as `Id`). */
export interface UpdateOwner {
  readonly rawId: string;
  readonly wireId: string;
}

interface QueueItem {
  update: OperationUpdate;
  bytes: number;
  /** Whether the caller waits for this update (false for fire-and-forget updates such as a step's START). */
  awaited: boolean;
  resolve: () => void;
  /** Whether `resolve` is a continuation, run as a reaction of the update's promise would be (see `checkpoint`). */
  later: boolean | undefined;
}

/** A checkpoint call in flight: its updates' queue items, the forced refreshes it answers, its request (kept for retries) and when it was first tried. */
interface InFlightCall {
  batch: QueueItem[];
  forced: (() => void)[] | undefined;
  request: CheckpointDurableExecutionRequest;
  started: number;
}

export interface CheckpointManagerOptions {
  client: DurableExecutionClient;
  arn: string;
  token: string;
  operations: Map<string, Operation>;
  termination: TerminationManager;
  logger?: DurableLogger;
  /** Remaining time of the Lambda invocation; polling never arms timers beyond it, retries never sleep into its end. */
  remainingTimeMs?: () => number;
  /** Seconds a transiently failing call is retried for (default DURABLE_EXECUTION_DEFAULTS.checkpointRetryBudgetSeconds, see checkpoint-retry.ts). */
  retryBudgetSeconds?: number;
  /** Instrumentation plugins: told (onOperationChange) about operations whose status a response changed. */
  plugin?: PluginRunner;
}

/**
 * A ClientToken for each checkpoint call (kept across that call's retries, so the service can recognise a
 * retry): a random prefix drawn once per process and a counter, 38–45 characters, within the API's 64.
 * One UUID per call cost a random draw on every checkpoint, which shows in cold (unoptimised) runs.
 */
let clientTokenPrefix: string | undefined;
let clientTokenCount = 0;

/** The ClientToken of this process's checkpoint call number `count` (from 1). */
export function clientTokenFor(count: number): string {
  clientTokenPrefix ??= builtin("node:crypto").randomUUID();
  return `${clientTokenPrefix}-${count.toString(36)}`;
}

/**
 * Payloads up to this many UTF-16 code units (most step results) are not measured: they count three
 * bytes per unit, the most UTF-8 takes, since a call to Buffer.byteLength per step shows in a cold
 * start. A full call of such payloads is then overestimated by at most MAX_UPDATES_PER_CHECKPOINT × 2 × 64 B
 * = 32 KB, about 4% of MAX_CHECKPOINT_CALL_BYTES: a call may be cut that little earlier, never later.
 */
const UNMEASURED_PAYLOAD_LENGTH = 64;

/** A payload's size toward MAX_CHECKPOINT_CALL_BYTES: its UTF-8 length, or its upper bound when short (see above). */
const payloadBytes = (payload: string): number =>
  payload.length > UNMEASURED_PAYLOAD_LENGTH ? Buffer.byteLength(payload) : payload.length * 3;

/**
 * Microtask turns in a row in which nothing new is queued, after which the burst of code that queued the
 * updates counts as over and the call goes out (`#settle`). The SDK's own chains fit inside it: a step
 * whose body returns without waiting queues its result within three turns of its START, and contexts that
 * finish together (a map's last item, the map, the item of an enclosing map that awaited it) queue theirs
 * within it too. A context's outcome reaches its caller as many turns late as on the reference
 * (CHILD_RESULT_TURNS, BATCH_RESULT_TURNS), up to eighteen turns between two updates of one cascade; the
 * turns that only pass an outcome on hold the queue ({@link CheckpointManager.held}) and do not count as
 * quiet. So operations started together and the contexts that finish together share a call, as they did
 * when the queue waited for the whole microtask queue to drain, without every step's call waiting longer.
 * Only user code that idles this long or longer between two operations of one burst sees its second one
 * ride the next call (the reference, which sends once per event-loop turn, would take it along). Waiting
 * for the drain needs a `process.nextTick` queued from a microtask: in a fresh process replacing it cut
 * ours' instructions for 1000 steps by 9–11% (BENCHMARKS.md, thirtieth session); a turn here is one
 * promise reaction. (Twenty turns instead of the hold cost a cold 1000-step run about 2 ms of main-thread
 * time on Node 24; BENCHMARKS.md, thirty-third session.)
 */
export const QUIET_TURNS = 10;

export class CheckpointManager {
  token: string;
  /** The first checkpoint failure, kept even when the invocation was already ending for another reason. */
  failure: UnrecoverableError | undefined;
  readonly #client: DurableExecutionClient;
  readonly #arn: string;
  readonly #operations: Map<string, Operation>;
  readonly #termination: TerminationManager;
  readonly #logger?: DurableLogger;
  /** The retry options of every call (built once). */
  readonly #retryOptions: RetryOptions;
  readonly #plugin?: PluginRunner;
  #queue: QueueItem[] = [];
  #scheduled = false;
  /** While `#settle` waits: the queue's length at its last turn, and the quiet turns since it changed (a refresh asked for meanwhile adds no update to wait for). */
  #settleLength = 0;
  #quietTurns = 0;
  /**
   * How many outcomes are being passed on through extra turns (operations/common.ts `turns`); while any
   * is, no turn counts as quiet. A plain field: hold()/release() methods measured 42 B more in the
   * bundle budget (bench/size.ts) for no change in behaviour.
   */
  held = 0;
  #forcePending: (() => void)[] = [];
  #terminating = false;
  readonly #finished = new FinishedContexts();
  readonly #suspension = new SuspensionTracker(this.#finished);
  readonly #statusWaiters: StatusWaiters;
  readonly #drainWaiters: (() => void)[] = [];
  #suspendCheck: NodeJS.Immediate | undefined;
  /** How many queued updates someone waits for; a queue of only fire-and-forget updates may wait a turn. */
  #awaitedQueued = 0;
  /** Whether the processor already let one turn pass for a queue of only fire-and-forget updates. */
  #deferred = false;
  /** The call in flight, if any (one at a time; see `#process`). */
  #call: InFlightCall | undefined;

  constructor(options: CheckpointManagerOptions) {
    this.#client = options.client;
    this.#arn = options.arn;
    this.token = options.token;
    this.#operations = options.operations;
    this.#termination = options.termination;
    this.#logger = options.logger;
    this.#retryOptions = { budgetSeconds: options.retryBudgetSeconds, stop: () => this.#terminating, remainingTimeMs: options.remainingTimeMs };
    this.#statusWaiters = new StatusWaiters({
      operations: this.#operations,
      refresh: () => this.forceRefresh(),
      terminating: () => this.#terminating,
      remainingTimeMs: options.remainingTimeMs,
    });
    this.#plugin = options.plugin;
    this.#termination.onTerminate(() => {
      this.#terminating = true;
      this.#cancelSuspendCheck();
    });
  }

  getOperation(wireId: string): Operation | undefined {
    return this.#operations.get(wireId);
  }

  /** {@link getOperation} for an operation this invocation started: its record as the service last reported it. */
  recordOf(op: { readonly wireId: string }): Operation | undefined {
    return this.getOperation(op.wireId);
  }

  // ---------------------------------------------------------------- queue

  /**
   * Queues an update. Resolves once the call that carried it succeeded and its response was applied.
   * Never settles when the invocation is ending or an ancestor context already finished.
   */
  checkpoint(op: UpdateOwner, update: PendingUpdate): Promise<void>;
  /**
   * The same, with `then` run instead in the microtask a reaction to the returned promise would take
   * (`checkpoint(op, update).then(then)`) and never when it would never settle: no promise, executor or
   * resolving functions for each update (a step's SUCCEED). `then` must not throw.
   */
  checkpoint(op: UpdateOwner, update: PendingUpdate, then: () => void): void;
  checkpoint(op: UpdateOwner, update: PendingUpdate, then?: () => void): Promise<void> | void {
    if (this.#terminating || (this.#finished.any && this.#finished.hasFinishedAncestor(op.rawId))) return never();
    (update as OperationUpdate).Id = op.wireId;
    if (then) return this.#queueItem(update as OperationUpdate, true, then, true);
    return new Promise((resolve) => this.#queueItem(update as OperationUpdate, true, resolve));
  }

  /**
   * Queues an update nobody waits for (a step's or context's START, a context's result). It still goes
   * out before the invocation ends; when only such updates are queued, the call waits one event-loop
   * turn for an awaited update to ride along (see `#process`).
   */
  enqueue(op: UpdateOwner, update: PendingUpdate): void {
    if (this.#terminating || (this.#finished.any && this.#finished.hasFinishedAncestor(op.rawId))) return;
    (update as OperationUpdate).Id = op.wireId;
    this.#queueItem(update as OperationUpdate, false, noop);
  }

  /**
   * Queues an update (`awaited`: someone waits for `resolve`) and arranges for the queue to be sent.
   * A handler's update is the caller's fresh draft (every handler builds one per call with the
   * generated builders), completed in place with its wire Id before it gets here: the Id lands last,
   * as a copy with it appended would put it, so the request bytes are the same. The scheduling is
   * written out here, not in a helper, because every step passes through twice.
   */
  #queueItem(update: OperationUpdate, awaited: boolean, resolve: () => void, later?: boolean): void {
    const payload = update.Payload;
    this.#queue.push({
      update,
      bytes: UPDATE_OVERHEAD_BYTES + (payload ? payloadBytes(payload) : 0) + (update.Error ? Buffer.byteLength(JSON.stringify(update.Error)) : 0),
      awaited,
      resolve,
      later,
    });
    if (awaited) this.#awaitedQueued++;
    if (this.#suspendCheck) this.#cancelSuspendCheck();
    if (!this.#scheduled && !this.#call) {
      this.#scheduled = true;
      this.#settleThenProcess();
    }
  }

  /** Sends a call with no updates to refresh the operation state (used by polling). */
  forceRefresh(): Promise<void> {
    if (this.#terminating) return never();
    return new Promise<void>((resolve) => {
      this.#forcePending.push(resolve);
      this.#schedule();
    });
  }

  /** Records that a child context finished: later updates of operations under it are dropped. */
  markFinished(rawId: string): void {
    this.#finished.add(rawId);
  }

  /** Resolves when nothing is queued and no call is in flight. */
  drain(): Promise<void> {
    if (!this.#call && this.#queue.length === 0 && this.#forcePending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /**
   * Arranges for `#process` to run: once the current burst of synchronous code and promise
   * continuations is over (so the updates of operations started together ride in one call), or —
   * `nextTurn` — after one event-loop turn (see `#process`).
   */
  #schedule(nextTurn = false): void {
    if (this.#scheduled || this.#call) return;
    this.#scheduled = true;
    if (nextTurn) setImmediate(this.#process);
    else this.#settleThenProcess();
  }

  /** Runs `#process` once the current burst is over (see `#settle`). */
  #settleThenProcess(): void {
    this.#settleLength = this.#queue.length;
    this.#quietTurns = 0;
    void resolvedPromise.then(this.#settle);
  }

  #takeBatch(): QueueItem[] {
    const queue = this.#queue;
    const length = queue.length;
    let bytes = this.token.length + CALL_OVERHEAD_BYTES;
    let count = 0;
    while (count < length && count < MAX_UPDATES_PER_CHECKPOINT) {
      const next = queue[count]!.bytes;
      if (count > 0 && bytes + next > MAX_CHECKPOINT_CALL_BYTES) break;
      bytes += next;
      count++;
    }
    // Usually the whole queue goes: hand it over instead of copying it.
    let batch: QueueItem[];
    if (count === length) {
      batch = queue;
      this.#queue = [];
    } else batch = queue.splice(0, count);
    let awaited = 0;
    for (let i = 0; i < batch.length; i++) if (batch[i]!.awaited) awaited++;
    this.#awaitedQueued -= awaited;
    return batch;
  }

  /**
   * Sends the next batch. Written as promise continuations, not an async function, so a cold start
   * does not pay for compiling it (docs/guide/internals-replay.md, "Why the hot path has no async
   * functions"); each `then` takes the turn an `await` took. The continuations are created once per
   * manager and the call's state lives in `#call` (one call is in flight at a time).
   */
  readonly #process = (): void => {
    this.#scheduled = false;
    if (this.#call) return;
    const forcePending = this.#forcePending;
    if (this.#queue.length === 0 && forcePending.length === 0) return this.#settleIdle();
    // Only fire-and-forget updates queued (typically a step's START while its body runs): let one
    // event-loop turn pass, so a body that finishes within it sends START and its result in one call.
    // The START still reaches the service at most one turn after the body began, so the history's
    // StepStarted time is the real start time.
    if (this.#awaitedQueued === 0 && forcePending.length === 0 && !this.#deferred) {
      this.#deferred = true;
      this.#schedule(true);
      return;
    }
    this.#deferred = false;
    const batch = this.#takeBatch();
    const forced = batch.length === 0 ? forcePending.splice(0) : undefined;
    let sent: Promise<CheckpointDurableExecutionResponse>;
    try {
      const updates: OperationUpdate[] = new Array(batch.length);
      for (let i = 0; i < batch.length; i++) updates[i] = batch[i]!.update;
      if (verbose) verboseLog("checkpoint", () => ({ updates: updates.map((u) => `${u.Type}:${u.Action}:${u.Id}`) }));
      // Every retry carries the same ClientToken: if an earlier attempt was applied but its response
      // was lost, the service recognises the retry and answers it again instead of refusing the (now
      // used) checkpoint token. The first try is made here, the retries only after a failure.
      const request = { DurableExecutionArn: this.#arn, CheckpointToken: this.token, Updates: updates, ClientToken: clientTokenFor(++clientTokenCount) };
      this.#call = { batch, forced, request, started: RealDate.now() };
      try {
        sent = this.#client.checkpoint(request, this.#logger);
      } catch (error) {
        return this.#retryCall(error);
      }
    } catch (error) {
      return this.#callFailed(error);
    }
    // `Promise.resolve` is what `await` applies to the client's answer (which may be any thenable).
    Promise.resolve(sent).then(this.#received, this.#retryCall);
  };

  /**
   * One microtask turn of the wait for the current burst to end: runs `#process` once QUIET_TURNS turns
   * in a row queued nothing new, else takes another turn. Only promise reactions, so a test's fake
   * timers (which may replace `setImmediate` and `process.nextTick`) cannot stall it.
   */
  readonly #settle = (): void => {
    const length = this.#queue.length;
    if (length !== this.#settleLength || this.held) {
      this.#settleLength = length;
      this.#quietTurns = 0;
    } else if (++this.#quietTurns === QUIET_TURNS) return this.#process();
    void resolvedPromise.then(this.#settle);
  };

  /** The first try of the call in flight failed: retried while the error is transient (checkpoint-retry.ts). */
  readonly #retryCall = (error: unknown): void => {
    const { request, started } = this.#call!;
    retryAfterFailure(error, started, () => this.#client.checkpoint(request, this.#logger), this.#retryOptions).then(this.#received, this.#callFailed);
  };

  /** The call in flight was answered: applies the response, tells plugins, then resolves the batch's waiters. */
  readonly #received = (response: CheckpointDurableExecutionResponse): void => {
    try {
      if (response.CheckpointToken) this.token = response.CheckpointToken;
      const plugin = this.#plugin;
      const changed = this.#apply(response.NewExecutionState?.Operations, plugin !== undefined);
      const onChange = plugin?.onOperationChange;
      if (changed && onChange) {
        const told = onChange(withLazyOperations({ executionArn: this.#arn, updatedOperations: toOperationInfoMap(changed) }, this.#operations));
        Promise.resolve(told).then(this.#delivered, this.#callFailed);
        return;
      }
    } catch (error) {
      return this.#callFailed(error);
    }
    this.#delivered();
  };

  readonly #delivered = (): void => {
    // Nothing here throws: the resolvers are promises' own (fire-and-forget items have none to call).
    const { batch, forced } = this.#call!;
    // A plain step's SUCCEED or FAIL record is not kept without plugins: nothing reads it again in this
    // invocation (ids never repeat; only plugin hooks look back), so an invocation running many steps
    // holds no copy of each one's result.
    const forget = !this.#plugin;
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i]!;
      const update = item.update;
      if (forget && update.SubType === STEP_SUBTYPE && FINISHING_ACTIONS.has(update.Action!)) this.#operations.delete(update.Id!);
      // Resolving a promise queues its reaction now; `resolvedPromise.then` queues a continuation at the
      // same place. A fire-and-forget item's `resolve` is a no-op.
      if (item.later) void resolvedPromise.then(item.resolve);
      else item.resolve();
    }
    if (forced) for (const resolve of forced) resolve();
    // A forced refresh is satisfied by any call made after it was asked for.
    if (batch.length > 0 && this.#forcePending.length > 0) for (const resolve of this.#forcePending.splice(0)) resolve();
    this.#callDone();
  };

  /** The call failed for good (or applying its answer threw): the invocation ends with CHECKPOINT_FAILED. */
  readonly #callFailed = (error: unknown): void => {
    try {
      this.#queue = [];
      this.#awaitedQueued = 0;
      this.#forcePending = [];
      const classified = classifyCheckpointError(error);
      this.failure ??= classified;
      this.#termination.terminate({ reason: TerminationReason.CHECKPOINT_FAILED, message: classified.message, error: classified });
    } finally {
      this.#callDone();
    }
  };

  #callDone(): void {
    this.#call = undefined;
    if (this.#queue.length > 0 || this.#forcePending.length > 0) this.#schedule();
    else this.#settleIdle();
  }

  /** Applies a response's operations; returns those whose status changed when `listening` (a plugin is registered). */
  #apply(operations: readonly unknown[] | undefined, listening: boolean): Operation[] | undefined {
    if (!operations) return undefined;
    const known = this.#operations;
    let changed: Operation[] | undefined;
    for (let i = 0; i < operations.length; i++) {
      const op = normaliseOperation(operations[i] as Operation);
      const id = op.Id;
      if (!id) continue;
      const previous = known.get(id);
      known.set(id, op);
      if (previous?.Status !== op.Status) {
        this.#statusWaiters.wake(op);
        if (listening) (changed ??= []).push(op);
      }
    }
    return changed;
  }

  #settleIdle(): void {
    if (this.#drainWaiters.length > 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
    this.#evaluate();
  }

  // ---------------------------------------------------------------- status changes

  /**
   * Resolves with the operation once its status differs from `status` (immediately if it already
   * does). While the invocation stays alive it polls: first at `firstPollAt` (or after 1 s), then
   * every min(n, 10) seconds.
   */
  waitForStatusChange(wireId: string, status: OperationStatus | undefined, firstPollAt?: Date): Promise<Operation> {
    return this.#statusWaiters.waitForChange(wireId, status, firstPollAt);
  }

  /**
   * Resolves with the operation once its status is one of `statuses` (immediately if it already is),
   * marking it awaited first so the invocation can suspend while it waits.
   */
  async waitUntil(rawId: string, wireId: string, statuses: ReadonlySet<string>): Promise<Operation> {
    let current = this.#operations.get(wireId);
    if (current && statuses.has(current.Status!)) return current;
    this.markAwaited(rawId);
    do current = await this.waitForStatusChange(wireId, current?.Status ?? OperationStatus.STARTED);
    while (!statuses.has(current.Status!));
    return current;
  }

  // ---------------------------------------------------------------- lifecycle and suspension

  /** Records the lifecycle state of an operation and re-evaluates suspension (see docs/guide/internals-replay.md#suspension). */
  setState(op: TrackedOperation, state: LifecycleState): void {
    if (this.#suspension.set(op, state)) this.#evaluate();
  }

  /** The operation is done (`setState(op, "COMPLETED")`, the state every operation ends in). */
  complete(op: TrackedOperation): void {
    this.setState(op, "COMPLETED");
  }

  /** An idle operation is now awaited by user code. */
  markAwaited(rawId: string): void {
    this.#suspension.markAwaited(rawId);
    this.#evaluate();
  }

  #cancelSuspendCheck(): void {
    if (this.#suspendCheck) {
      clearImmediate(this.#suspendCheck);
      this.#suspendCheck = undefined;
    }
  }

  /** The reason to suspend now, or undefined while something can still make progress. */
  #suspendReason(): TerminationReason | undefined {
    if (this.#terminating || this.#call || this.#queue.length > 0 || this.#forcePending.length > 0 || this.#scheduled) return undefined;
    return this.#suspension.reason();
  }

  /**
   * Suspends when nothing can make progress: no queued or in-flight call, nothing executing, and at
   * least one operation waiting on the service. The decision is re-checked after one event-loop turn
   * (so a handler that is about to return wins) instead of after a fixed cooldown.
   */
  #evaluate(): void {
    if (this.#suspendCheck || this.#terminating || this.#suspension.idle) return;
    if (this.#suspendReason() === undefined) return;
    this.#suspendCheck = setImmediate(() => {
      this.#suspendCheck = undefined;
      const reason = this.#suspendReason();
      if (reason) this.#termination.terminate({ reason, message: messageTerminationSuspended(reason) });
    });
  }

  /** Stops every poll timer (the invocation is returning). */
  dispose(): void {
    this.#cancelSuspendCheck();
    this.#statusWaiters.dispose();
  }
}

export { TERMINAL_STATUSES };
