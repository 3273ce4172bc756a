/**
 * `durable dev --otlp`: every execution the local service finishes is exported as an OpenTelemetry trace
 * to an OTLP/HTTP backend (Jaeger, Tempo, a collector, …), built from the execution's history — so no
 * code change, no plugin and no OpenTelemetry package are needed in the handler. The trace follows the
 * execution view of `ExecutionOtelPlugin` with the same deterministic ids (trace id from the ARN, the
 * `Workflow` root span, operation spans with their ids, attempt spans from the step attempts):
 *
 *   Workflow ─┬─ Invocation (one per handler invocation, from InvocationCompleted)
 *             ├─ <operation> ─── <operation> attempt N   (steps; retries are siblings)
 *             └─ <child context> ─ <nested operations…>
 *
 * Operation spans link to every invocation that ran part of them, as the plugin's do: the invocations
 * of the operation's own events (start, attempts, retries, end — an end the service records between
 * invocations belongs to the next one) and, for a child context, every invocation from its start to its
 * end (its function runs in each). Errors become ERROR statuses with an `exception` event.
 */
import { EVENT_OPERATION_STATUS, EventType, eventDetails, messagePlainErrorAttemptSpanFailed, messagePlainErrorInvocationSpanFailed, messagePlainErrorOperationEndedUnsuccessfully, messagePlainErrorWorkflowSpanEnded, OPERATION_TRANSITIONS, ExecutionStatus, ExecutionStatusEndEvents, InvocationStatus, OperationStatus, OperationSubType, OperationType, UNSUCCESSFUL_OPERATION_STATUSES, type Operation } from "../generated/index.js";
import {
  encodeOtlpTraces,
  postOtlpTraces,
  resolveOtlpTarget,
  type OtlpAttributeValue,
  type PlainSpan,
} from "../runtime/tracing/otlp-json.js";
import {
  attemptSpanIdOf,
  attemptSpanName,
  INVOCATION_SPAN_NAME,
  WORKFLOW_SPAN_NAME,
  DURABLE_SPAN_ATTRIBUTES as A,
  invocationSpanIdOf,
  operationSpanIdOf,
  traceIdFromArn,
  workflowSpanIdOf,
} from "../runtime/tracing/trace-ids.js";
import { waitForCallbackPartName } from "../runtime/operations/wait-for-callback-names.js";
import type { HistoryEvent } from "./history.js";
import { TERMINAL_EVENTS } from "./store-constants.js";
import type { LocalDurableService } from "./local-durable-service.js";

export { resolveOtlpTarget } from "../runtime/tracing/otlp-json.js";

const TERMINAL: ReadonlySet<string> = TERMINAL_EVENTS;
const FAILED_OPERATION_STATUSES: ReadonlySet<string> = UNSUCCESSFUL_OPERATION_STATUSES;

const ms = (value: Date | string | number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
};

interface ErrorLike {
  ErrorType?: string;
  ErrorMessage?: string;
}
const errorOf = (event: HistoryEvent): ErrorLike | undefined => {
  const details = eventDetails(event);
  return details?.Error?.Payload ?? (details?.Error ? {} : undefined);
};

function failed(span: PlainSpan, error: ErrorLike | undefined, fallback: string, timeMs: number): void {
  const message = error?.ErrorMessage ?? fallback;
  span.status = { code: 2, message };
  span.events = [
    ...(span.events ?? []),
    { name: "exception", timeMs, attributes: { "exception.type": error?.ErrorType ?? "Error", "exception.message": message } },
  ];
}

/**
 * The execution view of one finished execution, from its history and final operations. Pure: the same
 * history always gives the same spans (ids included).
 */
