/**
 * `durable-execution-sdk/otel`: OpenTelemetry tracing for durable executions. Needs `@opentelemetry/api`
 * (an optional peer dependency of the SDK; the SDK's main entry never imports it).
 */
export { ExecutionOtelPlugin } from "./otel/execution-plugin.js";
export { InvocationOtelPlugin } from "./otel/invocation-plugin.js";
export type { OtelPluginConfig, TracerProviderFactory, IdGeneratorFactory } from "./otel/config.js";
export {
  DeterministicIdGenerator,
  deriveTraceIdFromArn,
  deriveTraceIdFromXRayRoot,
  deriveSpanIdFromOperationId,
  deriveWorkflowSpanId,
} from "./otel/ids.js";
export type { OtelIdGenerator } from "./otel/ids.js";
export {
  xRayContextExtractor,
  w3cClientContextExtractor,
  parseXRayTraceHeader,
  parseW3CTraceparent,
} from "./otel/context-extractors.js";
export type { ContextExtractor, ContextExtractorResult, Sampling } from "./otel/context-extractors.js";
export { DurableAttributes } from "./otel/attributes.js";
