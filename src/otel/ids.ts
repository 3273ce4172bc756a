/**
 * Deterministic OpenTelemetry ids for durable executions. Every id is a SHA-256 prefix of the execution
 * ARN (plus an operation id, an attempt number or an invocation key), so any invocation of an execution,
 * on any machine, derives the same trace and span ids without sharing state.
 */
import { randomBytes } from "node:crypto";
import {
  attemptSpanIdOf,
  continuationSpanIdOf,
  invocationSpanIdOf,
  operationSpanIdOf,
  traceIdFromArn,
  workflowSpanIdOf,
} from "../runtime/tracing/trace-ids.js";

/**
 * The two calls an OpenTelemetry SDK makes on an id generator (structurally the `IdGenerator` of
 * `@opentelemetry/sdk-trace-base`, restated so this entry needs only `@opentelemetry/api`).
 *
 * @example
 * ```ts
 * import { randomBytes } from "node:crypto";
 * import { DeterministicIdGenerator, type OtelIdGenerator } from "durable-execution-sdk/otel";
 * const mine: OtelIdGenerator = {
 *   generateTraceId: () => randomBytes(16).toString("hex"),
 *   generateSpanId: () => randomBytes(8).toString("hex"),
 * };
 * export const idGenerator = new DeterministicIdGenerator(mine);
 * ```
 */
export interface OtelIdGenerator {
  generateTraceId(): string;
  generateSpanId(): string;
}

/**
 * The trace id of an execution when no upstream trace context is present: the first 32 hex digits of
 * SHA-256(executionArn).
 *
 * @example
 * ```ts
 * import { deriveTraceIdFromArn } from "durable-execution-sdk/otel";
 * console.log(deriveTraceIdFromArn("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/n/k"));
 * ```
 */
export function deriveTraceIdFromArn(executionArn: string): string {
  return traceIdFromArn(executionArn);
}

/**
 * The span id of the synthetic `Workflow` span of an execution: SHA-256("workflow:" + executionArn), 16 hex digits.
 *
 * @example
 * ```ts
 * import { deriveWorkflowSpanId } from "durable-execution-sdk/otel";
 * console.log(deriveWorkflowSpanId("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/n/k"));
 * ```
 */
export function deriveWorkflowSpanId(executionArn: string): string {
  return workflowSpanIdOf(executionArn);
}

/**
 * The span id of an operation's span: SHA-256(executionArn + ":" + operationId), 16 hex digits. Scoped by
 * the ARN so two executions sharing one trace never collide.
 *
 * @example
 * ```ts
 * import { deriveSpanIdFromOperationId } from "durable-execution-sdk/otel";
 * console.log(deriveSpanIdFromOperationId("c4ca4238a0b92382", "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/n/k"));
 * ```
 */
export function deriveSpanIdFromOperationId(operationId: string, executionArn: string): string {
  return operationSpanIdOf(operationId, executionArn);
}

/** Span id of attempt `attempt` of an operation. */
export const deriveAttemptSpanId = attemptSpanIdOf;

/** Span id of an invocation (keyed by request id and how far the execution had got). */
export const deriveInvocationSpanId = invocationSpanIdOf;

/** Span id of an operation's continuation span in a later invocation. */
export const deriveContinuationSpanId = continuationSpanIdOf;

/**
 * The trace id carried by an X-Ray `Root` field (`1-5759e988-bd862e3fe1be46a994272793` →
 * `5759e988bd862e3fe1be46a994272793`), or undefined when the value is not a valid X-Ray root.
 *
 * @example
 * ```ts
 * import { deriveTraceIdFromXRayRoot } from "durable-execution-sdk/otel";
 * console.log(deriveTraceIdFromXRayRoot("1-5759e988-bd862e3fe1be46a994272793"));
 * ```
 */
export function deriveTraceIdFromXRayRoot(xRayRoot: string): string | undefined {
  const root = xRayRoot.startsWith("Root=") ? xRayRoot.slice(5) : xRayRoot;
  const match = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/.exec(root.trim());
  if (!match) return undefined;
  const id = (match[1] + match[2]).toLowerCase();
  return /^0+$/.test(id) ? undefined : id;
}

/**
 * An OpenTelemetry id generator that hands out the durable plugins' deterministic ids for the spans they
 * start, and otherwise delegates to a fallback generator (random ids by default). Install it in your
 * tracer provider — `tracerProviderFactory` receives a function creating one — so that durable spans carry
 * ids derived from the execution ARN while all other spans keep ordinary ids.
 *
 * @example
 * ```ts
 * import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
 * import { DeterministicIdGenerator } from "durable-execution-sdk/otel";
 * const idGenerator = new DeterministicIdGenerator();
 * export const provider = new BasicTracerProvider({ idGenerator });
 * ```
 */
export class DeterministicIdGenerator implements OtelIdGenerator {
  private pendingTraceId: string | undefined;
  private pendingSpanId: string | undefined;

  constructor(private readonly fallback?: OtelIdGenerator) {}

  /**
   * Runs `start` (which must start exactly one span synchronously) with the given ids pending: the next
   * generated trace id and span id are these. Anything not consumed is discarded afterwards.
   */
  withIds<T>(ids: { traceId?: string; spanId?: string }, start: () => T): T {
    this.pendingTraceId = ids.traceId;
    this.pendingSpanId = ids.spanId;
    try {
      return start();
    } finally {
      this.pendingTraceId = undefined;
      this.pendingSpanId = undefined;
    }
  }

  generateTraceId(): string {
    const pending = this.pendingTraceId;
    if (pending !== undefined) {
      this.pendingTraceId = undefined;
      return pending;
    }
    return this.fallback?.generateTraceId() ?? randomBytes(16).toString("hex");
  }

  generateSpanId(): string {
    const pending = this.pendingSpanId;
    if (pending !== undefined) {
      this.pendingSpanId = undefined;
      return pending;
    }
    return this.fallback?.generateSpanId() ?? randomBytes(8).toString("hex");
  }
}

/** Installs a DeterministicIdGenerator into an OpenTelemetry SDK tracer (its `_idGenerator` field), when it has one. */
export function installIntoTracer(tracer: object): DeterministicIdGenerator | undefined {
  try {
    const current: unknown = Reflect.get(tracer, "_idGenerator");
    if (current instanceof DeterministicIdGenerator) return current;
    if (!isIdGenerator(current)) return undefined;
    const generator = new DeterministicIdGenerator(current);
    if (!Reflect.set(tracer, "_idGenerator", generator) || Reflect.get(tracer, "_idGenerator") !== generator) return undefined;
    return generator;
  } catch {
    return undefined;
  }
}

function isIdGenerator(value: unknown): value is OtelIdGenerator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as OtelIdGenerator).generateTraceId === "function" &&
    typeof (value as OtelIdGenerator).generateSpanId === "function"
  );
}
