/** Span attribute names written by the durable OpenTelemetry plugins. */
export const DurableAttributes = {
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
