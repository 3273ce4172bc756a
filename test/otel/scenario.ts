/**
 * The traced scenario shared by the OTel tests: a durable handler with a step, a wait, a step that fails
 * once and is retried, a callback, a child context (with an "HTTP" span opened by other instrumentation
 * inside its step) and a map, run on a runner with the given SDK and OTel plugin; plus a renderer that
 * turns exported spans into an exact, id-free tree.
 */
import { context, trace, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { DurableInstrumentationPlugin } from "../../src/index.js";

export type Sdk = { withDurableExecution: (handler: any, config?: any) => any };
export type Testing = { LocalDurableTestRunner: any; WaitingOperationStatus: any };

let contextManagerInstalled = false;
/** AsyncLocalStorage context propagation (what the Node OTel SDK and the ADOT layer install). */
export function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export interface TracedRun {
  spans: ReadableSpan[];
  status: string;
  result: unknown;
  invocations: number;
  executionArn: string;
}

/** An in-memory exporting provider built through the plugin's tracerProviderFactory. */
export function inMemoryFactory() {
  const exporter = new InMemorySpanExporter();
  let provider: BasicTracerProvider | undefined;
  const factory = (createIdGenerator: () => any): TracerProvider => {
    provider = new BasicTracerProvider({ idGenerator: createIdGenerator(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    return provider;
  };
  return { exporter, factory, provider: () => provider };
}

/**
 * The scenario's durable handler. `appTracer` is the provider other instrumentation uses (the "HTTP"
 * span inside the child context's step); without one, no such span is opened.
 */
export function scenarioHandler(
  sdk: Sdk,
  plugins: DurableInstrumentationPlugin[],
  appTracer: () => TracerProvider | undefined,
  waitSeconds = 5,
  onStepBody: () => void = () => {},
): unknown {
  let flakyCalls = 0;
  return sdk.withDurableExecution(
    async (_event: unknown, ctx: any) => {
      await ctx.step("one", async () => (onStepBody(), 1));
      await ctx.wait("pause", { seconds: waitSeconds });
      await ctx.step(
        "flaky",
        async () => {
          onStepBody();
          if (++flakyCalls === 1) throw new Error("first try fails");
          return 2;
        },
        { retryStrategy: (_error: unknown, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
      );
      const approval = await ctx.waitForCallback("approve", async () => {});
      await ctx.runInChildContext("child", async (child: any) => {
        await child.step("inner", async () => {
          onStepBody();
          const provider = appTracer();
          if (provider) provider.getTracer("app-http").startSpan("GET /inventory").end();
          return 3;
        });
      });
      await ctx.map("items", [1, 2], async (item: any, x: number) => item.step("square", async () => (onStepBody(), x * x)));
      return approval;
    },
    plugins.length > 0 ? { plugins } : undefined,
  );
}

/** The identities of exported spans (ids, parent, links), without the "HTTP" span user code opens. */
export function spanIdentities(spans: ReadableSpan[]) {
  return spans
    .filter((span) => span.name !== "GET /inventory")
    .map((span) => ({
      name: span.name,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      links: span.links.map((link) => link.context.spanId),
    }))
    .sort((a, b) => `${a.spanId} ${a.name}`.localeCompare(`${b.spanId} ${b.name}`));
}

/** Runs the scenario on `testing`'s runner with `plugin`. */
export async function runScenario(
  sdk: Sdk,
  testing: Testing,
  plugin: DurableInstrumentationPlugin,
  appTracer: () => TracerProvider | undefined,
): Promise<Omit<TracedRun, "spans" | "executionArn">> {
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: scenarioHandler(sdk, [plugin], appTracer) });
  const execution = runner.run({ payload: { order: 7 } });
  const callback = runner.getOperation("approve");
  await callback.waitForData(testing.WaitingOperationStatus.SUBMITTED);
  await callback.sendCallbackSuccess(JSON.stringify("approved"));
  const result = await execution;
  return { status: result.getStatus(), result: result.getResult(), invocations: result.getInvocations().length };
}

const hex = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const nanos = (span: ReadableSpan) => BigInt(span.startTime[0]) * 1_000_000_000n + BigInt(span.startTime[1]);

/** A compact label: what kind of span it is and its durable attributes. */
function label(span: ReadableSpan, invocationNumber: Map<string, number>): string {
  const a = span.attributes;
  if (a["durable.attempt.number"] !== undefined) return `${span.name} (${a["durable.attempt.outcome"]}, op ${a["durable.operation.status"]})`;
  if (a["durable.operation.id"] !== undefined) {
    const sub = a["durable.operation.subtype"] === undefined ? "" : `/${a["durable.operation.subtype"]}`;
    return `${span.name} (${a["durable.operation.type"]}${sub} ${a["durable.operation.status"]})`;
  }
  if (a["durable.invocation.status"] !== undefined) {
    return `${span.name} #${invocationNumber.get(hex(span))} (first=${a["durable.invocation.first"]}, ${a["durable.invocation.status"]})`;
  }
  if (a["durable.execution.status"] !== undefined) return `${span.name} (${a["durable.execution.status"]})`;
  return span.name;
}

/**
 * Renders spans as an indented tree of labels, with error statuses, exception events and links (by the
 * linked span's label). Roots are spans whose parent was not exported. Invocation spans are numbered in
 * start order; siblings are ordered by name, operation id, then start time.
 */
export function renderTree(spans: ReadableSpan[]): string {
  const byId = new Map(spans.map((span) => [hex(span), span]));
  const invocationNumber = new Map(
    spans
      .filter((span) => span.attributes["durable.invocation.status"] !== undefined)
      .sort((a, b) => (nanos(a) < nanos(b) ? -1 : 1))
      .map((span, index) => [hex(span), index + 1]),
  );
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parent = parentOf(span);
    const key = parent !== undefined && byId.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const order = (a: ReadableSpan, b: ReadableSpan) =>
    a.name.localeCompare(b.name) ||
    String(a.attributes["durable.operation.id"] ?? "").localeCompare(String(b.attributes["durable.operation.id"] ?? "")) ||
    (nanos(a) < nanos(b) ? -1 : nanos(a) > nanos(b) ? 1 : 0);
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    const pad = "  ".repeat(depth);
    const status = span.status.code === 2 ? ` ERROR(${span.status.message})` : span.status.code === 1 ? " OK" : "";
    lines.push(`${pad}${label(span, invocationNumber)}${status}`);
    for (const event of span.events) lines.push(`${pad}  ! ${event.name}: ${String(event.attributes?.["exception.message"] ?? "")}`);
    for (const link of span.links) {
      const target = byId.get(link.context.spanId);
      lines.push(`${pad}  -> ${target ? label(target, invocationNumber) : `(not exported ${link.context.spanId})`}`);
    }
    for (const child of (children.get(hex(span)) ?? []).sort(order)) walk(child, depth + 1);
  };
  for (const root of (children.get(undefined) ?? []).sort(order)) walk(root, 0);
  return lines.join("\n");
}
