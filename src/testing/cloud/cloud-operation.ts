/**
 * `DurableOperation` of the cloud test runner: a lookup (id, name + index, or index) read live from
 * the history the runner polls, that can wait for a status and complete callbacks through the
 * Lambda API (SendDurableExecutionCallbackSuccess / Failure / Heartbeat).
 */
import { OperationType, describeReceived, type ErrorObject, type Operation } from "../../generated/index.js";
import { callbackResultText, isCompletedStatus, normalizeCallbackError } from "../convert.js";
import { OperationNotFoundError, TestRunnerUsageError } from "../errors.js";
import { describeSelector, type Selector } from "../run-view.js";
import {
  WaitingOperationStatus,
  type CallbackSuccessResult,
  type DurableOperation,
  type SendCallbackResponse,
} from "../types.js";
import type { HistoryIndex } from "./history-index.js";
import { OperationReader, isWaitForCallback } from "../operation-reader.js";

const WAITING_STATUSES: readonly string[] = Object.values(WaitingOperationStatus);

/**
 * The three callback calls, as the runner sends them (over its Lambda client).
 *
 * @example
 * ```ts
 * const sender: CallbackSender = {
 *   success: async (id, result) => void (await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: id, Result: result }))),
 *   failure: async (id, error) => void (await client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: id, Error: error }))),
 *   heartbeat: async (id) => void (await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: id }))),
 * };
 * ```
 */
export interface CallbackSender {
  success(callbackId: string, result: Uint8Array | undefined): Promise<void>;
  failure(callbackId: string, error: ErrorObject | undefined): Promise<void>;
  heartbeat(callbackId: string): Promise<void>;
}

interface Waiter {
  readonly index: HistoryIndex | undefined;
  check(): boolean;
  resolve(): void;
  fail(): void;
}

/**
 * What the lookups of one runner share until `reset()`: the history of the current run, the
 * pending `waitForData` promises, how callbacks are sent, and whether waiting is possible at all.
 *
 * @example
 * ```ts
 * const session = new CloudSession(sender, undefined);
 * session.index = new HistoryIndex();
 * const op = new CloudOperation(session, { kind: "name", name: "approval", index: 0 });
 * ```
 */
export class CloudSession {
  index: HistoryIndex | undefined;
  private readonly waiters = new Set<Waiter>();

  constructor(
    readonly callbacks: CallbackSender,
    /** Why waitForData cannot work with this runner's invocation type, or undefined when it can. */
    readonly cannotWait: string | undefined,
  ) {}

  add(waiter: Waiter): void {
    if (waiter.check()) waiter.resolve();
    else if ((waiter.index ?? this.index)?.outcome) waiter.fail();
    else this.waiters.add(waiter);
  }

  /** New history arrived: settle the waiters it satisfies. */
  recheck(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** The run of `index` ended (or failed): settle what it satisfied, reject the rest. */
  finish(index: HistoryIndex): void {
    this.recheck();
    for (const waiter of [...this.waiters]) {
      if ((waiter.index ?? this.index) !== index) continue;
      this.waiters.delete(waiter);
      waiter.fail();
    }
  }
}

/**
 * An operation of a remote execution, read from the polled history.
 *
 * @example
 * ```ts
 * const approval = new CloudOperation(session, { kind: "name", name: "approval", index: 0 });
 * await approval.waitForData(WaitingOperationStatus.SUBMITTED);
 * await approval.sendCallbackSuccess('"yes"');
 * ```
 */
export class CloudOperation<TResult = any> extends OperationReader<TResult, HistoryIndex> implements DurableOperation<TResult> {
  /**
   * @param session the runner's session
   * @param selector how the operation is found
   * @param fixedIndex the history to read (operations of a TestResult); default: the session's current run
   */
  constructor(
    private readonly session: CloudSession,
    protected readonly selector: Selector,
    private readonly fixedIndex?: HistoryIndex,
  ) {
    super();
  }

  protected locateIn(): { graph: HistoryIndex; id: string } | undefined {
    const at = this.locate();
    return at && { graph: at.index, id: at.id };
  }

  protected handleFor(id: string, index: HistoryIndex): DurableOperation {
    return new CloudOperation(this.session, { kind: "id", id }, index);
  }

  private index(): HistoryIndex | undefined {
    return this.fixedIndex ?? this.session.index;
  }

