/**
 * Read-only views of an execution in the Lambda API shapes (GetDurableExecution,
 * ListDurableExecutionsByFunction).
 */
import type { ExecutionRecord } from "./execution-record.js";
import type { ExecutionDescription, ExecutionSummary } from "./store-types.js";
import { plainCopy } from "./plain-copy.js";
import { LATEST_VERSION } from "./store-constants.js";

export function describeExecution(record: ExecutionRecord): ExecutionDescription {
  const description: ExecutionDescription = {
    DurableExecutionArn: record.arn,
    DurableExecutionName: record.name,
    FunctionArn: record.functionArn,
    StartTimestamp: new Date(record.startTimestamp),
    Status: record.status,
    Version: LATEST_VERSION,
  };
  if (record.inputPayload !== undefined) description.InputPayload = record.inputPayload;
  if (record.result !== undefined) description.Result = record.result;
  if (record.error !== undefined) description.Error = plainCopy(record.error);
  if (record.endTimestamp !== undefined) description.EndTimestamp = new Date(record.endTimestamp);
  return description;
}

export function summarizeExecution(record: ExecutionRecord): ExecutionSummary {
  const summary: ExecutionSummary = {
    DurableExecutionArn: record.arn,
    DurableExecutionName: record.name,
    FunctionArn: record.functionArn,
    Status: record.status,
    StartTimestamp: new Date(record.startTimestamp),
  };
  if (record.endTimestamp !== undefined) summary.EndTimestamp = new Date(record.endTimestamp);
  return summary;
}
