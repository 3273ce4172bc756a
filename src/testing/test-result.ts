/** The `TestResult` of a finished run. */
import type { ErrorObject, OperationStatus } from "../generated/index.js";
import { EventType, messagePlainErrorExecutionFailedWithStatus, describeReceived } from "../generated/index.js";
import { withExecutionOperationId, type HistoryEvent } from "../local/history.js";
import { ExecutionStatus } from "../local/execution-record.js";
import { parsePayload, toTestResultError } from "./convert.js";
import { TestRunnerUsageError } from "./errors.js";
import { OperationHandle } from "./durable-operation.js";
import type { RunView } from "./run-view.js";
import type { DurableOperation, Invocation, PrintColumns, TestResult, TestResultError } from "./types.js";
import { plainCopy } from "../local/plain-copy.js";

const PRINT_COLUMNS = ["parentId", "name", "type", "subType", "status", "startTime", "endTime", "duration"] as const;

export function createTestResult<TResult>(view: RunView): TestResult<TResult> {
  const execution = view.service.getExecution(view.arn!);
  // As Lambda's history (and the reference runner's) has them: Execution* events carry the EXECUTION operation's Id.
  const events = withExecutionOperationId(view.historyEvents(), view.service.store.getRecord(view.arn!).executionOperationId);
  return buildTestResult<TResult>({
    status: execution.Status,
    result: execution.Result,
    error: execution.Error,
    events,
    historyEvents: () => plainCopy(events),
    operations: () => view.operationIds().map((id) => new OperationHandle(view.session, { kind: "id", id }, view)),
  });
}

/** What a finished run is made of, however it was observed (in process, or through the Lambda API). */
export interface FinishedRun {
  status: ExecutionStatus;
  /** The serialized result, when the execution succeeded. */
  result: string | undefined;
  error: ErrorObject | undefined;
  /** The history, read for the invocations. */
  events: readonly HistoryEvent[];
  /** A copy of the history for the caller. */
  historyEvents: () => HistoryEvent[];
  operations: () => DurableOperation[];
}

/** The `TestResult` of a finished run: shared by the local and the cloud test runner. */
export function buildTestResult<TResult>(run: FinishedRun): TestResult<TResult> {
  const { status, events, operations } = run;
  // The execution's error as toTestResultError reads it (a run that failed without one gets the status
  // message), its keys put in the reference runner's order for getError(): errorMessage, errorData,
  // errorType, stackTrace.
  const error = (): TestResultError => {
    const { errorMessage, errorData, errorType, stackTrace } = toTestResultError(run.error) ?? { errorMessage: messagePlainErrorExecutionFailedWithStatus(status) };
    return { errorMessage, errorData, errorType, stackTrace };
  };

  return {
    getStatus: () => status,
    getResult: () => {
      if (status !== ExecutionStatus.SUCCEEDED) {
        const details = error();
        const failure = new Error(details.errorMessage?.trim() || messagePlainErrorExecutionFailedWithStatus(status));
        if (details.stackTrace) failure.stack = [`${details.errorType ?? "Error"}: ${failure.message}`, ...details.stackTrace].join("\n    ");
        throw failure;
      }
      return parsePayload<TResult>(run.result);
    },
    getError: () => {
      if (status === ExecutionStatus.SUCCEEDED) {
        throw new TestRunnerUsageError("getError(): the execution SUCCEEDED, so it has no error; use getResult()");
      }
      return error();
    },
    getOperations: (params?: { status: OperationStatus }): DurableOperation[] => {
      if (params === undefined) return operations();
      if (typeof params !== "object" || params === null || typeof params.status !== "string") {
        throw new TestRunnerUsageError(
          `getOperations(params): params must be { status: OperationStatus } (received ${describeReceived(params)})`,
        );
      }
      return operations().filter((op) => op.getStatus() === params.status);
    },
    getInvocations: (): Invocation[] =>
      events
        .filter((event) => event.EventType === EventType.InvocationCompleted)
        .map((event) => {
          const details = event.InvocationCompletedDetails;
          return {
            // Timestamps read over HTTP may be strings; Dates of this realm either way.
            startTimestamp: details?.StartTimestamp && new Date(details.StartTimestamp),
            endTimestamp: details?.EndTimestamp && new Date(details.EndTimestamp),
            requestId: details?.RequestId,
            error: toTestResultError(details?.Error?.Payload),
          };
        }),
    getHistoryEvents: run.historyEvents,
    print: (columns?: PrintColumns) => {
      const list = operations();
      if (list.length === 0) {
        console.log("No operations found.");
        return;
      }
      const shown = PRINT_COLUMNS.filter((column) => columns?.[column] ?? true);
      console.table(list.map((op) => printRow(op, shown)));
    },
  };
}

function printRow(op: DurableOperation, columns: readonly (typeof PRINT_COLUMNS)[number][]): Record<string, string> {
  const start = op.getStartTimestamp();
  const end = op.getEndTimestamp();
  const cells: Record<(typeof PRINT_COLUMNS)[number], () => string> = {
    parentId: () => op.getParentId() ?? "-",
    name: () => op.getName() ?? "-",
    type: () => op.getType() ?? "-",
    subType: () => op.getSubType() ?? "-",
    status: () => op.getStatus() ?? "-",
    startTime: () => start?.toISOString() ?? "-",
    endTime: () => end?.toISOString() ?? "-",
    duration: () => (start && end ? `${end.getTime() - start.getTime()}ms` : "-"),
  };
  return Object.fromEntries(columns.map((column) => [column, cells[column]()]));
}
