import { context as otelContext, trace, ROOT_CONTEXT, type Context, type Span, type SpanContext } from "@opentelemetry/api";
import type {
  AttemptInfo,
  CustomerFn,
  CustomerFnResult,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from "../runtime/plugins/types.js";
import { messagePlainErrorOperationEndedUnsuccessfully, PluginInvocationStatus, UNSUCCESSFUL_OPERATION_STATUSES } from "../generated/index.js";
import { DurableAttributes as A } from "./attributes.js";
import { DurableOtelPluginBase, operationSpanName, type ExecutionTrace } from "./base.js";
import type { OtelPluginConfig } from "./config.js";
import { deriveContinuationSpanId } from "./ids.js";


/**
 * The invocation view: each Lambda invocation is an `Invocation` span at the root of the execution's
 * trace (under the upstream span when Lambda or a caller propagated one), and holds what that invocation
 * did.
 *
 * - Operations that start in an invocation are spans under its invocation span (nested operations under
 *   their parent operation's span), ended when the operation completes or, at the latest, when the
 *   invocation ends (with the operation's status then, e.g. STARTED for a wait still running).
 * - An operation that resumes or completes in a later invocation (a wait that elapsed, a callback that
 *   arrived, a retried step, a child context resumed) gets a span in that invocation too, linked back to
 *   its first span (whose id is derived from the execution ARN and operation id).
 * - Each attempt of a step is a span under its operation's span, active while the step's function runs.
 *
 * All invocations share one trace id (from the X-Ray header, W3C context or the execution ARN).
 *
 * @example
 * ```ts
 * import { withDurableExecution } from "durable-execution-sdk";
 * import { InvocationOtelPlugin } from "durable-execution-sdk/otel";
 * export const handler = withDurableExecution(
 *   async (_event, ctx) => ctx.step("work", async () => "done"),
 *   { plugins: [new InvocationOtelPlugin()] },
 * );
 * ```
 */
export class InvocationOtelPlugin extends DurableOtelPluginBase {
  /** Operation spans open in this invocation, by operation id. */
  private readonly open = new Map<string, Span>();

  constructor(config?: OtelPluginConfig) {
    super(config, "InvocationOtelPlugin");
  }

  async onInvocationStart(info: InvocationInfo): Promise<void> {
    const run = this.beginTrace(info);
    this.startInvocationSpan(run, info, run.upstream ? trace.setSpanContext(ROOT_CONTEXT, run.upstream) : undefined);
  }

  /** The context operation spans of `parentId` hang under: its open span, else the invocation span. */
  private parentContext(parentId: string | undefined): Context {
    const parent = (parentId !== undefined ? this.open.get(parentId) : undefined) ?? this.invocationSpan;
    return parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  }

  private openSpan(run: ExecutionTrace, info: OperationInfo, continued: boolean, startTime: Date): Span {
    const firstSpanId = this.operationSpanId(run, info.id);
    const attributes = this.operationAttributes(run, info);
    const span = continued
      ? this.startSpan(run, operationSpanName(info), deriveContinuationSpanId(info.id, run.invocationKey, run.executionArn), this.parentContext(info.parentId), {
          startTime,
          attributes,
          links: [{ context: this.spanContextOf(run, firstSpanId) }],
        })
      : this.startSpan(run, operationSpanName(info), firstSpanId, this.parentContext(info.parentId), { startTime, attributes });
    this.open.set(info.id, span);
    return span;
  }

  async onOperationStart(info: OperationInfo): Promise<void> {
    const run = this.current;
    if (!run || this.open.has(info.id)) return;
    this.openSpan(run, info, info.isReplay, new Date());
  }

  wrapChildContextFn(info: OperationInfo, fn: CustomerFn): CustomerFnResult {
    const span = this.open.get(info.id);
    if (!span) return fn();
    return otelContext.with(trace.setSpan(otelContext.active(), span), fn);
  }

  async onOperationEnd(info: OperationEndInfo): Promise<void> {
    const run = this.current;
    if (!run) return;
    let span = this.open.get(info.id);
    if (!span) {
      // Completed outside any invocation (a wait elapsed, a callback arrived): report it in this one.
      if (info.isReplay) return;
      span = this.openSpan(run, info, true, run.invocationStart);
    }
    this.open.delete(info.id);
    if (info.status !== undefined) span.setAttribute(A.OPERATION_STATUS, info.status);
    if (info.status !== undefined && UNSUCCESSFUL_OPERATION_STATUSES.has(info.status)) {
      DurableOtelPluginBase.recordError(span, info.error ?? new Error(messagePlainErrorOperationEndedUnsuccessfully(operationSpanName(info), String(info.status))));
    }
    span.end();
  }

  protected attemptParent(run: ExecutionTrace, info: AttemptInfo): Context {
    const span = this.open.get(info.id);
    return span ? trace.setSpan(ROOT_CONTEXT, span) : this.contextOfSpanId(run, this.operationSpanId(run, info.id));
  }

  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const run = this.current;
    if (!run) return;
    this.endOpenAttempts(info.status);
    for (const [id, span] of [...this.open].reverse()) {
      const status = info.operations?.[id]?.status;
      if (status !== undefined) span.setAttribute(A.OPERATION_STATUS, status);
      span.end();
    }
    this.open.clear();
    const invocation = this.invocationSpan;
    if (invocation) {
      invocation.setAttribute(A.INVOCATION_STATUS, info.status);
      if (info.status === PluginInvocationStatus.FAILED || info.status === PluginInvocationStatus.RETRYING) DurableOtelPluginBase.recordError(invocation, info.executionError);
      invocation.end();
    }
    this.invocationSpan = undefined;
    this.current = undefined;
    await this.flush();
  }
}
