/** The `TestResult` of a finished run. */
import type { OperationStatus } from "../../generated/index.js";
import { ExecutionStatus } from "../execution-record.js";
import { parsePayload, toTestResultError } from "./convert.js";
import { TestRunnerUsageError, describeValue } from "./errors.js";
import { OperationHandle } from "./durable-operation.js";
import type { RunView } from "./run-view.js";
import type { DurableOperation, Invocation, PrintColumns, TestResult, TestResultError } from "./types.js";
import { plainCopy } from "../plain-copy.js";

const PRINT_COLUMNS = ["parentId", "name", "type", "subType", "status", "startTime", "endTime", "duration"] as const;

export function createTestResult<TResult>(view: RunView): TestResult<TResult> {
  const arn = view.arn!;
  const execution = view.service.getExecution(arn);
  const status = execution.Status;
  const events = view.historyEvents();
  const operations = (): OperationHandle[] =>
    view.operationIds().map((id) => new OperationHandle(view.session, { kind: "id", id }, view));

  const error = (): TestResultError =>
    toTestResultError(execution.Error) ?? {
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
      return parsePayload<TResult>(execution.Result);
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
          `getOperations(params): params must be { status: OperationStatus } (received ${describeValue(params)})`,
        );
      }
      return operations().filter((op) => op.getStatus() === params.status);
    },
    getInvocations: (): Invocation[] =>
      events
        .filter((event) => event.EventType === "InvocationCompleted")
        .map((event) => {
          const details = event.InvocationCompletedDetails;
          return {
            startTimestamp: details?.StartTimestamp,
            endTimestamp: details?.EndTimestamp,
            requestId: details?.RequestId,
            error: toTestResultError(details?.Error?.Payload),
          };
        }),
    getHistoryEvents: () => plainCopy(events),
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
