/**
 * What both durable OpenTelemetry plugins share: resolving the tracer (factory or global provider) and
 * the deterministic id generator, the execution's trace identity, starting spans with chosen ids, the
 * attempt spans (active while the attempt's function runs), errors as span status + exception events,
 * log enrichment and the flush at the end of each invocation.
 */
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import type {
  AttemptEndInfo,
  AttemptInfo,
  CustomerFn,
  CustomerFnResult,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationInfo,
} from "../runtime/plugins/types.js";
import {
  AttemptEndInfoOutcome,
  messagePlainErrorAttemptEndedWithInvocation,
  messagePlainErrorOtelPluginConfigNotObject,
  messagePlainErrorOtelPluginOptionNotBoolean,
  messagePlainErrorOtelPluginOptionNotFunction,
  messagePlainErrorOtelPluginOptionNotNonEmptyString,
  messagePlainErrorOtelPluginOptionUnknown,
  messagePlainErrorOtelTracerProviderInvalid,
} from "../generated/index.js";
import { attemptSpanName, INVOCATION_SPAN_NAME, WORKFLOW_SPAN_NAME } from "../runtime/tracing/trace-ids.js";
import { DurableAttributes as A } from "./attributes.js";
import type { OtelPluginConfig } from "./config.js";
import { isValidSpanId, isValidTraceId, xRayContextExtractor, type ContextExtractor } from "./context-extractors.js";
import {
  DeterministicIdGenerator,
  deriveAttemptSpanId,
  deriveInvocationSpanId,
  deriveSpanIdFromOperationId,
  deriveTraceIdFromArn,
  deriveWorkflowSpanId,
  installIntoTracer,
  type OtelIdGenerator,
} from "./ids.js";

/** Default instrumentation scope name. */
export const DEFAULT_INSTRUMENTATION_NAME = "durable-execution-sdk";
/** Default name of the execution view's root span. */
export const DEFAULT_WORKFLOW_SPAN_NAME = WORKFLOW_SPAN_NAME;
export { INVOCATION_SPAN_NAME };

/** The identity of the execution's trace for one invocation. */
export interface ExecutionTrace {
  executionArn: string;
  traceId: string;
  workflowSpanId: string;
  traceFlags: number;
  /** The upstream span (Lambda's X-Ray segment, a W3C caller) when the extractor found one. */
  upstream?: SpanContext;
  invocationKey: string;
  invocationStart: Date;
}

const CONFIG_KEYS = new Set(["tracerProviderFactory", "contextExtractor", "instrumentationName", "workflowSpanName", "enrichLogger"]);

function checkConfig(config: OtelPluginConfig, plugin: string): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(messagePlainErrorOtelPluginConfigNotObject(plugin));
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) {
      throw new TypeError(messagePlainErrorOtelPluginOptionUnknown(plugin, key, [...CONFIG_KEYS].join(", ")));
    }
  }
  const fn = (key: keyof OtelPluginConfig) => {
    if (config[key] !== undefined && typeof config[key] !== "function") {
      throw new TypeError(messagePlainErrorOtelPluginOptionNotFunction(plugin, key, typeof config[key]));
    }
  };
  fn("tracerProviderFactory");
  fn("contextExtractor");
  for (const key of ["instrumentationName", "workflowSpanName"] as const) {
    if (config[key] !== undefined && (typeof config[key] !== "string" || config[key] === "")) {
      throw new TypeError(messagePlainErrorOtelPluginOptionNotNonEmptyString(plugin, key));
    }
  }
  if (config.enrichLogger !== undefined && typeof config.enrichLogger !== "boolean") {
    throw new TypeError(messagePlainErrorOtelPluginOptionNotBoolean(plugin, "enrichLogger"));
  }
}

const toTime = (date: Date | undefined): Date | undefined =>
  date instanceof Date && !Number.isNaN(date.getTime()) ? date : undefined;

/** The span name of an operation: its name, else its subtype, else its type. */
export const operationSpanName = (info: OperationInfo): string => info.name ?? info.subType ?? info.type;

export abstract class DurableOtelPluginBase implements DurableInstrumentationPlugin {
  protected readonly instrumentationName: string;
  protected readonly workflowSpanName: string;
  private readonly extractor: ContextExtractor;
  private readonly enrichLogger: boolean;
  private readonly providerFactory: OtelPluginConfig["tracerProviderFactory"];
  private provider: TracerProvider | undefined;
  private tracerValue: Tracer | undefined;
  private generator: DeterministicIdGenerator | undefined;
  /** The execution trace of the invocation in progress. */
  protected current: ExecutionTrace | undefined;
  /** Live attempt spans, by operation id and attempt number. */
  private readonly attempts = new Map<string, Span>();
  /** When operations were first seen starting in this process (a fallback for missing timestamps). */
  protected readonly startedAt = new Map<string, Date>();

