/**
 * replayHistory(handler, history): histories recorded by our runner and by the reference's runner
 * (getHistoryEvents), finished and in flight (a prefix of the events, as GetDurableExecutionHistory
 * returns while the execution runs), replayed against the same code (ok) and against changed code
 * (a diff of expected vs found).
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as referenceTesting from "@aws/durable-execution-sdk-js-testing";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDurableExecutionArn, parseFunctionArn } from "../../src/generated/lambda-api.js";
import * as ourSdk from "../../src/index.js";
import { LocalDurableTestRunner, replayHistory, TestRunnerUsageError } from "../../src/testing.js";

type Sdk = { withDurableExecution: (handler: any) => any };

/** Version 1 of an order workflow, as deployed. */
const orderV1 = (sdk: Sdk) =>
  sdk.withDurableExecution(async (event: { id: string }, context: any) => {
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
    await context.wait("cool-off", { seconds: 60 });
    const packed = await context.runInChildContext("pack", async (inner: any) => inner.step("box", async () => "boxed"));
    return `${reserved}, ${packed}`;
  });

/** The same workflow with a compatible change after the last recorded operation. */
const orderV2Compatible = (sdk: Sdk) =>
  sdk.withDurableExecution(async (event: { id: string }, context: any) => {
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
    await context.wait("cool-off", { seconds: 60 });
    const packed = await context.runInChildContext("pack", async (inner: any) => inner.step("box", async () => "boxed"));
    return `${reserved}, ${packed}`;
  });

/** A breaking change: a step renamed. */
const orderV2Renamed = (sdk: Sdk) =>
  sdk.withDurableExecution(async (event: { id: string }, context: any) => {
    const reserved = await context.step("reserve-stock", async () => `reserved ${event.id}`);
    await context.wait("cool-off", { seconds: 60 });
    return reserved;
  });

/** A breaking change: a step inserted before the wait. */
const orderV2Inserted = (sdk: Sdk) =>
  sdk.withDurableExecution(async (event: { id: string }, context: any) => {
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
    await context.step("fraud-check", async () => "ok");
    await context.wait("cool-off", { seconds: 60 });
    return reserved;
  });

/** Changed output: replays fine but returns something else. */
const orderV2NewResult = (sdk: Sdk) =>
  sdk.withDurableExecution(async (event: { id: string }, context: any) => {
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
    await context.wait("cool-off", { seconds: 60 });
    const packed = await context.runInChildContext("pack", async (inner: any) => inner.step("box", async () => "boxed"));
    return { reserved, packed };
  });

