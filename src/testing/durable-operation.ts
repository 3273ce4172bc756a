/**
 * `DurableOperation`: a lookup of one operation (by id, name + index, or index). It reads the
 * operation live from the run it is bound to, so a lookup made before `run()` fills in as the
 * execution progresses, and it can wait for a status and complete callbacks.
 */
import { OperationType, describeReceived, type ErrorObject, type Operation } from "../generated/index.js";
import { callbackResultText, isCompletedStatus, normalizeCallbackError } from "./convert.js";
import { OperationNotFoundError, TestRunnerUsageError } from "./errors.js";
import { describeSelector, type RunnerSession, type RunView, type Selector } from "./run-view.js";
import {
  WaitingOperationStatus,
  type CallbackSuccessResult,
  type DurableOperation,
  type SendCallbackResponse,
} from "./types.js";
import { OperationReader, isWaitForCallback } from "./operation-reader.js";

const WAITING_STATUSES: readonly string[] = Object.values(WaitingOperationStatus);

interface Located {
  view: RunView;
  id: string;
}

export class OperationHandle<TResult = any> extends OperationReader<TResult, RunView> implements DurableOperation<TResult> {
  /**
   * @param session the runner session (its current run, its waiters)
   * @param selector how the operation is found
   * @param fixedView the run to read (operations of a TestResult); default: the session's current run
   */
  constructor(
    private readonly session: RunnerSession,
    protected readonly selector: Selector,
    private readonly fixedView?: RunView,
  ) {
    super();
  }

  protected locateIn(): { graph: RunView; id: string } | undefined {
    const at = this.locate();
    return at && { graph: at.view, id: at.id };
  }

  protected handleFor(id: string, view: RunView): DurableOperation {
    return new OperationHandle(this.session, { kind: "id", id }, view);
  }

  // ------------------------------------------------------------------ waiting

  waitForData(status: WaitingOperationStatus = WaitingOperationStatus.STARTED): Promise<DurableOperation<TResult>> {
    if (!WAITING_STATUSES.includes(status)) {
      return Promise.reject(
        new TestRunnerUsageError(
          `waitForData(status): status must be one of ${WAITING_STATUSES.join(", ")} (received ${describeReceived(status)})`,
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









  // ------------------------------------------------------------------ identity







  // ------------------------------------------------------------------ callbacks

  async sendCallbackSuccess(result?: CallbackSuccessResult): Promise<SendCallbackResponse> {
    const text = callbackResultText(result);
    const { view, callbackId } = this.callbackForSend("sendCallbackSuccess");
    view.service.sendCallbackSuccess(callbackId, text);
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
