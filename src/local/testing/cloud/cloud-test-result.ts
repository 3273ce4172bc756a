/** The `TestResult` of a run of the cloud test runner, read from the execution's history. */
import type { OperationStatus } from "../../../generated/index.js";
import { ExecutionStatus } from "../../execution-record.js";
import { parsePayload, toTestResultError } from "../convert.js";
import { TestRunnerUsageError, describeValue } from "../errors.js";
import type { DurableOperation, Invocation, PrintColumns, TestResult, TestResultError } from "../types.js";
import { CloudOperation, type CloudSession } from "./cloud-operation.js";
import type { ExecutionOutcome, HistoryIndex } from "./history-index.js";

const PRINT_COLUMNS = ["parentId", "name", "type", "subType", "status", "startTime", "endTime", "duration"] as const;
type Column = (typeof PRINT_COLUMNS)[number];

/**
 * The `TestResult` of a finished cloud run.
 *
 * @example
 * ```ts
 * const result = createCloudTestResult(session, index, index.outcome!);
 * console.log(result.getStatus(), result.getOperations().length);
 * ```
 */
export function createCloudTestResult<TResult>(session: CloudSession, index: HistoryIndex, outcome: ExecutionOutcome): TestResult<TResult> {
  const { status } = outcome;
  const events = index.historyEvents();
  const operations = (): CloudOperation[] => index.operationIds().map((id) => new CloudOperation(session, { kind: "id", id }, index));
  const error = (): TestResultError =>
    toTestResultError(outcome.error) ?? {
      errorMessage: `Execution failed with status "${status}"`,
      errorType: undefined,
      errorData: undefined,
      stackTrace: undefined,
    };

  return {
    getStatus: () => status,
    getResult: () => {
      if (status !== ExecutionStatus.SUCCEEDED) {
        const details = error();
        const failure = new Error(details.errorMessage?.trim() || `Execution failed with status "${status}"`);
        if (details.stackTrace) failure.stack = [`${details.errorType ?? "Error"}: ${failure.message}`, ...details.stackTrace].join("\n    ");
        throw failure;
      }
      return parsePayload<TResult>(outcome.result);
    },
    getError: () => {
      if (status === ExecutionStatus.SUCCEEDED) throw new TestRunnerUsageError("getError(): the execution SUCCEEDED, so it has no error; use getResult()");
      return error();
    },
    getOperations: (params?: { status: OperationStatus }): DurableOperation[] => {
      if (params === undefined) return operations();
      if (typeof params !== "object" || params === null || typeof params.status !== "string") {
        throw new TestRunnerUsageError(`getOperations(params): params must be { status: OperationStatus } (received ${describeValue(params)})`);
      }
      return operations().filter((op) => op.getStatus() === params.status);
    },
    getInvocations: (): Invocation[] =>
      events
        .filter((event) => event.EventType === "InvocationCompleted")
        .map((event) => {
          const details = event.InvocationCompletedDetails;
          return {
            startTimestamp: details?.StartTimestamp && new Date(details.StartTimestamp),
            endTimestamp: details?.EndTimestamp && new Date(details.EndTimestamp),
            requestId: details?.RequestId,
            error: toTestResultError(details?.Error?.Payload),
          };
        }),
    getHistoryEvents: () => index.historyEvents(),
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

function printRow(op: DurableOperation, columns: readonly Column[]): Record<string, string> {
  const start = op.getStartTimestamp();
  const end = op.getEndTimestamp();
  const cells: Record<Column, () => string> = {
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