  private locate(): { index: HistoryIndex; id: string } | undefined {
    const index = this.index();
    if (!index) return undefined;
    const { selector } = this;
    const id =
      selector.kind === "id"
        ? index.has(selector.id)
          ? selector.id
          : undefined
        : selector.kind === "name"
          ? index.idByName(selector.name, selector.index)
          : index.idByIndex(selector.index);
    return id === undefined ? undefined : { index, id };
  }

  // ------------------------------------------------------------------ waiting

  waitForData(status: WaitingOperationStatus = WaitingOperationStatus.STARTED): Promise<DurableOperation<TResult>> {
    if (this.session.cannotWait !== undefined) return Promise.reject(new TestRunnerUsageError(this.session.cannotWait));
    if (!WAITING_STATUSES.includes(status)) {
      return Promise.reject(
        new TestRunnerUsageError(`waitForData(status): status must be one of ${WAITING_STATUSES.join(", ")} (received ${describeReceived(status)})`),
      );
    }
    return new Promise<DurableOperation<TResult>>((resolve, reject) => {
      this.session.add({
        index: this.fixedIndex,
        check: () => this.hasReached(status),
        resolve: () => resolve(this),
        fail: () => reject(this.notReached(status)),
      });
    });
  }

  /** WaitingOperationStatus semantics: SUBMITTED of a waitForCallback context = its submitter step finished. */
  private hasReached(status: WaitingOperationStatus): boolean {
    const at = this.locate();
    const op = at && at.index.peek(at.id);
    if (!at || !op) return false;
    if (!isWaitForCallback(op) || isCompletedStatus(op.Status)) {
      return status === WaitingOperationStatus.STARTED || isCompletedStatus(op.Status);
    }
    let callback: Readonly<Operation> | undefined;
    let submitter: Readonly<Operation> | undefined;
    for (const childId of at.index.childrenOf(at.id)) {
      const child = at.index.peek(childId);
      if (child?.Type === OperationType.CALLBACK) callback ??= child;
      else if (child?.Type === OperationType.STEP) submitter ??= child;
    }
    const callbackDone = isCompletedStatus(callback?.Status);
    if (status === WaitingOperationStatus.STARTED) return callback !== undefined;
    if (status === WaitingOperationStatus.SUBMITTED) return callbackDone || isCompletedStatus(submitter?.Status);
    return callbackDone;
  }

  private notReached(status: WaitingOperationStatus): OperationNotFoundError {
    const what = `the operation ${describeSelector(this.selector)}`;
    const outcome = this.index()?.outcome;
    const ended = outcome ? `the execution finished (${outcome.status})` : "the run ended";
    const op = this.peek();
    if (!op) {
      return new OperationNotFoundError(
        `waitForData(${status}): ${what} was never started before ${ended}. Check the name/index, or whether the handler reaches that operation.`,
      );
    }
    return new OperationNotFoundError(`waitForData(${status}): ${what} did not reach ${status} before ${ended}; its status is ${op.Status}.`);
  }

  // ------------------------------------------------------------------ data








  // ------------------------------------------------------------------ identity







  // ------------------------------------------------------------------ callbacks

  async sendCallbackSuccess(result?: CallbackSuccessResult): Promise<SendCallbackResponse> {
    const text = callbackResultText(result);
    const callbackId = this.callbackIdForSend("sendCallbackSuccess");
    await this.session.callbacks.success(callbackId, text === undefined ? undefined : new TextEncoder().encode(text));
    return {};
  }

  async sendCallbackFailure(error?: ErrorObject): Promise<SendCallbackResponse> {
    const normalized = normalizeCallbackError(error);
    const callbackId = this.callbackIdForSend("sendCallbackFailure");
    await this.session.callbacks.failure(callbackId, normalized);
    return {};
  }

  async sendCallbackHeartbeat(): Promise<SendCallbackResponse> {
    const callbackId = this.callbackIdForSend("sendCallbackHeartbeat");
    await this.session.callbacks.heartbeat(callbackId);
    return {};
  }

  private callbackIdForSend(method: string): string {
    const callback = this.callbackOperation(method);
    const callbackId = callback?.CallbackDetails?.CallbackId;
    if (callbackId === undefined) {
      throw new OperationNotFoundError(
        `${method}(): the operation ${describeSelector(this.selector)} has no callback data yet; await waitForData() (with config.invocationType "Event") before sending its callback`,
      );
    }
    return callbackId;
  }
}
