/** The `TestResult` of a run of the cloud test runner, read from the execution's history. */
import { buildTestResult } from "../test-result.js";
import type { TestResult } from "../types.js";
import { CloudOperation, type CloudSession } from "./cloud-operation.js";
import type { ExecutionOutcome, HistoryIndex } from "./history-index.js";

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
  return buildTestResult<TResult>({
    status: outcome.status,
    result: outcome.result,
    error: outcome.error,
    events: index.historyEvents(),
    historyEvents: () => index.historyEvents(),
    operations: () => index.operationIds().map((id) => new CloudOperation(session, { kind: "id", id }, index)),
  });
}