export function spansFromHistory(executionArn: string, history: readonly HistoryEvent[], operations: readonly Operation[]): PlainSpan[] {
  const traceId = traceIdFromArn(executionArn);
  const workflowSpanId = workflowSpanIdOf(executionArn);
  const spans: PlainSpan[] = [];
  const started = history.find((event) => event.EventType === EventType.ExecutionStarted);
  const terminal = [...history].reverse().find((event) => TERMINAL.has(event.EventType));
  const lastTime = ms(history[history.length - 1]?.EventTimestamp) ?? Date.now();
  const executionStart = ms(started?.EventTimestamp) ?? lastTime;

  // Invocations, in order.
  const invocations = history
    .filter((event) => event.EventType === EventType.InvocationCompleted && event.InvocationCompletedDetails)
    .map((event, index) => {
      const details = event.InvocationCompletedDetails!;
      const span: PlainSpan = {
        traceId,
        spanId: invocationSpanIdOf(`${details.RequestId}:${index}`, executionArn),
        parentSpanId: workflowSpanId,
        name: INVOCATION_SPAN_NAME,
        startTimeMs: ms(details.StartTimestamp) ?? executionStart,
        endTimeMs: ms(details.EndTimestamp) ?? lastTime,
        attributes: { [A.EXECUTION_ARN]: executionArn, [A.INVOCATION_FIRST]: index === 0, [A.INVOCATION_ID]: details.RequestId },
        status: { code: 0 },
      };
      if (details.Error) failed(span, details.Error.Payload, messagePlainErrorInvocationSpanFailed, span.endTimeMs);
      return span;
    });
  /** The index of the invocation running at `timeMs`, else of the next one (-1: none). */
  const invocationAt = (timeMs: number | undefined): number => {
    if (timeMs === undefined) return -1;
    const during = invocations.findIndex((inv) => inv.startTimeMs <= timeMs && timeMs <= inv.endTimeMs);
    return during >= 0 ? during : invocations.findIndex((inv) => inv.endTimeMs >= timeMs);
  };
  // For each history position, the invocation running then or else the next one, by history order: the
  // number of invocations completed before it. Timestamps cannot tell apart an event recorded right after
  // an invocation ended in the same millisecond (a callback completed between two invocations) from one
  // recorded during it; the order can.
  const invocationByPosition: number[] = [];
  let completedSoFar = 0;
  for (const event of history) {
    invocationByPosition.push(completedSoFar < invocations.length ? completedSoFar : -1);
    if (event.EventType === EventType.InvocationCompleted && event.InvocationCompletedDetails) completedSoFar++;
  }
  /** The invocations that ran part of `op`, in order (see the module comment). */
  const ranIn = (op: Operation): PlainSpan[] => {
    const indexes = new Set<number>();
    history.forEach((event, position) => {
      if (event.Id === op.Id) indexes.add(invocationByPosition[position]!);
    });
    // An operation with no event left in the history: its own timestamps.
    if (indexes.size === 0) [ms(op.StartTimestamp), ms(op.EndTimestamp)].forEach((time) => indexes.add(invocationAt(time)));
    indexes.delete(-1);
    const sorted = [...indexes].sort((a, b) => a - b);
    if (op.Type === OperationType.CONTEXT && sorted.length > 1) {
      for (let index = sorted[0]!; index <= sorted[sorted.length - 1]!; index++) indexes.add(index);
    }
    return [...indexes].sort((a, b) => a - b).map((index) => invocations[index]!);
  };
  invocations.forEach((span, index) => {
    const last = index === invocations.length - 1;
    span.attributes[A.INVOCATION_STATUS] = last && terminal ? (terminal.EventType === EventType.ExecutionSucceeded ? InvocationStatus.SUCCEEDED : InvocationStatus.FAILED) : InvocationStatus.PENDING;
  });
  spans.push(...invocations);

  // Operations. Unnamed parts of a waitForCallback get the names the SDK reports to plugins.
  const byId = new Map(operations.map((op) => [op.Id, op]));
  const nameOf = (op: Operation): string | undefined => {
    if (op.Name !== undefined) return op.Name;
    const parent = op.ParentId === undefined ? undefined : byId.get(op.ParentId);
    if (parent !== undefined && parent.SubType === OperationSubType.WAIT_FOR_CALLBACK && parent.Name !== undefined) {
      if (op.Type === OperationType.CALLBACK) return waitForCallbackPartName(parent.Name, "callback");
      if (op.Type === OperationType.STEP) return waitForCallbackPartName(parent.Name, "submitter");
    }
    return undefined;
  };
  for (const op of operations) {
    if (!op.Id || op.Type === OperationType.EXECUTION) continue;
    const startMs = ms(op.StartTimestamp) ?? executionStart;
    const endMs = ms(op.EndTimestamp) ?? (terminal ? (ms(terminal.EventTimestamp) ?? lastTime) : lastTime);
    const attributes: Record<string, OtlpAttributeValue> = { [A.EXECUTION_ARN]: executionArn, [A.OPERATION_ID]: op.Id };
    if (op.Type !== undefined) attributes[A.OPERATION_TYPE] = op.Type;
    const opName = nameOf(op);
    if (opName !== undefined) attributes[A.OPERATION_NAME] = opName;
    if (op.SubType !== undefined) attributes[A.OPERATION_SUBTYPE] = op.SubType;
    if (op.Status !== undefined) attributes[A.OPERATION_STATUS] = op.Status;
    const name = opName ?? op.SubType ?? op.Type ?? op.Id;
    const ran = ranIn(op);
    const span: PlainSpan = {
      traceId,
      spanId: operationSpanIdOf(op.Id, executionArn),
      parentSpanId: op.ParentId ? operationSpanIdOf(op.ParentId, executionArn) : workflowSpanId,
      name,
      startTimeMs: startMs,
      endTimeMs: endMs,
      attributes,
      status: { code: 0 },
      ...(ran.length > 0 ? { links: ran.map((invocation) => ({ traceId, spanId: invocation.spanId })) } : {}),
    };
    if (op.Status !== undefined && FAILED_OPERATION_STATUSES.has(op.Status)) {
      const failure = [...history].reverse().find((event) => event.Id === op.Id && errorOf(event) !== undefined);
      failed(span, failure ? errorOf(failure) : undefined, messagePlainErrorOperationEndedUnsuccessfully(name, String(op.Status)), endMs);
    }
    spans.push(span);

    // Step attempts: each StepStarted opens one, the next StepSucceeded/StepFailed of the step closes it.
    let attempt = 0;
    let open: PlainSpan | undefined;
    for (const event of history) {
      if (event.Id !== op.Id) continue;
      if (event.EventType === EventType.StepStarted) {
        attempt += 1;
        open = {
          traceId,
          spanId: attemptSpanIdOf(op.Id, attempt, executionArn),
          parentSpanId: span.spanId,
          name: attemptSpanName(name, attempt),
          startTimeMs: ms(event.EventTimestamp) ?? startMs,
          endTimeMs: ms(event.EventTimestamp) ?? startMs,
          attributes: { ...attributes, [A.ATTEMPT_NUMBER]: attempt },
          status: { code: 0 },
        };
        delete open.attributes[A.OPERATION_STATUS];
        spans.push(open);
      } else if ((event.EventType === EventType.StepSucceeded || event.EventType === EventType.StepFailed) && open) {
        open.endTimeMs = ms(event.EventTimestamp) ?? open.startTimeMs;
        const recorded = EVENT_OPERATION_STATUS[event.EventType].status;
        open.attributes[A.ATTEMPT_OUTCOME] = recorded;
        // The operation's status once the attempt ended: the status a RETRY leaves while a next attempt is
        // scheduled (a failed step's retry, and a waitForCondition check that continues: StepSucceeded).
        const retry = eventDetails(event)?.RetryDetails;
        open.attributes[A.OPERATION_STATUS] = retry?.NextAttemptDelaySeconds !== undefined ? OPERATION_TRANSITIONS.STEP.RETRY.to : recorded;
        if (event.EventType === EventType.StepFailed) failed(open, errorOf(event), messagePlainErrorAttemptSpanFailed(name, attempt), open.endTimeMs);
        open = undefined;
      }
    }
  }

  // The Workflow root, once the execution is over.
  if (terminal) {
    const status = Object.entries(ExecutionStatusEndEvents).find(([, events]) => (events as readonly string[]).includes(terminal.EventType))?.[0] ?? ExecutionStatus.RUNNING;
    const workflow: PlainSpan = {
      traceId,
      spanId: workflowSpanId,
      name: WORKFLOW_SPAN_NAME,
      startTimeMs: executionStart,
      endTimeMs: ms(terminal.EventTimestamp) ?? lastTime,
      attributes: { [A.EXECUTION_ARN]: executionArn, [A.EXECUTION_STATUS]: status },
      status: { code: 0 },
    };
    if (terminal.EventType !== EventType.ExecutionSucceeded) failed(workflow, errorOf(terminal), messagePlainErrorWorkflowSpanEnded(status), workflow.endTimeMs);
    spans.push(workflow);
  }
  return spans;
}

