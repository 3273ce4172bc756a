import type { TracerProvider } from "@opentelemetry/api";
import type { ContextExtractor } from "./context-extractors.js";
import type { DeterministicIdGenerator, OtelIdGenerator } from "./ids.js";

/**
 * Creates the plugins' deterministic id generator, optionally delegating to your own generator for every
 * span the plugin does not start itself.
 *
 * @example
 * ```ts
 * import type { IdGeneratorFactory } from "durable-execution-sdk/otel";
 * export const make = (factory: IdGeneratorFactory) => factory();
 * ```
 */
export type IdGeneratorFactory = (fallbackIdGenerator?: OtelIdGenerator) => DeterministicIdGenerator;

/**
 * Builds the tracer provider the plugin uses. Install the generator `createIdGenerator()` returns as the
 * provider's `idGenerator` so durable spans get deterministic ids. You own the provider (processors,
 * exporters, shutdown); the plugin only calls `forceFlush()` at the end of each invocation.
 *
 * @example
 * ```ts
 * import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
 * import { ExecutionOtelPlugin, type TracerProviderFactory } from "durable-execution-sdk/otel";
 * const exporter = new InMemorySpanExporter();
 * const factory: TracerProviderFactory = (createIdGenerator) =>
 *   new BasicTracerProvider({ idGenerator: createIdGenerator(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
 * export const plugin = new ExecutionOtelPlugin({ tracerProviderFactory: factory });
 * ```
 */
export type TracerProviderFactory = (createIdGenerator: IdGeneratorFactory) => TracerProvider;

/**
 * Options of {@link ExecutionOtelPlugin} and {@link InvocationOtelPlugin}. All optional: with none, the plugin
 * uses the globally registered tracer provider (for example the ADOT Lambda layer's) and installs its
 * deterministic id generator into that provider's tracer when the provider is an OpenTelemetry SDK one.
 *
 * @example
 * ```ts
 * import { ExecutionOtelPlugin, w3cClientContextExtractor, type OtelPluginConfig } from "durable-execution-sdk/otel";
 * const config: OtelPluginConfig = {
 *   contextExtractor: w3cClientContextExtractor,
 *   instrumentationName: "orders",
 *   workflowSpanName: "OrderWorkflow",
 *   enrichLogger: true,
 * };
 * export const plugin = new ExecutionOtelPlugin(config);
 * ```
 */
export interface OtelPluginConfig {
  /**
   * Builds an application-owned tracer provider (see {@link TracerProviderFactory}).
   * @defaultValue the global provider
   */
  tracerProviderFactory?: TracerProviderFactory;
  /**
   * Where upstream trace context comes from.
   * @defaultValue {@link xRayContextExtractor} (`_X_AMZN_TRACE_ID`)
   */
  contextExtractor?: ContextExtractor;
  /**
   * Instrumentation scope name of the tracer.
   * @defaultValue `"durable-execution-sdk"`
   */
  instrumentationName?: string;
  /**
   * Name of the synthetic root span of the execution view.
   * @defaultValue `"Workflow"`
   */
  workflowSpanName?: string;
  /**
   * Add `traceId`, `spanId` and `otelTraceSampled` of the active span to every durable log line.
   * @defaultValue `true`
   */
  enrichLogger?: boolean;
}
