/**
 * `DurableOperation`: a lookup of one operation (by id, name + index, or index). It reads the
 * operation live from the run it is bound to, so a lookup made before `run()` fills in as the
 * execution progresses, and it can wait for a status and complete callbacks.
 */
import { OperationSubType, OperationType, type ErrorObject, type Operation, type OperationStatus } from "../../generated/index.js";
import type { HistoryEvent } from "../history.js";
import { isCompletedStatus, normalizeCallbackError, parsePayload, toTestResultError } from "./convert.js";
import { OperationNotFoundError, OperationTypeMismatchError, TestRunnerUsageError, describeValue } from "./errors.js";
import { describeSelector, type RunnerSession, type RunView, type Selector } from "./run-view.js";
import {
  WaitingOperationStatus,
  type CallbackDetails,
  type ChainedInvokeDetails,
  type ContextDetails,
  type DurableOperation,
  type SendCallbackResponse,
  type StepDetails,
  type WaitResultDetails,
} from "./types.js";

const WAITING_STATUSES: readonly string[] = Object.values(WaitingOperationStatus);

function isWaitForCallback(op: Readonly<Operation> | undefined): boolean {
  return op?.Type === OperationType.CONTEXT && op.SubType === OperationSubType.WAIT_FOR_CALLBACK;
}

interface Located {
  view: RunView;
  id: string;
}

export class OperationHandle<TResult = any> implements DurableOperation<TResult> {
  /**
   * @param session the runner session (its current run, its waiters)
   * @param selector how the operation is found
   * @param fixedView the run to read (operations of a TestResult); default: the session's current run
   */
  constructor(
    private readonly session: RunnerSession,
    private readonly selector: Selector,
    private readonly fixedView?: RunView,
  ) {}

  // ------------------------------------------------------------------ waiting

  waitForData(status: WaitingOperationStatus = WaitingOperationStatus.STARTED): Promise<DurableOperation<TResult>> {
    if (!WAITING_STATUSES.includes(status)) {
      return Promise.reject(
        new TestRunnerUsageError(
          `waitForData(status): status must be one of ${WAITING_STATUSES.join(", ")} (received ${describeValue(status)})`,
        ),
      );
    }
    return new Promise<DurableOperation<TResult>>((resolve, reject) => {
      this.session.add({
        view: this.fixedView,
        check: () => this.hasReached(status),
        resolve: () => {
          const at = this.locate();
          at?.view.engage(at.id);
          resolve(this);
        },
        fail: (view) => reject(this.notReached(status, view)),
      });
    });
  }

  /** Whether the operation reached `status` (WaitingOperationStatus semantics). */
  private hasReached(status: WaitingOperationStatus): boolean {
    const at = this.locate();
    const op = at && at.view.peek(at.id);
    if (!at || !op) return false;
    if (!isWaitForCallback(op) || isCompletedStatus(op.Status)) {
      return status === WaitingOperationStatus.STARTED || isCompletedStatus(op.Status);
    }
    let callback: Readonly<Operation> | undefined;
    let submitter: Readonly<Operation> | undefined;
    for (const childId of at.view.childrenOf(at.id)) {
      const child = at.view.peek(childId);
      if (child?.Type === OperationType.CALLBACK) callback ??= child;
      else if (child?.Type === OperationType.STEP) submitter ??= child;
    }
    const callbackDone = isCompletedStatus(callback?.Status);
    switch (status) {
      case WaitingOperationStatus.STARTED:
        return callback !== undefined;
      case WaitingOperationStatus.SUBMITTED:
        return callbackDone || isCompletedStatus(submitter?.Status);
      default:
        return callbackDone;
    }
  }

  private notReached(status: WaitingOperationStatus, view: RunView): OperationNotFoundError {
    const what = `the operation ${describeSelector(this.selector)}`;
    const execution = `the execution finished (${view.status()})`;
    const at = this.locate();
    const op = at && at.view.peek(at.id);
    if (!op) {
      return new OperationNotFoundError(
        `waitForData(${status}): ${what} was never started before ${execution}. Check the name/index, or whether the handler reaches that operation.`,
      );
    }
    return new OperationNotFoundError(
      `waitForData(${status}): ${what} did not reach ${status} before ${execution}; its status is ${op.Status}.`,
    );
  }

  // ------------------------------------------------------------------ data

  private view(): RunView | undefined {
    return this.fixedView ?? this.session.view;
  }

  private locate(): Located | undefined {
    const view = this.view();
    const id = view?.resolve(this.selector);
    return view && id !== undefined ? { view, id } : undefined;
  }

  private peek(): Readonly<Operation> | undefined {
    const at = this.locate();
    return at && at.view.peek(at.id);
  }

  getOperationData(): Operation | undefined {
    const at = this.locate();
    return at && at.view.operation(at.id);
  }

  getEvents(): HistoryEvent[] | undefined {
    const at = this.locate();
    return at && at.view.eventsOf(at.id);
  }

  getChildOperations(): DurableOperation[] | undefined {
    const at = this.locate();
    if (!at) return undefined;
    return at.view.childrenOf(at.id).map((id) => new OperationHandle(this.session, { kind: "id", id }, at.view));
  }

  /** The operation, checked to be of `type`; undefined while there is no data. */
  private typed(method: string, type: OperationType): Operation | undefined {
    const op = this.getOperationData();
    if (op && op.Type !== type) throw this.mismatch(method, op, `a ${type}`);
    return op;
  }

