/**
 * Options and environment, on our SDK and runner: the global tracer provider (as the ADOT layer registers
 * it) with the plugin loaded from DURABLE_EXECUTION_PLUGINS through the `otel/execution` provider module;
 * the X-Ray header and W3C traceparent as trace context; enrichLogger on durable log lines; instrumentation
 * and Workflow span names; configuration errors.
 */
import { join } from "node:path";
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import {
  ExecutionOtelPlugin,
  InvocationOtelPlugin,
  deriveSpanIdFromOperationId,
  w3cClientContextExtractor,
  parseXRayTraceHeader,
  parseW3CTraceparent,
} from "../../src/otel.js";
import { inMemoryFactory, installContextManager } from "./scenario.js";

const XRAY_ROOT = "5759e988bd862e3fe1be46a994272793";
const XRAY_PARENT = "53995c3f42cd8ad8";

beforeAll(async () => {
  installContextManager();
  await ourTesting.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(() => ourTesting.LocalDurableTestRunner.teardownTestEnvironment());
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.DURABLE_EXECUTION_PLUGINS;
  delete process.env._X_AMZN_TRACE_ID;
});

/** The JSON lines the durable logger writes while `work` runs. */
async function logLines(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const grab = (chunk: unknown) => {
    for (const line of String(chunk).split("\n")) if (line.includes('"message":"inside the step"')) lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(grab as never);
  vi.spyOn(process.stderr, "write").mockImplementation(grab as never);
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void grab(args.join(" ")));
  vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void grab(args.join(" ")));
  await work();
  vi.restoreAllMocks();
  return lines;
}

const handlerBody = async (_event: unknown, ctx: any) => {
  await ctx.step("work", async (stepCtx: any) => {
    stepCtx.logger.info("inside the step");
    return 1;
  });
  await ctx.wait("pause", { seconds: 1 });
  return "done";
};

describe("global provider, DURABLE_EXECUTION_PLUGINS, X-Ray context", () => {
  it("the provider module loads from the environment; ids are deterministic in the global provider; the X-Ray Root is the trace id", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    try {
      process.env._X_AMZN_TRACE_ID = `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${XRAY_PARENT};Sampled=1`;
      process.env.DURABLE_EXECUTION_PLUGINS = join(import.meta.dirname, "../../src/otel-execution.ts");
      const handler = ourSdk.withDurableExecution(handlerBody);
      const runner = new ourTesting.LocalDurableTestRunner({ handlerFunction: handler });
      let status = "";
      const lines = await logLines(async () => {
        status = (await runner.run({ payload: {} })).getStatus();
      });
      expect(status).toBe("SUCCEEDED");
      const spans = exporter.getFinishedSpans();
      expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([XRAY_ROOT]));
      expect(spans.map((s) => s.name).sort()).toEqual(["Invocation", "Invocation", "Workflow", "pause", "work", "work attempt 1"]);
      expect(spans.every((s) => s.instrumentationScope.name === "durable-execution-sdk")).toBe(true);
      const arn = String(spans[0]!.attributes["durable.execution.arn"]);
      const work = spans.find((s) => s.name === "work")!;
      expect(work.spanContext().spanId).toBe(deriveSpanIdFromOperationId(String(work.attributes["durable.operation.id"]), arn));
      // Invocation spans hang under Workflow and link to Lambda's segment (the X-Ray Parent).
      for (const invocation of spans.filter((s) => s.name === "Invocation")) {
        expect(invocation.links.map((l) => l.context.spanId)).toEqual([XRAY_PARENT]);
      }
      // The log line written inside the step carries the attempt span's ids.
      const attempt = spans.find((s) => s.name === "work attempt 1")!;
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ traceId: XRAY_ROOT, spanId: attempt.spanContext().spanId, otelTraceSampled: true });
    } finally {
      trace.disable();
    }
  });
});

describe("options", () => {
  it("instrumentationName and workflowSpanName; enrichLogger: false keeps log lines unchanged", async () => {
    const { exporter, factory } = inMemoryFactory();
    const plugin = new ExecutionOtelPlugin({ tracerProviderFactory: factory, instrumentationName: "orders", workflowSpanName: "OrderFlow", enrichLogger: false });
    const runner = new ourTesting.LocalDurableTestRunner({ handlerFunction: ourSdk.withDurableExecution(handlerBody, { plugins: [plugin] }) });
    const lines = await logLines(() => runner.run({ payload: {} }));
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((s) => s.parentSpanContext === undefined).map((s) => s.name)).toEqual(["OrderFlow"]);
    expect(new Set(spans.map((s) => s.instrumentationScope.name))).toEqual(new Set(["orders"]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty("traceId");
    expect(lines[0]).not.toHaveProperty("spanId");
  });

  it("W3C traceparent (execution input) joins the caller's trace; invocation spans sit under the caller's span", async () => {
    const { exporter, factory } = inMemoryFactory();
    const plugin = new InvocationOtelPlugin({ tracerProviderFactory: factory, contextExtractor: w3cClientContextExtractor });
    const runner = new ourTesting.LocalDurableTestRunner({ handlerFunction: ourSdk.withDurableExecution(handlerBody, { plugins: [plugin] }) });
    const lines = await logLines(() => runner.run({ payload: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } }));
    expect(lines[0]).toMatchObject({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736" });
    const spans = exporter.getFinishedSpans();
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set(["4bf92f3577b34da6a3ce929d0e0e4736"]));
    const invocations = spans.filter((s) => s.name === "Invocation");
    expect(invocations).toHaveLength(2);
    for (const invocation of invocations) expect(invocation.parentSpanContext).toMatchObject({ spanId: "00f067aa0ba902b7", isRemote: true });
  });

  it("bad options are TypeErrors naming the option", () => {
    expect(() => new ExecutionOtelPlugin({ tracerProvider: {} } as never)).toThrow(
      "ExecutionOtelPlugin: unknown option 'tracerProvider'. Known options: tracerProviderFactory, contextExtractor, instrumentationName, workflowSpanName, enrichLogger.",
    );
    expect(() => new InvocationOtelPlugin({ workflowSpanName: "" })).toThrow("InvocationOtelPlugin: option 'workflowSpanName' must be a non-empty string.");
    expect(() => new InvocationOtelPlugin({ enrichLogger: "yes" as never })).toThrow("InvocationOtelPlugin: option 'enrichLogger' must be a boolean.");
    expect(() => new ExecutionOtelPlugin({ contextExtractor: "xray" as never })).toThrow("ExecutionOtelPlugin: option 'contextExtractor' must be a function; got string.");
  });
});

describe("context parsing", () => {
  it("X-Ray header: Root → trace id, Parent kept when valid, Sampled decides", () => {
    expect(parseXRayTraceHeader(`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${XRAY_PARENT};Sampled=0`)).toEqual({
      traceId: XRAY_ROOT,
      parentSpanId: XRAY_PARENT,
      sampling: "NOT_SAMPLED",
    });
    expect(parseXRayTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000")).toEqual({ traceId: XRAY_ROOT, sampling: "UNDECIDED" });
    expect(parseXRayTraceHeader("Root=1-00000000-000000000000000000000000")).toBeUndefined();
    expect(parseXRayTraceHeader("Parent=53995c3f42cd8ad8")).toBeUndefined();
  });

  it("W3C traceparent: four fields, non-zero ids, flags", () => {
    expect(parseW3CTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "00f067aa0ba902b7",
      traceFlags: 0,
      sampling: "NOT_SAMPLED",
    });
    expect(parseW3CTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseW3CTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).toBeUndefined();
  });
});
