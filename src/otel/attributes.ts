import { DURABLE_SPAN_ATTRIBUTES } from "../runtime/tracing/trace-ids.js";

/**
 * The span attribute names the durable OpenTelemetry plugins (and `durable dev --otlp`) write: on
 * invocation spans `durable.execution.arn`, `durable.invocation.first`, `durable.invocation.status`,
 * `faas.invocation_id`; on the Workflow span `durable.execution.arn`, `durable.execution.status`; on
 * operation spans `durable.execution.arn`, `durable.operation.id`, `.type`, `.name`, `.subtype`, `.status`;
 * attempt spans add `durable.attempt.number` and `durable.attempt.outcome`.
 *
 * @example
 * ```ts
 * import { DurableAttributes } from "durable-execution-sdk/otel";
 * import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
 * export const isRetry = (span: ReadableSpan) => Number(span.attributes[DurableAttributes.ATTEMPT_NUMBER] ?? 1) > 1;
 * ```
 */
export const DurableAttributes = DURABLE_SPAN_ATTRIBUTES;
