/**
 * `durable dev --otlp`: the dev server (LocalHttpServer) exports each finished execution as one OTLP/HTTP
 * JSON trace built from its history, with no plugin in the handler. A local HTTP server stands in for the
 * backend and checks the payload (OTLP JSON mapping: hex ids, nanosecond strings, typed attribute values).
 * The exported tree equals the ExecutionOtelPlugin's execution view of the same scenario, ids included
 * (only the "HTTP" span, which exists only inside the handler, is absent). Also: target resolution from
 * --otlp and the OTEL_EXPORTER_OTLP_* environment, and a refused export reported, not thrown.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { exportExecutionsToOtlp, resolveOtlpTarget } from "../../src/local/otlp-export.js";
import { deriveTraceIdFromArn, deriveWorkflowSpanId } from "../../src/otel.js";
import { EXECUTION_VIEW } from "./expected-trees.js";
import { renderTree, scenarioHandler, type Sdk } from "./scenario.js";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: any;
}

/** A stand-in OTLP/HTTP backend: records each request; answers `status`. */
async function backend(status = 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? "{}" : '{"message":"no"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

/** OTLP JSON spans back into the shape renderTree reads. */
function asReadable(span: any): any {
  const nanos = BigInt(span.startTimeUnixNano);
  const value = (v: any) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
  const attributes = (list: any[]) => Object.fromEntries(list.map((kv) => [kv.key, value(kv.value)]));
  return {
    name: span.name,
    spanContext: () => ({ traceId: span.traceId, spanId: span.spanId }),
    parentSpanContext: span.parentSpanId ? { spanId: span.parentSpanId } : undefined,
    startTime: [Number(nanos / 1_000_000_000n), Number(nanos % 1_000_000_000n)],
    attributes: attributes(span.attributes),
    status: { code: span.status.code, message: span.status.message },
    events: span.events.map((event: any) => ({ name: event.name, attributes: attributes(event.attributes) })),
    links: span.links.map((link: any) => ({ context: { spanId: link.spanId } })),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("durable dev --otlp", () => {
  it("a finished execution on the dev server arrives at the backend as the execution view, ids included", { timeout: 60_000 }, async () => {
    const otlp = await backend();
    cleanups.push(() => new Promise((resolve) => otlp.server.close(() => resolve())));
    const server = await LocalHttpServer.start({ port: 0 });
    cleanups.push(() => server.close());
    server.registerFunction("orders", scenarioHandler(ourSdk as unknown as Sdk, [], () => undefined, 1) as any);
    server.acceptRequests();
    const target = resolveOtlpTarget(otlp.url, { OTEL_EXPORTER_OTLP_HEADERS: "x-team=durable%20dev" })!;
    const exported: string[] = [];
    const exporter = exportExecutionsToOtlp(server.service, { ...target, onExported: (arn) => exported.push(arn) });
    cleanups.push(() => exporter.close());

    const arn = server.service.startExecution({ functionName: "orders", input: { order: 7 } });
    // Send the callback once the invocation that created it has ended (as the runner's tests do), so the
    // execution takes the same four invocations as under the test runner.
    let callbackId: string | undefined;
    for (let i = 0; i < 800 && !callbackId; i++) {
      const history = server.service.getHistory(arn);
      const created = history.findIndex((event) => event.EventType === "CallbackStarted");
      if (created >= 0 && history.slice(created).some((event) => event.EventType === "InvocationCompleted")) {
        callbackId = history[created]!.CallbackStartedDetails!.CallbackId;
      } else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    server.service.sendCallbackSuccess(callbackId!, JSON.stringify("approved"));
    expect((await server.service.waitForCompletion(arn, { timeoutMs: 30_000 })).Status).toBe("SUCCEEDED");
    await exporter.close();

    expect(exported).toEqual([arn]);
    expect(otlp.received).toHaveLength(1);
    const [request] = otlp.received;
    expect(request!.path).toBe("/v1/traces");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["x-team"]).toBe("durable dev");
    const resource = request!.body.resourceSpans[0];
    expect(resource.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "durable-dev" } }]);
    const spans: any[] = resource.scopeSpans[0].spans;
    for (const span of spans) {
      expect(span.traceId).toBe(deriveTraceIdFromArn(arn));
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
      expect(span.kind).toBe(1);
    }
    expect(spans.find((s) => s.name === "Workflow").spanId).toBe(deriveWorkflowSpanId(arn));
    const attempt = spans.find((s) => s.name === "flaky attempt 1");
    expect(attempt.attributes).toContainEqual({ key: "durable.attempt.number", value: { intValue: "1" } });
    expect(attempt.status).toEqual({ code: 2, message: "first try fails" });

    const withoutAppSpan = EXECUTION_VIEW.split("\n").filter((line) => !line.includes("GET /inventory")).join("\n");
    expect(renderTree(spans.map(asReadable))).toBe(withoutAppSpan);
  });

  it("a refused export is reported through onError and does not disturb the service", { timeout: 30_000 }, async () => {
    const otlp = await backend(503);
    cleanups.push(() => new Promise((resolve) => otlp.server.close(() => resolve())));
    const server = await LocalHttpServer.start({ port: 0 });
    cleanups.push(() => server.close());
    server.registerFunction("quick", ourSdk.withDurableExecution(async (_e: unknown, ctx: any) => ctx.step("s", async () => 1)) as any);
    server.acceptRequests();
    const errors: string[] = [];
    const exporter = exportExecutionsToOtlp(server.service, { url: `${otlp.url}/v1/traces`, onError: (error) => errors.push(error.message) });
    const arn = server.service.startExecution({ functionName: "quick" });
    expect((await server.service.waitForCompletion(arn, { timeoutMs: 10_000 })).Status).toBe("SUCCEEDED");
    await exporter.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^OTLP export to http:\/\/127\.0\.0\.1:\d+\/v1\/traces was refused: HTTP 503/);
  });
});

describe("resolveOtlpTarget", () => {
  it("--otlp wins; a bare host gets /v1/traces; a path is kept", () => {
    expect(resolveOtlpTarget("http://localhost:4318", {})).toEqual({ url: "http://localhost:4318/v1/traces", headers: {} });
    expect(resolveOtlpTarget("http://collector:4318/custom/traces", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://other:4318" })!.url).toBe(
      "http://collector:4318/custom/traces",
    );
  });

  it("the standard environment: TRACES_ENDPOINT as given, ENDPOINT plus /v1/traces; headers merged, trace-specific last", () => {
    expect(resolveOtlpTarget(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318/" })!.url).toBe("http://jaeger:4318/v1/traces");
    expect(
      resolveOtlpTarget(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://api.example.com/traces",
        OTEL_EXPORTER_OTLP_HEADERS: "a=1,b=2",
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: "b=3",
      }),
    ).toEqual({ url: "https://api.example.com/traces", headers: { a: "1", b: "3" } });
    expect(resolveOtlpTarget(undefined, {})).toBeUndefined();
  });

  it("a bad URL is a TypeError naming its source and the fix", () => {
    expect(() => resolveOtlpTarget("localhost:4318", {})).toThrow(/--otlp: 'localhost:4318' must be an http:\/\/ or https:\/\/ URL/);
    expect(() => resolveOtlpTarget(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" })).toThrow(
      "OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url/v1/traces' is not a URL. Give the OTLP/HTTP endpoint, e.g. http://localhost:4318/v1/traces.",
    );
  });
});