  private mismatch(method: string, op: Readonly<Operation>, expected: string): OperationTypeMismatchError {
    const subType = op.SubType ? ` (${op.SubType})` : "";
    return new OperationTypeMismatchError(`${method}(): the operation ${describeSelector(this.selector)} is a ${op.Type}${subType}, not ${expected}`);
  }

  getContextDetails(): ContextDetails<TResult> | undefined {
    const op = this.typed("getContextDetails", OperationType.CONTEXT);
    if (!op) return undefined;
    return { result: parsePayload<TResult>(op.ContextDetails?.Result), error: toTestResultError(op.ContextDetails?.Error) };
  }

  getStepDetails(): StepDetails<TResult> | undefined {
    const op = this.typed("getStepDetails", OperationType.STEP);
    if (!op) return undefined;
    const details = op.StepDetails;
    return {
      attempt: details?.Attempt,
      nextAttemptTimestamp: details?.NextAttemptTimestamp,
      result: parsePayload<TResult>(details?.Result),
      error: toTestResultError(details?.Error),
    };
  }

  getChainedInvokeDetails(): ChainedInvokeDetails<TResult> | undefined {
    const op = this.typed("getChainedInvokeDetails", OperationType.CHAINED_INVOKE);
    if (!op) return undefined;
    return { result: parsePayload<TResult>(op.ChainedInvokeDetails?.Result), error: toTestResultError(op.ChainedInvokeDetails?.Error) };
  }

  getWaitDetails(): WaitResultDetails | undefined {
    const op = this.typed("getWaitDetails", OperationType.WAIT);
    if (!op) return undefined;
    const started = this.getEvents()?.find((event) => event.WaitStartedDetails)?.WaitStartedDetails;
    return {
      waitSeconds: started?.Duration,
      scheduledEndTimestamp: started?.ScheduledEndTimestamp ?? op.WaitDetails?.ScheduledEndTimestamp,
    };
  }

  getCallbackDetails(): CallbackDetails<TResult> | undefined {
    const callback = this.callbackOperation("getCallbackDetails");
    if (!callback) return undefined;
    const details = callback.CallbackDetails;
    return {
      callbackId: details!.CallbackId!,
      error: toTestResultError(details?.Error),
      result: parsePayload<TResult>(details?.Result),
    };
  }

  /** The CALLBACK operation itself, or the callback of a waitForCallback context. */
  private callbackOperation(method: string): Operation | undefined {
    const at = this.locate();
    const op = at && at.view.operation(at.id);
    if (!at || !op) return undefined;
    if (op.Type === OperationType.CALLBACK) return op;
    if (!isWaitForCallback(op)) throw this.mismatch(method, op, "a CALLBACK or a waitForCallback context");
    for (const childId of at.view.childrenOf(at.id)) {
      const child = at.view.operation(childId);
      if (child?.Type === OperationType.CALLBACK) return child;
    }
    throw new OperationNotFoundError(
      `${method}(): the waitForCallback context ${describeSelector(this.selector)} has not created its callback yet; await waitForData(WaitingOperationStatus.STARTED) first`,
    );
  }

  // ------------------------------------------------------------------ identity

  getId(): string | undefined {
    return this.peek()?.Id;
  }

  getParentId(): string | undefined {
    return this.peek()?.ParentId;
  }

  getName(): string | undefined {
    return this.peek()?.Name;
  }

  getType(): OperationType | undefined {
    return this.peek()?.Type;
  }

  getSubType(): OperationSubType | undefined {
    // The service stores the subtype the SDK sent: one of OperationSubType's values.
    return this.peek()?.SubType as OperationSubType | undefined;
  }

  getStatus(): OperationStatus | undefined {
    return this.peek()?.Status;
  }

  getStartTimestamp(): Date | undefined {
    const time = this.peek()?.StartTimestamp;
    return time && new Date(time);
  }

  getEndTimestamp(): Date | undefined {
    const time = this.peek()?.EndTimestamp;
    return time && new Date(time);
  }

  isWaitForCallback(): boolean {
    return isWaitForCallback(this.peek());
  }

  isCallback(): boolean {
    return this.peek()?.Type === OperationType.CALLBACK;
  }

  // ------------------------------------------------------------------ callbacks

  async sendCallbackSuccess(result?: string): Promise<SendCallbackResponse> {
    if (result !== undefined && typeof result !== "string") {
      throw new TestRunnerUsageError(
        `sendCallbackSuccess(result): result must be a string, e.g. JSON.stringify(value) (received ${describeValue(result)})`,
      );
    }
    const { view, callbackId } = this.callbackForSend("sendCallbackSuccess");
    view.service.sendCallbackSuccess(callbackId, result);
    return {};
  }

  async sendCallbackFailure(error?: ErrorObject): Promise<SendCallbackResponse> {
    const normalized = normalizeCallbackError(error);
    const { view, callbackId } = this.callbackForSend("sendCallbackFailure");
    view.service.sendCallbackFailure(callbackId, normalized);
    return {};
  }

  async sendCallbackHeartbeat(): Promise<SendCallbackResponse> {
    const { view, callbackId } = this.callbackForSend("sendCallbackHeartbeat");
    view.service.sendCallbackHeartbeat(callbackId);
    view.changes++;
    view.wake();
    return {};
  }

  private callbackForSend(method: string): { view: RunView; callbackId: string } {
    const view = this.view();
    const callback = view && this.callbackOperation(method);
    if (!view || !callback) {
      throw new OperationNotFoundError(
        `${method}(): the operation ${describeSelector(this.selector)} has no data yet; await waitForData() before sending its callback`,
      );
    }
    view.engage(callback.Id!);
    return { view, callbackId: callback.CallbackDetails!.CallbackId! };
  }
}
