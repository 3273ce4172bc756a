import { context as otelContext, trace, type Context, type Span, type SpanContext } from "@opentelemetry/api";
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

/**
 * The execution view: one trace per durable execution, rooted at a synthetic `Workflow` span.
 *
 * - `Workflow` (deterministic id from the execution ARN) is exported once, by the invocation that ends
 *   the execution (SUCCEEDED or FAILED), spanning from the execution's start to its end.
 * - Each invocation is an `Invocation` span under `Workflow`.
 * - Each operation is one logical span under `Workflow`, or under its parent operation when nested (child
 *   context, map item, parallel branch, waitForCallback). It is exported when the operation completes,
 *   with its checkpointed start and end times, and links to every invocation span that ran part of it:
 *   the one that started it, each one that ran an attempt or its child function, and the one that
 *   completed it (as this process saw them; an invocation in another process is not known here).
 * - Each attempt of a step is a span under its operation (retries are siblings), active while the step's
 *   function runs, so other instrumentation (an HTTP call, an AWS SDK call) nests under it.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from "durable-execution-sdk";
 * import { ExecutionOtelPlugin } from "durable-execution-sdk/otel";
 * export const handler = withDurableExecution(
 *   async (_event, ctx) => {
 *     const order = await ctx.step("load", async () => ({ id: 1 }));
 *     await ctx.wait("cool-down", { seconds: 5 });
 *     return order;
 *   },
 *   { plugins: [new ExecutionOtelPlugin()] },
 * );
 * ```
 */
export class ExecutionOtelPlugin extends DurableOtelPluginBase {
  /** Operations whose span this process already exported (an end can be reported again on replay). */
  private readonly exported = new Set<string>();
  /** The invocation spans that ran each operation, in order, by `${executionArn}#${operationId}`. */
  private readonly ranBy = new Map<string, SpanContext[]>();

  constructor(config?: OtelPluginConfig) {
    super(config, "ExecutionOtelPlugin");
  }

  async onInvocationStart(info: InvocationInfo): Promise<void> {
    const run = this.beginTrace(info);
    this.startInvocationSpan(run, info, this.contextOfSpanId(run, run.workflowSpanId), run.upstream ? [{ context: run.upstream }] : undefined);
  }

  /** Notes that the invocation now running ran part of operation `id`. */
  private ranIn(run: ExecutionTrace, id: string): void {
    const invocation = this.invocationSpan?.spanContext();
    if (!invocation) return;
    const key = `${run.executionArn}#${id}`;
    const seen = this.ranBy.get(key);
    if (!seen) this.ranBy.set(key, [invocation]);
    else if (!seen.some((spanContext) => spanContext.spanId === invocation.spanId)) seen.push(invocation);
  }

  async onOperationStart(info: OperationInfo): Promise<void> {
    if (info.isReplay) return;
    if (!this.startedAt.has(info.id)) this.startedAt.set(info.id, new Date());
    if (this.current) this.ranIn(this.current, info.id);
  }

  override async onOperationAttemptStart(info: AttemptInfo): Promise<void> {
    if (this.current) this.ranIn(this.current, info.id);
    await super.onOperationAttemptStart(info);
  }

  wrapChildContextFn(info: OperationInfo, fn: CustomerFn): CustomerFnResult {
    const run = this.current;
    if (!run) return fn();
    this.ranIn(run, info.id);
    const spanContext = this.spanContextOf(run, this.operationSpanId(run, info.id));
    return otelContext.with(trace.setSpanContext(otelContext.active(), spanContext), fn);
  }

  async onOperationEnd(info: OperationEndInfo): Promise<void> {
    const run = this.current;
    if (!run || info.isReplay) return;
    const key = `${run.executionArn}#${info.id}`;
    if (this.exported.has(key)) return;
    this.exported.add(key);
    this.ranIn(run, info.id);
    const links = (this.ranBy.get(key) ?? []).map((spanContext) => ({ context: spanContext }));
    this.ranBy.delete(key);
    const parentSpanId = info.parentId ? this.operationSpanId(run, info.parentId) : run.workflowSpanId;
    const start = this.startTimeOf(info, run.invocationStart);
    const span = this.startSpan(run, operationSpanName(info), this.operationSpanId(run, info.id), this.contextOfSpanId(run, parentSpanId), {
      startTime: start,
      attributes: this.operationAttributes(run, info),
      ...(links.length > 0 ? { links } : {}),
    });
    if (info.status !== undefined && UNSUCCESSFUL_OPERATION_STATUSES.has(info.status)) {
      DurableOtelPluginBase.recordError(span, info.error ?? new Error(messagePlainErrorOperationEndedUnsuccessfully(operationSpanName(info), String(info.status))));
    }
    span.end(DurableOtelPluginBase.endTimeOf(info, start));
    this.startedAt.delete(info.id);
  }

  protected attemptParent(run: ExecutionTrace, info: AttemptInfo): Context {
    return this.contextOfSpanId(run, this.operationSpanId(run, info.id));
  }

  async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const run = this.current;
    if (!run) return;
    this.endOpenAttempts(info.status);
    const invocation = this.invocationSpan;
    if (invocation) {
      invocation.setAttribute(A.INVOCATION_STATUS, info.status);
      if (info.status === PluginInvocationStatus.FAILED || info.status === PluginInvocationStatus.RETRYING) DurableOtelPluginBase.recordError(invocation, info.executionError);
      invocation.end();
    }
    if (info.status === PluginInvocationStatus.SUCCEEDED || info.status === PluginInvocationStatus.FAILED) {
      for (const key of this.ranBy.keys()) if (key.startsWith(`${run.executionArn}#`)) this.ranBy.delete(key);
      const start = info.executionStartTimestamp instanceof Date ? info.executionStartTimestamp : run.invocationStart;
      const workflow = this.startSpan(run, this.workflowSpanName, run.workflowSpanId, undefined, {
        startTime: start,
        attributes: { [A.EXECUTION_ARN]: info.executionArn, [A.EXECUTION_STATUS]: info.status },
      });
      if (info.status === PluginInvocationStatus.FAILED) DurableOtelPluginBase.recordError(workflow, info.executionError);
      workflow.end();
    }
    this.invocationSpan = undefined;
    this.current = undefined;
    await this.flush();
  }
}
