/**
 * Upstream trace context: where an invocation's trace id (and remote parent span) comes from when the
 * caller or Lambda propagated one. Without it the trace id is derived from the execution ARN.
 */
import type { InvocationInfo } from "../runtime/plugins/types.js";
import { deriveTraceIdFromXRayRoot } from "./ids.js";

/**
 * Whether the upstream context asked for the trace to be sampled. NOT_SAMPLED spans are started unsampled
 * (a parent-based sampler then drops them); UNDECIDED leaves the decision to the provider's sampler.
 *
 * @example
 * ```ts
 * import type { ContextExtractor, Sampling } from "durable-execution-sdk/otel";
 * const always: Sampling = "SAMPLED";
 * export const extractor: ContextExtractor = () => ({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", sampling: always });
 * ```
 */
export type Sampling = "SAMPLED" | "NOT_SAMPLED" | "UNDECIDED";

/**
 * What a {@link ContextExtractor} found: a 32-hex trace id, optionally the 16-hex id of the upstream
 * span, and the upstream sampling decision. `undefined` when there is no usable upstream context.
 *
 * @example
 * ```ts
 * import type { ContextExtractorResult } from "durable-execution-sdk/otel";
 * export const fixed: ContextExtractorResult = { traceId: "5759e988bd862e3fe1be46a994272793", sampling: "SAMPLED" };
 * ```
 */
export type ContextExtractorResult =
  | { traceId: string; parentSpanId?: string; traceFlags?: number; sampling?: Sampling }
  | undefined;

/**
 * Reads upstream trace context for an invocation. The default is {@link xRayContextExtractor}.
 *
 * @example
 * ```ts
 * import { ExecutionOtelPlugin, type ContextExtractor } from "durable-execution-sdk/otel";
 * const fromInput: ContextExtractor = (info) => {
 *   const input = info.executionInput as { traceId?: string } | undefined;
 *   return input?.traceId ? { traceId: input.traceId } : undefined;
 * };
 * export const plugin = new ExecutionOtelPlugin({ contextExtractor: fromInput });
 * ```
 */
export type ContextExtractor = (info: InvocationInfo) => ContextExtractorResult;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
/** A well-formed, non-zero 32-hex trace id. */
export const isValidTraceId = (id: unknown): id is string => typeof id === "string" && TRACE_ID.test(id) && !/^0+$/.test(id);
/** A well-formed, non-zero 16-hex span id. */
export const isValidSpanId = (id: unknown): id is string => typeof id === "string" && SPAN_ID.test(id) && !/^0+$/.test(id);

/**
 * Parses an X-Ray trace header (`Root=1-…;Parent=…;Sampled=1`). Returns undefined without a valid Root;
 * an unusable Parent is dropped while the Root is kept; only `Sampled=1`/`0` decide sampling.
 *
 * @example
 * ```ts
 * import { parseXRayTraceHeader } from "durable-execution-sdk/otel";
 * console.log(parseXRayTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
 * ```
 */
export function parseXRayTraceHeader(header: string | undefined): ContextExtractorResult {
  if (!header) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const root = fields.get("Root");
  const traceId = root === undefined ? undefined : deriveTraceIdFromXRayRoot(root);
  if (!traceId) return undefined;
  const parent = fields.get("Parent")?.toLowerCase();
  const sampled = fields.get("Sampled");
  return {
    traceId,
    ...(isValidSpanId(parent) ? { parentSpanId: parent } : {}),
    sampling: sampled === "1" ? "SAMPLED" : sampled === "0" ? "NOT_SAMPLED" : "UNDECIDED",
  };
}

/**
 * The default extractor: the X-Ray trace header Lambda sets in `_X_AMZN_TRACE_ID` for each invocation
 * (the durable service keeps the same Root for every invocation of an execution).
 *
 * @example
 * ```ts
 * import { ExecutionOtelPlugin, xRayContextExtractor } from "durable-execution-sdk/otel";
 * export const plugin = new ExecutionOtelPlugin({ contextExtractor: xRayContextExtractor });
 * ```
 */
export const xRayContextExtractor: ContextExtractor = () => parseXRayTraceHeader(process.env._X_AMZN_TRACE_ID);

/**
 * Parses a W3C `traceparent` value (`00-<trace id>-<parent id>-<flags>`); undefined when malformed.
 *
 * @example
 * ```ts
 * import { parseW3CTraceparent } from "durable-execution-sdk/otel";
 * console.log(parseW3CTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
 * ```
 */
export function parseW3CTraceparent(traceparent: string | undefined): ContextExtractorResult {
  if (typeof traceparent !== "string") return undefined;
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent.trim());
  if (!match || match[1] === "ff") return undefined;
  const [, , traceId, parentSpanId, flags] = match;
  if (!isValidTraceId(traceId) || !isValidSpanId(parentSpanId)) return undefined;
  const traceFlags = parseInt(flags!, 16);
  return { traceId, parentSpanId, traceFlags, sampling: (traceFlags & 1) === 1 ? "SAMPLED" : "NOT_SAMPLED" };
}

/**
 * W3C trace context from the Lambda client context (`context.clientContext.custom.traceparent`) when the
 * runtime exposes it on the invocation info, else from a `traceparent` field of the execution input.
 *
 * @example
 * ```ts
 * import { InvocationOtelPlugin, w3cClientContextExtractor } from "durable-execution-sdk/otel";
 * export const plugin = new InvocationOtelPlugin({ contextExtractor: w3cClientContextExtractor });
 * ```
 */
export const w3cClientContextExtractor: ContextExtractor = (info) => {
  const withContext = info as InvocationInfo & { context?: { clientContext?: { custom?: Record<string, unknown> } } };
  const fromClientContext = withContext.context?.clientContext?.custom?.traceparent;
  if (typeof fromClientContext === "string") return parseW3CTraceparent(fromClientContext);
  const input = info.executionInput;
  if (typeof input === "object" && input !== null && typeof (input as { traceparent?: unknown }).traceparent === "string") {
    return parseW3CTraceparent((input as { traceparent: string }).traceparent);
  }
  return undefined;
};
