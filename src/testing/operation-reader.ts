/**
 * What both test runners' operation handles read the same way: identity, typed details and the callback
 * of an operation, from an operation graph (the local runner's RunView, or the cloud runner's
 * HistoryIndex rebuilt from GetDurableExecutionHistory). Subclasses say how the operation is located and
 * how a child handle is made; waiting and sending callbacks stay theirs.
 */
import { OperationSubType, OperationType, type Operation, type OperationStatus } from "../generated/index.js";
import type { HistoryEvent } from "../local/history.js";
import { parsePayload, toTestResultError } from "./convert.js";
import { OperationNotFoundError, OperationTypeMismatchError } from "./errors.js";
import { describeSelector, type Selector } from "./run-view.js";
import type { CallbackDetails, ChainedInvokeDetails, ContextDetails, DurableOperation, StepDetails, WaitResultDetails } from "./types.js";

/** The operations of one run, by id. */
export interface OperationGraph {
  /** A copy of the operation, for the caller. */
  operation(id: string): Operation | undefined;
  /** The operation itself, read-only (no copy). */
  peek(id: string): Readonly<Operation> | undefined;
  eventsOf(id: string): HistoryEvent[] | undefined;
  childrenOf(id: string): string[];
}

export function isWaitForCallback(op: Readonly<Operation> | undefined): boolean {
  return op?.Type === OperationType.CONTEXT && op.SubType === OperationSubType.WAIT_FOR_CALLBACK;
}

export abstract class OperationReader<TResult, G extends OperationGraph> {
  protected abstract readonly selector: Selector;

  /** The graph holding the operation and its id there; undefined while the operation has no data. */
  protected abstract locateIn(): { graph: G; id: string } | undefined;

  /** A handle on another operation of the same graph (a child). */
  protected abstract handleFor(id: string, graph: G): DurableOperation;

  protected peek(): Readonly<Operation> | undefined {
    const at = this.locateIn();
    return at && at.graph.peek(at.id);
  }

  getOperationData(): Operation | undefined {
    const at = this.locateIn();
    return at && at.graph.operation(at.id);
  }

  getEvents(): HistoryEvent[] | undefined {
    const at = this.locateIn();
    return at && at.graph.eventsOf(at.id);
  }

  getChildOperations(): DurableOperation[] | undefined {
    const at = this.locateIn();
    return at && at.graph.childrenOf(at.id).map((id) => this.handleFor(id, at.graph));
  }

  /** The operation, checked to be of `type`; undefined while there is no data. */
  private typed(method: string, type: OperationType): Operation | undefined {
    const op = this.getOperationData();
    if (op && op.Type !== type) throw this.mismatch(method, op, `a ${type}`);
    return op;
  }

  protected mismatch(method: string, op: Readonly<Operation>, expected: string): OperationTypeMismatchError {
    const subType = op.SubType ? ` (${op.SubType})` : "";
    return new OperationTypeMismatchError(`${method}(): the operation ${describeSelector(this.selector)} is a ${op.Type}${subType}, not ${expected}`);
  }

  getContextDetails(): ContextDetails<TResult> | undefined {
    const op = this.typed("getContextDetails", OperationType.CONTEXT);
    return op && { result: parsePayload<TResult>(op.ContextDetails?.Result), error: toTestResultError(op.ContextDetails?.Error) };
  }

  getStepDetails(): StepDetails<TResult> | undefined {
    const op = this.typed("getStepDetails", OperationType.STEP);
    const details = op?.StepDetails;
    return (
      op && {
        attempt: details?.Attempt,
        nextAttemptTimestamp: details?.NextAttemptTimestamp,
        result: parsePayload<TResult>(details?.Result),
        error: toTestResultError(details?.Error),
      }
    );
  }

  getChainedInvokeDetails(): ChainedInvokeDetails<TResult> | undefined {
    const op = this.typed("getChainedInvokeDetails", OperationType.CHAINED_INVOKE);
    // error before result, as the reference runner lists them.
    return op && { error: toTestResultError(op.ChainedInvokeDetails?.Error), result: parsePayload<TResult>(op.ChainedInvokeDetails?.Result) };
  }

  getWaitDetails(): WaitResultDetails | undefined {
    const op = this.typed("getWaitDetails", OperationType.WAIT);
    if (!op) return undefined;
    const started = this.getEvents()?.find((event) => event.WaitStartedDetails)?.WaitStartedDetails;
    // A history read over HTTP may carry the timestamp as a string: a Date either way.
    const scheduled = started?.ScheduledEndTimestamp ?? op.WaitDetails?.ScheduledEndTimestamp;
    return { waitSeconds: started?.Duration, scheduledEndTimestamp: scheduled && new Date(scheduled) };
  }

  getCallbackDetails(): CallbackDetails<TResult> | undefined {
    const callback = this.callbackOperation("getCallbackDetails");
    if (!callback) return undefined;
    const details = callback.CallbackDetails;
    return { callbackId: details!.CallbackId!, error: toTestResultError(details?.Error), result: parsePayload<TResult>(details?.Result) };
  }

  /** The CALLBACK operation itself, or the callback of a waitForCallback context. */
  protected callbackOperation(method: string): Operation | undefined {
    const at = this.locateIn();
    const op = at && at.graph.operation(at.id);
    if (!at || !op) return undefined;
    if (op.Type === OperationType.CALLBACK) return op;
    if (!isWaitForCallback(op)) throw this.mismatch(method, op, "a CALLBACK or a waitForCallback context");
    for (const childId of at.graph.childrenOf(at.id)) {
      const child = at.graph.operation(childId);
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
}