  protected constructor(config: OtelPluginConfig | undefined, pluginName: string) {
    const options = config ?? {};
    checkConfig(options, pluginName);
    this.instrumentationName = options.instrumentationName ?? DEFAULT_INSTRUMENTATION_NAME;
    this.workflowSpanName = options.workflowSpanName ?? DEFAULT_WORKFLOW_SPAN_NAME;
    this.extractor = options.contextExtractor ?? xRayContextExtractor;
    this.enrichLogger = options.enrichLogger ?? true;
    this.providerFactory = options.tracerProviderFactory;
  }

  /** The tracer, resolved on first use (so a global provider registered after the plugin is built is used). */
  protected get tracer(): Tracer {
    if (this.tracerValue) return this.tracerValue;
    if (this.providerFactory) {
      let created: DeterministicIdGenerator | undefined;
      const provider = this.providerFactory((fallback?: OtelIdGenerator) => (created = new DeterministicIdGenerator(fallback)));
      if (typeof provider?.getTracer !== "function") {
        throw new TypeError(messagePlainErrorOtelTracerProviderInvalid);
      }
      this.provider = provider;
      this.tracerValue = provider.getTracer(this.instrumentationName);
      this.generator = installIntoTracer(this.tracerValue) ?? created;
    } else {
      this.provider = trace.getTracerProvider();
      this.tracerValue = this.provider.getTracer(this.instrumentationName);
      this.generator = installIntoTracer(this.tracerValue);
    }
    return this.tracerValue;
  }

  /** Resolves the execution's trace identity for an invocation. */
  protected beginTrace(info: InvocationInfo): ExecutionTrace {
    let extracted: ReturnType<ContextExtractor>;
    try {
      extracted = this.extractor(info);
    } catch {
      extracted = undefined;
    }
    const traceId = extracted && isValidTraceId(extracted.traceId) ? extracted.traceId : deriveTraceIdFromArn(info.executionArn);
    const sampling =
      extracted?.sampling ?? (extracted?.traceFlags === undefined ? "UNDECIDED" : (extracted.traceFlags & 1) === 1 ? "SAMPLED" : "NOT_SAMPLED");
    const traceFlags = sampling === "NOT_SAMPLED" ? TraceFlags.NONE : TraceFlags.SAMPLED;
    const upstream =
      extracted && isValidTraceId(extracted.traceId) && isValidSpanId(extracted.parentSpanId)
        ? { traceId, spanId: extracted.parentSpanId, traceFlags, isRemote: true }
        : undefined;
    const operationCount = Object.keys(info.operations ?? {}).length;
    this.current = {
      executionArn: info.executionArn,
      traceId,
      workflowSpanId: deriveWorkflowSpanId(info.executionArn),
      traceFlags,
      ...(upstream ? { upstream } : {}),
      invocationKey: `${info.requestId}:${operationCount}`,
      invocationStart: new Date(),
    };
    return this.current;
  }

  protected invocationSpanId(run: ExecutionTrace): string {
    return deriveInvocationSpanId(run.invocationKey, run.executionArn);
  }

  protected operationSpanId(run: ExecutionTrace, operationId: string): string {
    return deriveSpanIdFromOperationId(operationId, run.executionArn);
  }

  /** A context whose active span is the (possibly not live) span `spanId` of the execution's trace. */
  protected contextOfSpanId(run: ExecutionTrace, spanId: string, remote = false): Context {
    return trace.setSpanContext(ROOT_CONTEXT, { traceId: run.traceId, spanId, traceFlags: run.traceFlags, isRemote: remote });
  }

  protected spanContextOf(run: ExecutionTrace, spanId: string): SpanContext {
    return { traceId: run.traceId, spanId, traceFlags: run.traceFlags };
  }

  /**
   * Starts a span with a chosen span id (and, for a root, the execution's trace id). Without a
   * deterministic generator in the provider, a root joins the trace under the workflow span id instead.
   */
  protected startSpan(
    run: ExecutionTrace,
    name: string,
    spanId: string,
    parent: Context | undefined,
    options: { startTime?: Date; attributes?: Attributes; links?: Link[] } = {},
  ): Span {
    const tracer = this.tracer;
    const effectiveParent = parent ?? (this.generator ? ROOT_CONTEXT : this.contextOfSpanId(run, run.workflowSpanId, true));
    const start = () =>
      tracer.startSpan(
        name,
        {
          ...(options.startTime ? { startTime: options.startTime } : {}),
          ...(options.attributes ? { attributes: options.attributes } : {}),
          ...(options.links ? { links: options.links } : {}),
        },
        effectiveParent,
      );
    return this.generator ? this.generator.withIds({ traceId: run.traceId, spanId }, start) : start();
  }

