/**
 * Exact span trees of both views for one multi-invocation execution (step, wait, a step retried once,
 * a callback, a child context with another instrumentation's span inside a step, a map), exported by
 * @opentelemetry/sdk-trace-base's in-memory exporter. The SDK under test is a parameter.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import { ExecutionOtelPlugin, InvocationOtelPlugin, deriveSpanIdFromOperationId, deriveTraceIdFromArn, deriveWorkflowSpanId } from "../../src/otel.js";
import { EXECUTION_VIEW, INVOCATION_VIEW } from "./expected-trees.js";
import { inMemoryFactory, installContextManager, renderTree, runScenario, type Sdk, type Testing } from "./scenario.js";

const sdks: [string, Sdk][] = [
  ["reference SDK", referenceSdk as unknown as Sdk],
  ["our SDK", ourSdk as unknown as Sdk],
];
const testing = ourTesting as unknown as Testing;

beforeAll(async () => {
  installContextManager();
  await testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(() => testing.LocalDurableTestRunner.teardownTestEnvironment());

for (const [label, sdk] of sdks) {
  describe(`${label} on our runner`, () => {
    it("ExecutionOtelPlugin: one trace rooted at Workflow", async () => {
      const { exporter, factory, provider } = inMemoryFactory();
      const run = await runScenario(sdk, testing, new ExecutionOtelPlugin({ tracerProviderFactory: factory }), provider);
      const spans = exporter.getFinishedSpans();
      const arn = String(spans.find((s) => s.name === "Workflow")?.attributes["durable.execution.arn"]);
      expect(run.status).toBe("SUCCEEDED");
      expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([deriveTraceIdFromArn(arn)]));
      expect(spans.find((s) => s.name === "Workflow")!.spanContext().spanId).toBe(deriveWorkflowSpanId(arn));
      expect(run.invocations).toBe(4);
      expect(renderTree(spans)).toBe(EXECUTION_VIEW);
      // Full attribute sets of one operation span, one attempt span, one invocation span.
      const flaky = spans.find((s) => s.name === "flaky")!;
      expect(flaky.attributes).toEqual({
        "durable.execution.arn": arn,
        "durable.operation.id": "eccbc87e4b5ce2fe",
        "durable.operation.type": "STEP",
        "durable.operation.name": "flaky",
        "durable.operation.subtype": "Step",
        "durable.operation.status": "SUCCEEDED",
      });
      expect(flaky.spanContext().spanId).toBe(deriveSpanIdFromOperationId("eccbc87e4b5ce2fe", arn));
      const attempt = spans.find((s) => s.name === "flaky attempt 1")!;
      expect(attempt.attributes).toEqual({
        "durable.execution.arn": arn,
        "durable.operation.id": "eccbc87e4b5ce2fe",
        "durable.operation.type": "STEP",
        "durable.operation.name": "flaky",
        "durable.operation.subtype": "Step",
        "durable.operation.status": "PENDING",
        "durable.attempt.number": 1,
        "durable.attempt.outcome": "FAILED",
      });
      const first = spans.find((s) => s.name === "Invocation" && s.attributes["durable.invocation.first"] === true)!;
      expect(Object.keys(first.attributes).sort()).toEqual([
        "durable.execution.arn",
        "durable.invocation.first",
        "durable.invocation.status",
        "faas.invocation_id",
      ]);
      // Every parent id points at an exported span except Workflow's (it is the root).
      const ids = new Set(spans.map((s) => s.spanContext().spanId));
      expect(spans.filter((s) => s.parentSpanContext && !ids.has(s.parentSpanContext.spanId)).map((s) => s.name)).toEqual([]);
    });
    it("InvocationOtelPlugin: invocation spans as roots", async () => {
      const { exporter, factory, provider } = inMemoryFactory();
      const run = await runScenario(sdk, testing, new InvocationOtelPlugin({ tracerProviderFactory: factory }), provider);
      const spans = exporter.getFinishedSpans();
      const arn = String(spans.find((s) => s.name === "Invocation")?.attributes["durable.execution.arn"]);
      expect(run.status).toBe("SUCCEEDED");
      expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([deriveTraceIdFromArn(arn)]));
      expect(run.invocations).toBe(4);
      expect(renderTree(spans)).toBe(INVOCATION_VIEW);
      const ids = new Set(spans.map((s) => s.spanContext().spanId));
      expect(spans.filter((s) => s.parentSpanContext && !ids.has(s.parentSpanContext.spanId)).map((s) => s.name)).toEqual([]);
      // The first span of an operation carries the id derived from its operation id; continuations link to it.
      const pauses = spans.filter((s) => s.name === "pause");
      expect(pauses.map((s) => s.attributes["durable.operation.status"])).toEqual(["STARTED", "SUCCEEDED"]);
      expect(pauses[0]!.spanContext().spanId).toBe(deriveSpanIdFromOperationId("c81e728d9d4c2f63", arn));
      expect(pauses[1]!.links.map((l) => l.context.spanId)).toEqual([pauses[0]!.spanContext().spanId]);
    });
  });
}

describe("ExecutionOtelPlugin: a child context that runs across three invocations", () => {
  for (const [label, sdk] of sdks) {
    it(`${label}: links to each of the three invocations, in order; its inner operations to theirs`, async () => {
      const { exporter, factory } = inMemoryFactory();
      const handler = sdk.withDurableExecution(
        async (_event: unknown, ctx: any) =>
          ctx.runInChildContext("long", async (child: any) => {
            await child.wait("first", { seconds: 1 });
            await child.wait("second", { seconds: 1 });
            return child.step("last", async () => "done");
          }),
        { plugins: [new ExecutionOtelPlugin({ tracerProviderFactory: factory })] },
      );
      const result = await new testing.LocalDurableTestRunner({ handlerFunction: handler }).run();
      expect(result.getStatus()).toBe("SUCCEEDED");
      const spans = exporter.getFinishedSpans();
      const nanos = (s: (typeof spans)[number]) => s.startTime[0] * 1e9 + s.startTime[1];
      const invocations = spans.filter((s) => s.name === "Invocation").sort((a, b) => nanos(a) - nanos(b)).map((s) => s.spanContext().spanId);
      expect(invocations).toHaveLength(3);
      const linksOf = (name: string) => spans.find((s) => s.name === name)!.links.map((link) => invocations.indexOf(link.context.spanId) + 1);
      expect(Object.fromEntries(["long", "first", "second", "last"].map((name) => [name, linksOf(name)]))).toEqual({
        long: [1, 2, 3],
        first: [1, 2],
        second: [2, 3],
        last: [3],
      });
    });
  }
});
