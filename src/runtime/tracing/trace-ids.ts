/**
 * Deterministic OpenTelemetry ids of a durable execution: SHA-256 prefixes of the execution ARN (plus an
 * operation id, attempt number or invocation key). Shared by the OTel plugins (src/otel) and the local
 * service's OTLP export (src/local), so both name the same spans the same way. Not imported by the SDK
 * entry.
 */
import { messagePlainErrorExecutionArnInvalid, messagePlainErrorOperationIdInvalid } from "../../generated/errors.js";
import { builtin } from "../builtins.js";

const INVALID_SPAN_ID = "0000000000000000";
const sha256Hex = (text: string) => builtin("node:crypto").createHash("sha256").update(text).digest("hex");
/** 16 hex digits of SHA-256(text); never the invalid all-zero span id. */
const spanIdOf = (text: string): string => {
  const id = sha256Hex(text).slice(0, 16);
  return id === INVALID_SPAN_ID ? "0000000000000001" : id;
};

function requireArn(executionArn: string, fn: string): void {
  if (typeof executionArn !== "string" || executionArn === "") {
    throw new TypeError(messagePlainErrorExecutionArnInvalid(fn));
  }
}

/** Trace id of an execution without upstream context: the first 32 hex digits of SHA-256(executionArn). */
export function traceIdFromArn(executionArn: string): string {
  requireArn(executionArn, "deriveTraceIdFromArn");
  const id = sha256Hex(executionArn).slice(0, 32);
  return /^0+$/.test(id) ? `${"0".repeat(31)}1` : id;
}

/** Span id of the execution's synthetic Workflow span: SHA-256("workflow:" + executionArn). */
export function workflowSpanIdOf(executionArn: string): string {
  requireArn(executionArn, "deriveWorkflowSpanId");
  return spanIdOf(`workflow:${executionArn}`);
}

/** Span id of an operation's (first) span: SHA-256(executionArn + ":" + operationId). */
export function operationSpanIdOf(operationId: string, executionArn: string): string {
  requireArn(executionArn, "deriveSpanIdFromOperationId");
  if (typeof operationId !== "string" || operationId === "") {
    throw new TypeError(messagePlainErrorOperationIdInvalid("deriveSpanIdFromOperationId"));
  }
  return spanIdOf(`${executionArn}:${operationId}`);
}

/** Span id of attempt `attempt` of an operation. */
export const attemptSpanIdOf = (operationId: string, attempt: number, executionArn: string): string =>
  spanIdOf(`${executionArn}:${operationId}:attempt:${attempt}`);

/** Span id of an invocation, by an invocation key. */
export const invocationSpanIdOf = (invocationKey: string, executionArn: string): string =>
  spanIdOf(`${executionArn}:invocation:${invocationKey}`);

/** Span id of an operation's continuation span in a later invocation. */
export const continuationSpanIdOf = (operationId: string, invocationKey: string, executionArn: string): string =>
  spanIdOf(`${executionArn}:${operationId}:continuation:${invocationKey}`);

/** Name of the execution view's root span (the OpenTelemetry plugins' default; their `workflowSpanName` option changes it). */
export const WORKFLOW_SPAN_NAME = "Workflow";
/** Name of every invocation span. */
export const INVOCATION_SPAN_NAME = "Invocation";
/** Name of an operation attempt's span: its operation span's name and the attempt number. */
export const attemptSpanName = (operationSpanName: string, attempt: number): string => `${operationSpanName} attempt ${attempt}`;

/** Span attribute names the durable tracing writes. */
export const DURABLE_SPAN_ATTRIBUTES = {
  EXECUTION_ARN: "durable.execution.arn",
  EXECUTION_STATUS: "durable.execution.status",
  INVOCATION_STATUS: "durable.invocation.status",
  INVOCATION_FIRST: "durable.invocation.first",
  INVOCATION_ID: "faas.invocation_id",
  OPERATION_ID: "durable.operation.id",
  OPERATION_TYPE: "durable.operation.type",
  OPERATION_NAME: "durable.operation.name",
  OPERATION_SUBTYPE: "durable.operation.subtype",
  OPERATION_STATUS: "durable.operation.status",
  ATTEMPT_NUMBER: "durable.attempt.number",
  ATTEMPT_OUTCOME: "durable.attempt.outcome",
} as const;