/** Options of {@link exportExecutionsToOtlp}. */
export interface OtlpExportOptions {
  /** The OTLP/HTTP traces URL. */
  url: string;
  /** Extra request headers (authentication, tenant). */
  headers?: Record<string, string>;
  /** `service.name` of the exported resource (default `durable-dev`). */
  serviceName?: string;
  /** Told about each export failure (default: ignored). */
  onError?: (error: Error, executionArn: string) => void;
  /** Told after each successful export. */
  onExported?: (executionArn: string, spanCount: number) => void;
}

/**
 * Exports each execution of `service` that reaches a terminal status as one trace. Returns a handle whose
 * `close()` stops listening and waits for exports in flight.
 */
export function exportExecutionsToOtlp(service: LocalDurableService, options: OtlpExportOptions): { close(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const exportOne = async (arn: string) => {
    const spans = spansFromHistory(arn, service.getHistory(arn), service.getOperations(arn));
    const body = encodeOtlpTraces(spans, { serviceName: options.serviceName ?? "durable-dev", scopeName: "durable-execution-sdk/dev" });
    await postOtlpTraces(options.url, body, options.headers ?? {});
    options.onExported?.(arn, spans.length);
  };
  const unsubscribe = service.onHistoryEvent((arn, event) => {
    if (!TERMINAL.has(event.EventType)) return;
    // After the update that recorded the event has been applied.
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => exportOne(arn))
      .catch((error: Error) => options.onError?.(error, arn))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  return {
    async close() {
      unsubscribe();
      await Promise.all([...inFlight]);
    },
  };
}

/** A resolved OTLP target: the traces URL and the request headers. */
export type OtlpTarget = { url: string; headers: Record<string, string> };

/**
 * What `durable dev` calls first: the target from `--otlp` or the `OTEL_EXPORTER_OTLP_*` environment
 * (undefined when neither is set); a bad URL becomes the error `usageError` builds.
 */
export function checkOtlpTarget(
  explicitUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  usageError: (message: string) => Error,
): OtlpTarget | undefined {
  try {
    return resolveOtlpTarget(explicitUrl, env);
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

/**
 * What `durable dev` calls once the service runs: starts exporting finished executions to `target`
 * (nothing when undefined). Export failures are reported through `log`.
 */
export function startDevOtlpExport(
  service: LocalDurableService,
  target: OtlpTarget | undefined,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): { url: string; close(): Promise<void> } | undefined {
  if (!target) return undefined;
  const exporter = exportExecutionsToOtlp(service, {
    url: target.url,
    headers: target.headers,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "durable-dev",
    onError: (error, arn) => log(`durable dev: could not export the trace of ${arn}: ${error.message}`),
  });
  return { url: target.url, close: () => exporter.close() };
}