  protected operationAttributes(run: ExecutionTrace, info: OperationInfo): Attributes {
    const attributes: Attributes = {
      [A.EXECUTION_ARN]: run.executionArn,
      [A.OPERATION_ID]: info.id,
      [A.OPERATION_TYPE]: info.type,
    };
    if (info.name !== undefined) attributes[A.OPERATION_NAME] = info.name;
    if (info.subType !== undefined) attributes[A.OPERATION_SUBTYPE] = info.subType;
    if (info.status !== undefined) attributes[A.OPERATION_STATUS] = info.status;
    return attributes;
  }

  protected static recordError(span: Span, error: unknown): void {
    if (error === undefined || error === null) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      return;
    }
    const asError = error instanceof Error ? error : new Error(String(error));
    span.recordException(asError);
    span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
  }

  protected startTimeOf(info: OperationInfo, fallback: Date): Date {
    return toTime(info.startTimestamp) ?? this.startedAt.get(info.id) ?? fallback;
  }

  protected static endTimeOf(info: OperationInfo, start: Date): Date {
    const end = toTime(info.endTimestamp) ?? new Date();
    return end.getTime() < start.getTime() ? start : end;
  }

  /** The parent of an attempt span. */
  protected abstract attemptParent(run: ExecutionTrace, info: AttemptInfo): Context;

  async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    const run = this.current;
    if (!run) return;
    const name = attemptSpanName(operationSpanName(info), info.attempt);
    const attributes: Attributes = { ...this.operationAttributes(run, info), [A.ATTEMPT_NUMBER]: info.attempt };
    delete attributes[A.OPERATION_STATUS];
    const span = this.startSpan(run, name, deriveAttemptSpanId(info.id, info.attempt, run.executionArn), this.attemptParent(run, info), {
      attributes,
    });
    this.attempts.set(`${info.id}#${info.attempt}`, span);
  }

  wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    const span = this.attempts.get(`${info.id}#${info.attempt}`);
    if (!span) return fn();
    return otelContext.with(trace.setSpan(otelContext.active(), span), fn);
  }

  async onOperationAttemptEnd(info: AttemptEndInfo): Promise<void> {
    const key = `${info.id}#${info.attempt}`;
    const span = this.attempts.get(key);
    if (!span) return;
    this.attempts.delete(key);
    span.setAttribute(A.ATTEMPT_OUTCOME, info.outcome);
    if (info.status !== undefined) span.setAttribute(A.OPERATION_STATUS, info.status);
    if (info.outcome === AttemptEndInfoOutcome.FAILED) DurableOtelPluginBase.recordError(span, info.error);
    span.end();
  }

  /** Ends attempt spans an invocation left open (the invocation ended while the attempt ran). */
  protected endOpenAttempts(status: string): void {
    for (const span of this.attempts.values()) {
      span.setAttribute(A.ATTEMPT_OUTCOME, AttemptEndInfoOutcome.FAILED);
      span.setStatus({ code: SpanStatusCode.ERROR, message: messagePlainErrorAttemptEndedWithInvocation(status) });
      span.end();
    }
    this.attempts.clear();
  }

  enrichLogContext(): Record<string, string | number | boolean> | undefined {
    if (!this.enrichLogger) return undefined;
    const active = trace.getSpanContext(otelContext.active());
    const spanContext = active && isValidTraceId(active.traceId) ? active : this.fallbackLogSpanContext();
    if (!spanContext) return undefined;
    return {
      traceId: spanContext.traceId,
      spanId: spanContext.spanId,
      otelTraceSampled: (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    };
  }

  /** The span context log lines carry when no span is active (the invocation's). */
  /** The span of the invocation now running (both views open one in onInvocationStart). */
  protected invocationSpan: Span | undefined;

  /** Starts this invocation's span under `parent` (none: a trace root), with the invocation attributes. */
  protected startInvocationSpan(run: ExecutionTrace, info: InvocationInfo, parent: Context | undefined, links?: Link[]): void {
    this.invocationSpan = this.startSpan(run, INVOCATION_SPAN_NAME, this.invocationSpanId(run), parent, {
      startTime: run.invocationStart,
      attributes: {
        [A.EXECUTION_ARN]: info.executionArn,
        [A.INVOCATION_FIRST]: info.isFirstInvocation,
        [A.INVOCATION_ID]: info.requestId,
      },
      ...(links ? { links } : {}),
    });
  }

  /** The span log lines carry when no attempt span is active: the invocation's. */
  protected fallbackLogSpanContext(): SpanContext | undefined {
    return this.invocationSpan?.spanContext();
  }

  /** Flushes the provider so spans leave before Lambda freezes the environment. */
  protected async flush(): Promise<void> {
    const provider = this.provider as (TracerProvider & { forceFlush?: () => Promise<void>; getDelegate?: () => TracerProvider }) | undefined;
    const target = (provider?.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> } | undefined;
    try {
      await target?.forceFlush?.();
    } catch {
      // An exporter failure must not fail the invocation.
    }
  }

  abstract onInvocationStart(info: InvocationInfo): Promise<void>;
  abstract onInvocationEnd(info: InvocationEndInfo): Promise<void>;
}