/** Version 1 again, its first step's serdes noting the durable execution ARN it is given. */
const orderV1SeeingArn = (seen: string[]) =>
  ourSdk.withDurableExecution(async (event: { id: string }, context) => {
    const serdes = {
      serialize: async (value: unknown, ctx: ourSdk.SerdesContext) => (seen.push(ctx.durableExecutionArn), JSON.stringify(value)),
      deserialize: async (data: string | undefined, ctx: ourSdk.SerdesContext) => (seen.push(ctx.durableExecutionArn), data === undefined ? undefined : JSON.parse(data)),
    };
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`, { serdes });
    await context.wait("cool-off", { seconds: 60 });
    const packed = await context.runInChildContext("pack", async (inner) => inner.step("box", async () => "boxed"));
    return `${reserved}, ${packed}`;
  });

/** Version 1 with its values in files under `basePath` (createFileSystemSerdes, every value in a file). */
const orderV1InFiles = (basePath: string) =>
  ourSdk.withDurableExecution(async (event: { id: string }, context) => {
    context.configureSerdes({ defaultSerdes: ourSdk.createFileSystemSerdes(basePath, { storageMode: ourSdk.FileSystemSerdesMode.ALWAYS }) });
    const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
    await context.wait("cool-off", { seconds: 60 });
    const packed = await context.runInChildContext("pack", async (inner) => inner.step("box", async () => "boxed"));
    return `${reserved}, ${packed}`;
  });

/** The events up to (and including) the first event of `type`: the history of an execution still in flight. */
function prefixThrough(events: any[], type: string): any[] {
  const end = events.findIndex((event) => event.EventType === type);
  expect(end).toBeGreaterThan(0);
  return events.slice(0, end + 1);
}

describe("histories recorded by our runner", () => {
  let finished: any[];
  beforeAll(async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const result = await new LocalDurableTestRunner({ handlerFunction: orderV1(ourSdk) }).run({ payload: { id: "o-1" } });
    expect(result.getResult()).toBe("reserved o-1, boxed");
    finished = result.getHistoryEvents();
  });
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("the same code replays a finished history to the same result", async () => {
    const report = await replayHistory(orderV1(ourSdk), finished);
    expect(report).toMatchObject({ ok: true, outcome: "finished", differences: [] });
    expect(report.expected.map((op) => `${op.type} ${op.name}`)).toEqual(["STEP reserve", "WAIT cool-off", "CONTEXT pack", "STEP box"]);
  });

  it("an in-flight history (recorded during the wait) replays on compatible code: it suspends where the recorded execution waits", async () => {
    const inFlight = prefixThrough(finished, "WaitStarted");
    const report = await replayHistory(orderV2Compatible(ourSdk), inFlight);
    expect(report).toMatchObject({ ok: true, outcome: "suspended" });
  });

  it("after the wait ended, the replay goes on to new work and reports its first checkpoint", async () => {
    const inFlight = prefixThrough(finished, "WaitSucceeded");
    const report = await replayHistory(orderV2Compatible(ourSdk), inFlight);
    expect(report).toMatchObject({ ok: true, outcome: "reached-end-of-history" });
    expect(report.nextUpdates.join(" ")).toMatch(/CONTEXT.*"pack" START/);
  });

  it("a renamed step is non-determinism: the diff names the recorded operation and what the new code does there", async () => {
    const report = await replayHistory(orderV2Renamed(ourSdk), prefixThrough(finished, "WaitStarted"));
    expect(report.ok).toBe(false);
    expect(report.outcome).toBe("non-deterministic");
    expect(report.mismatch?.expected).toMatchObject({ index: 0, type: "STEP", name: "reserve" });
    expect(report.mismatch?.found).toEqual({ name: "reserve-stock" });
    expect(report.differences).toEqual(['operation #0: expected #0 STEP "reserve" SUCCEEDED, found #0 STEP "reserve-stock" (new code)']);
    expect(report.summary).toContain("recorded operations:");
  });

  it("a step inserted before the wait is non-determinism (a STEP where the WAIT was recorded)", async () => {
    const report = await replayHistory(orderV2Inserted(ourSdk), prefixThrough(finished, "WaitStarted"));
    expect(report.outcome).toBe("non-deterministic");
    expect(report.mismatch?.expected).toMatchObject({ index: 1, type: "WAIT", name: "cool-off" });
    expect(report.differences[0]).toMatch(/^operation #1: expected #1 WAIT "cool-off" STARTED, found /);
  });

  it("code that replays but returns something else is a different outcome on a finished history", async () => {
    const report = await replayHistory(orderV2NewResult(ourSdk), finished);
    expect(report).toMatchObject({ ok: false, outcome: "different-outcome" });
    expect(report.differences).toEqual(['result: expected "reserved o-1, boxed", found {"reserved":"reserved o-1","packed":"boxed"}']);
  });

  it("code that finishes where the recorded execution still waits is reported", async () => {
    const early = ourSdk.withDurableExecution(async (_event: unknown, context: any) => context.step("reserve", async () => "x"));
    const report = await replayHistory(early, prefixThrough(finished, "WaitStarted"));
    expect(report.ok).toBe(false);
    expect(report.differences[0]).toMatch(/the new code finished \(SUCCEEDED\) while the recorded execution was waiting for #1 WAIT "cool-off" STARTED/);
  });

  it("takes the JSON of `durable history --json` ({ Execution, Events } with ISO timestamps)", async () => {
    const json = JSON.parse(JSON.stringify({ Execution: { Status: "RUNNING" }, Events: prefixThrough(finished, "WaitStarted") }));
    expect(typeof json.Events[0].EventTimestamp).toBe("string");
    await expect(replayHistory(orderV1(ourSdk), json)).resolves.toMatchObject({ ok: true, outcome: "suspended" });
    await expect(replayHistory(orderV2Renamed(ourSdk), json)).resolves.toMatchObject({ ok: false, outcome: "non-deterministic" });
  });

  it("the replayed handler sees a durable execution ARN of the generated grammar (placeholders where the history records none)", async () => {
    const seen: string[] = [];
    await expect(replayHistory(orderV1SeeingArn(seen), finished)).resolves.toMatchObject({ ok: true, outcome: "finished" });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(1);
    expect(parseDurableExecutionArn(seen[0]!)).toMatchObject({ partition: "aws", functionName: "replay", qualifier: "$LATEST", executionName: "replay" });
  });

  it("the replayed handler sees the recorded ARN when the history carries it (`durable history --json`'s Execution)", async () => {
    const arn = "arn:aws-cn:lambda:cn-north-1:111122223333:function:orders:7/durable-execution/order-1/4f1e6b2c";
    const seen: string[] = [];
    const json = { Execution: { DurableExecutionArn: arn, DurableExecutionName: "order-1" }, Events: finished };
    await expect(replayHistory(orderV1SeeingArn(seen), json)).resolves.toMatchObject({ ok: true, outcome: "finished" });
    expect([...new Set(seen)]).toEqual([arn]);
    // Not an ARN of the grammar: the name still comes from the history, the rest are placeholders.
    seen.length = 0;
    await replayHistory(orderV1SeeingArn(seen), { Execution: { DurableExecutionArn: "nope", DurableExecutionName: "order-1" }, Events: finished });
    expect(parseDurableExecutionArn(seen[0]!)).toMatchObject({ functionName: "replay", executionName: "order-1" });
  });

  it("the replayed handler's Lambda context is the function as invoked: the execution ARN's function ARN with its qualifier (or none), in its partition", async () => {
    const seeingContext = (seen: { arn: string; invoked: string; name: string }[]) =>
      ourSdk.withDurableExecution(async (_event: unknown, context) => {
        const { invokedFunctionArn: invoked, functionName: name } = context.lambdaContext;
        const serdes = {
          serialize: async (value: unknown, ctx: ourSdk.SerdesContext) => (seen.push({ arn: ctx.durableExecutionArn, invoked, name }), JSON.stringify(value)),
          deserialize: async (data: string | undefined) => (data === undefined ? undefined : JSON.parse(data)),
        };
        return context.step("reserve", async () => "reserved", { serdes });
      });
    const started = finished.filter((event) => event.EventType === "ExecutionStarted");
    const invokedFor = async (history: any) => {
      const seen: { arn: string; invoked: string; name: string }[] = [];
      await replayHistory(seeingContext(seen), history);
      expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1);
      return seen[0]!;
    };
    // Minted: the placeholder function at $LATEST, in the execution ARN's Region and account.
    const minted = await invokedFor(started);
    const execution = parseDurableExecutionArn(minted.arn)!;
    expect(parseFunctionArn(minted.invoked)).toEqual({ partition: "aws", region: execution.region, accountId: execution.accountId, functionName: "replay", qualifier: "$LATEST" });
    expect(minted.name).toBe("replay");
    // Recorded, with a qualifier and in another partition: kept as recorded.
    const qualified = "arn:aws-cn:lambda:cn-north-1:111122223333:function:orders:7/durable-execution/order-1/4f1e6b2c";
    expect(await invokedFor({ Execution: { DurableExecutionArn: qualified }, Events: started })).toEqual({ arn: qualified, invoked: "arn:aws-cn:lambda:cn-north-1:111122223333:function:orders:7", name: "orders" });
    // Recorded without a qualifier (the grammar allows it): the unqualified function ARN.
    const unqualified = "arn:aws:lambda:eu-west-1:111122223333:function:orders/durable-execution/order-1/4f1e6b2c";
    expect(await invokedFor({ Execution: { DurableExecutionArn: unqualified }, Events: started })).toEqual({ arn: unqualified, invoked: "arn:aws:lambda:eu-west-1:111122223333:function:orders", name: "orders" });
  });

  it("a replayed handler using createFileSystemSerdes writes its new work to <function>/<execution>/<id>/", async () => {
    const basePath = mkdtempSync(join(tmpdir(), "replay-fs-"));
    try {
      const recorded = await new LocalDurableTestRunner({ handlerFunction: orderV1InFiles(basePath) }).run({ payload: { id: "o-1" } });
      expect(recorded.getResult()).toBe("reserved o-1, boxed");
      // In flight while "box" ran: the replay runs its body again and writes its result to a file
      // (under the replay's ARN) before its first checkpoint.
      const events = recorded.getHistoryEvents() as any[];
      const boxStarted = events.findIndex((event) => event.EventType === "StepStarted" && event.Name === "box");
      const report = await replayHistory(orderV1InFiles(basePath), events.slice(0, boxStarted + 1));
      expect(report).toMatchObject({ ok: true, outcome: "reached-end-of-history", nextUpdates: ['STEP "box" SUCCEED'] });
      // The replay's ARN takes the execution id from ExecutionStarted's Id (the EXECUTION operation's, as on Lambda).
      expect(events[0]).toMatchObject({ EventType: "ExecutionStarted", Id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(readdirSync(join(basePath, "replay", "replay", events[0].Id))).toEqual(["3-1.json"]);
    } finally {
      rmSync(basePath, { recursive: true, force: true });
    }
  });

  it("bad input is a typed error naming the fix", async () => {
    await expect(replayHistory(orderV1(ourSdk), { events: [] } as never)).rejects.toThrow(TestRunnerUsageError);
    await expect(replayHistory(orderV1(ourSdk), { events: [] } as never)).rejects.toThrow(/history must be an array of history events or \{ Events.* \(received an object with events\)$/);
    await expect(replayHistory(orderV1(ourSdk), [{ nope: 1 }] as never)).rejects.toThrow(/Events\[0\] is not a history event \(it needs an EventType\) \(received an object with nope\)/);
    await expect(replayHistory(orderV1(ourSdk), finished.slice(1))).rejects.toThrow(/no ExecutionStarted event/);
    await expect(replayHistory("handler" as never, finished)).rejects.toThrow(/handler must be the function withDurableExecution returned/);
  });
});

describe("histories recorded by the reference runner (getHistoryEvents)", () => {
  let finished: any[];
  beforeAll(async () => {
    await referenceTesting.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    try {
      const runner = new referenceTesting.LocalDurableTestRunner({ handlerFunction: orderV1(referenceSdk) });
      const result = await runner.run({ payload: { id: "o-1" } });
      expect(result.getResult()).toBe("reserved o-1, boxed");
      finished = JSON.parse(JSON.stringify(result.getHistoryEvents()));
    } finally {
      await referenceTesting.LocalDurableTestRunner.teardownTestEnvironment();
    }
  }, 60_000);

  it("replays on our SDK: same code ok, in flight ok, renamed step caught with the same diff", async () => {
    await expect(replayHistory(orderV1(ourSdk), finished)).resolves.toMatchObject({ ok: true, outcome: "finished" });
    await expect(replayHistory(orderV1(ourSdk), prefixThrough(finished, "WaitStarted"))).resolves.toMatchObject({ ok: true, outcome: "suspended" });
    const renamed = await replayHistory(orderV2Renamed(ourSdk), prefixThrough(finished, "WaitStarted"));
    expect(renamed.differences).toEqual(['operation #0: expected #0 STEP "reserve" SUCCEEDED, found #0 STEP "reserve-stock" (new code)']);
  });

  it("the replayed handler's ARN carries the ExecutionStarted event's Id as its execution id", async () => {
    const started = finished.find((event) => event.EventType === "ExecutionStarted");
    expect(typeof started.Id).toBe("string");
    const seen: string[] = [];
    await expect(replayHistory(orderV1SeeingArn(seen), finished)).resolves.toMatchObject({ ok: true, outcome: "finished" });
    expect(parseDurableExecutionArn(seen[0]!)).toMatchObject({ functionName: "replay", executionId: started.Id });
  });

  it("replays handlers built with the reference SDK the same way", async () => {
    await expect(replayHistory(orderV1(referenceSdk), finished)).resolves.toMatchObject({ ok: true, outcome: "finished" });
    await expect(replayHistory(orderV1(referenceSdk), prefixThrough(finished, "WaitStarted"))).resolves.toMatchObject({ ok: true, outcome: "suspended" });
    const renamed = await replayHistory(orderV2Renamed(referenceSdk), prefixThrough(finished, "WaitStarted"));
    expect(renamed).toMatchObject({ ok: false, outcome: "non-deterministic" });
    expect(renamed.differences).toEqual(['operation #0: expected #0 STEP "reserve" SUCCEEDED, found #0 STEP "reserve-stock" (new code)']);
    const inserted = await replayHistory(orderV2Inserted(referenceSdk), prefixThrough(finished, "WaitStarted"));
    expect(inserted).toMatchObject({ ok: false, outcome: "non-deterministic" });
  });
});
