/**
 * The local durable service over HTTP, through the real `@aws-sdk/client-lambda` (endpoint override,
 * dummy credentials): every route, the SDK checkpointing over HTTP, errors as typed AWS exceptions.
 */
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { DurableExecutionInvocationInput } from "../../src/generated/index.js";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer, type RequestInfo } from "../../src/local/http/index.js";
import { lambdaClient, pollFor } from "./http-support.js";

const utf8 = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

/** Fails the test unless `promise` rejects with an AWS exception of that name and status. */
async function expectServiceError(promise: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; Type?: string } | undefined;
  expect(error, `expected ${name}`).toBeDefined();
  expect(error!.name).toBe(name);
  expect(error!.$metadata?.httpStatusCode).toBe(status);
  expect(error!.Type).toBe("User");
  if (message) expect(error!.message).toMatch(message);
}

/** A hand-written durable handler: holds the invocation open so the test can use its token. */
interface HeldInvocation {
  event: DurableExecutionInvocationInput;
  release(output: unknown): void;
}

describe("local durable service over HTTP", () => {
  let server: LocalHttpServer;
  let client: LambdaClient;
  const requests: RequestInfo[] = [];
  const held: HeldInvocation[] = [];

  beforeAll(async () => {
    server = await LocalHttpServer.start({ onRequest: (info) => requests.push(info), log: () => undefined });
    server.registerFunction(
      "steps",
      withDurableExecution(async (event: { n: number }, ctx) => {
        const doubled = await ctx.step("double", async () => event.n * 2);
        const plus = await ctx.step("plus-one", async () => doubled + 1);
        return { doubled, plus };
      }) as DurableFunctionHandler,
    );
    server.registerFunction(
      "boom",
      withDurableExecution(async () => {
        throw new TypeError("kaput");
      }) as DurableFunctionHandler,
    );
    server.registerFunction(
      "approval",
      withDurableExecution(async (_event, ctx) => {
        const answer = await ctx.waitForCallback("approval", async () => undefined, { heartbeatTimeout: { seconds: 60 } });
        return { answer };
      }) as DurableFunctionHandler,
    );
    server.registerFunction("manual", ((event: DurableExecutionInvocationInput) =>
      new Promise((release) => held.push({ event, release }))) as DurableFunctionHandler);
    server.registerFunction("plain", () => "plain", { kind: "plain" });
    server.registerFunction(
      "overdue",
      withDurableExecution(async (_event, ctx) => ctx.wait("long", { seconds: 30 })) as DurableFunctionHandler,
      { executionTimeoutSeconds: 1 },
    );
    client = lambdaClient(server.endpoint);
  });

  afterAll(async () => {
    for (const invocation of held) invocation.release({ Status: "FAILED", Error: { ErrorMessage: "test over" } });
    client?.destroy();
    await server?.close();
  });

  async function startApproval(name?: string): Promise<{ arn: string; callbackId: string }> {
    const started = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: name }));
    expect(started.StatusCode).toBe(202);
    const arn = started.DurableExecutionArn!;
    const callbackId = await pollFor("CallbackStarted", async () => {
      const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    });
    return { arn, callbackId };
  }

  async function finished(arn: string) {
    return pollFor("a terminal status", async () => {
      const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return execution.Status === "RUNNING" ? undefined : execution;
    });
  }

  it("Invoke (RequestResponse) runs the execution to its end; the SDK checkpoints over HTTP; GetDurableExecution and the history read it", async () => {
    const before = requests.length;
    const response = await client.send(new InvokeCommand({ FunctionName: "steps", Payload: payload({ n: 20 }) }));
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(response.ExecutedVersion).toBe("$LATEST");
    expect(JSON.parse(utf8(response.Payload))).toEqual({ doubled: 40, plus: 41 });
    const arn = response.DurableExecutionArn!;
    expect(arn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:steps:\$LATEST\/durable-execution\/[^/]+\/[^/]+$/);
    expect(requests.slice(before).map((r) => r.operation)).toContain("CheckpointDurableExecution");

    const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(execution).toMatchObject({
      DurableExecutionArn: arn,
      FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:steps",
      Status: "SUCCEEDED",
      InputPayload: '{"n":20}',
      Result: '{"doubled":40,"plus":41}',
      Version: "$LATEST",
      ExecutionDataIncluded: true,
      DurableConfig: { ExecutionTimeout: 86400 },
    });
    expect(execution.StartTimestamp).toBeInstanceOf(Date);
    expect(execution.EndTimestamp!.getTime()).toBeGreaterThanOrEqual(execution.StartTimestamp!.getTime());
    expect(Math.abs(execution.StartTimestamp!.getTime() - Date.now())).toBeLessThan(60_000);

    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    expect(history.Events!.map((e) => e.EventType)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(history.Events![2]).toMatchObject({ Name: "double", SubType: "Step", StepSucceededDetails: { Result: { Payload: "40" } } });
    expect(history.Events![0].EventTimestamp).toBeInstanceOf(Date);
    expect(history.Events![5].InvocationCompletedDetails!.StartTimestamp).toBeInstanceOf(Date);
    expect(history.NextMarker).toBeUndefined();
  });

  it("a failing execution answers with X-Amz-Function-Error and the error; IncludeExecutionData=false leaves the data out", async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: "boom", Payload: payload({ secret: 1 }) }));
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe("Unhandled");
    expect(JSON.parse(utf8(response.Payload))).toMatchObject({ errorType: "TypeError", errorMessage: "kaput" });
    const arn = response.DurableExecutionArn!;
    const full = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(full).toMatchObject({ Status: "FAILED", Error: { ErrorType: "TypeError", ErrorMessage: "kaput" }, InputPayload: '{"secret":1}' });
    const slim = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
    expect(slim).toMatchObject({ Status: "FAILED", Error: { ErrorType: "TypeError" }, ExecutionDataIncluded: false });
    expect(slim.InputPayload).toBeUndefined();
    expect(slim.Error!.ErrorMessage).toBeUndefined();
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
    const failed = history.Events!.find((e) => e.EventType === "ExecutionFailed")!;
    expect(failed.ExecutionFailedDetails!.Error).toEqual({ Truncated: false });
    expect(history.Events![0].ExecutionStartedDetails!.Input).toEqual({ Truncated: false });
  });

  it("an execution that times out without an error of its own answers with the status's errorType and message", async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: "overdue" }));
    expect(response.FunctionError).toBe("Unhandled");
    expect(JSON.parse(utf8(response.Payload))).toEqual({ errorType: "DurableExecution.TimedOut", errorMessage: "The durable execution ended with status TIMED_OUT" });
    expect(await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: response.DurableExecutionArn! }))).toMatchObject({ Status: "TIMED_OUT" });
  });

  it("Event invoke returns 202 with the ARN; the callback id from the history takes a heartbeat and a success", async () => {
    const { arn, callbackId } = await startApproval();
    await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: payload({ ok: true }) }));
    const execution = await finished(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.Result!)).toEqual({ answer: '{"ok":true}' });
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    const succeeded = history.Events!.find((e) => e.EventType === "CallbackSucceeded")!;
    expect(succeeded.CallbackSucceededDetails!.Result!.Payload).toBe('{"ok":true}');
    // The callback is closed now.
    await expectServiceError(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId })), "CallbackTimeoutException", 400, /already closed/);
    await expectServiceError(client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId })), "CallbackTimeoutException", 400);
  });

  it("SendDurableExecutionCallbackFailure fails the execution with the given error; unknown callback ids are 404", async () => {
    const { arn, callbackId } = await startApproval();
    await client.send(
      new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "Rejected", ErrorMessage: "not approved", ErrorData: "d" } }),
    );
    const execution = await finished(arn);
    expect(execution.Status).toBe("FAILED");
    expect(execution.Error?.ErrorMessage).toMatch(/not approved/);
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    expect(history.Events!.find((e) => e.EventType === "CallbackFailed")!.CallbackFailedDetails!.Error!.Payload).toEqual({
      ErrorType: "Rejected",
      ErrorMessage: "not approved",
      ErrorData: "d",
    });
    await expectServiceError(client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: "bm90LWEtY2FsbGJhY2s" })), "ResourceNotFoundException", 404, /Callback not found/);
  });

  it("DurableExecutionName makes Invoke idempotent; another input is DurableExecutionAlreadyStartedException; DryRun validates only; ARNs and $LATEST name the function", async () => {
    const first = await client.send(new InvokeCommand({ FunctionName: "steps", DurableExecutionName: "order-1", Payload: payload({ n: 1 }) }));
    const again = await client.send(new InvokeCommand({ FunctionName: "steps", DurableExecutionName: "order-1", Payload: payload({ n: 1 }) }));
    expect(again.DurableExecutionArn).toBe(first.DurableExecutionArn);
    expect(first.DurableExecutionArn).toContain("/durable-execution/order-1/");
    await expectServiceError(
      client.send(new InvokeCommand({ FunctionName: "steps", DurableExecutionName: "order-1", Payload: payload({ n: 2 }) })),
      "DurableExecutionAlreadyStartedException",
      409,
    );
    const dry = await client.send(new InvokeCommand({ FunctionName: "steps", InvocationType: "DryRun" }));
    expect(dry.StatusCode).toBe(204);
    expect(dry.DurableExecutionArn).toBeUndefined();
    for (const name of ["arn:aws:lambda:us-east-1:123456789012:function:steps", "123456789012:function:steps:$LATEST", "steps:$LATEST"]) {
      const response = await client.send(new InvokeCommand({ FunctionName: name, Payload: payload({ n: 3 }) }));
      expect(JSON.parse(utf8(response.Payload))).toEqual({ doubled: 6, plus: 7 });
    }
    await expectServiceError(client.send(new InvokeCommand({ FunctionName: "steps", Qualifier: "7" })), "ResourceNotFoundException", 404, /\$LATEST/);
    await expectServiceError(client.send(new InvokeCommand({ FunctionName: "missing" })), "ResourceNotFoundException", 404, /Function not found/);
    await expectServiceError(client.send(new InvokeCommand({ FunctionName: "plain" })), "InvalidParameterValueException", 400, /not a durable function/);
    await expectServiceError(
      client.send(new InvokeCommand({ FunctionName: "steps", Payload: Buffer.from("{not json") })),
      "InvalidRequestContentException",
      400,
      /Could not parse request body into json/,
    );
  });

  it("ListDurableExecutionsByFunction: newest first (ReverseOrder lists oldest first), status, name and time filters, paging", async () => {
    const list = (input: Omit<ConstructorParameters<typeof ListDurableExecutionsByFunctionCommand>[0], "FunctionName"> = {}) =>
      client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "steps", ...input }));
    const all = (await list({ MaxItems: 1000 })).DurableExecutions!;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const starts = all.map((e) => e.StartTimestamp!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    const oldestFirst = (await list({ ReverseOrder: true, MaxItems: 1000 })).DurableExecutions!;
    expect(oldestFirst.map((e) => e.DurableExecutionArn)).toEqual([...all].reverse().map((e) => e.DurableExecutionArn));
    expect(all[0]).toMatchObject({ FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:steps", Status: "SUCCEEDED" });

    const pages: string[] = [];
    let marker: string | undefined;
    do {
      const page = await list({ MaxItems: 2, Marker: marker });
      expect(page.DurableExecutions!.length).toBeLessThanOrEqual(2);
      pages.push(...page.DurableExecutions!.map((e) => e.DurableExecutionArn!));
      marker = page.NextMarker;
    } while (marker);
    expect(pages).toEqual(all.map((e) => e.DurableExecutionArn));

    const named = (await list({ DurableExecutionName: "order-1" })).DurableExecutions!;
    expect(named).toHaveLength(1);
    expect((await list({ Statuses: ["FAILED", "RUNNING"] })).DurableExecutions).toEqual([]);
    expect((await list({ StartedAfter: new Date(Date.now() + 60_000) })).DurableExecutions).toEqual([]);
    expect((await list({ StartedBefore: new Date(Date.now() + 60_000), MaxItems: 1000 })).DurableExecutions).toHaveLength(all.length);
    expect((await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "boom" }))).DurableExecutions![0].Status).toBe("FAILED");
    await expectServiceError(client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "missing" })), "ResourceNotFoundException", 404);
    await expectServiceError(list({ MaxItems: 5000 }), "InvalidParameterValueException", 400, /MaxItems/);
    await expectServiceError(list({ Marker: "nope" }), "InvalidParameterValueException", 400, /Marker/);
  });

  it("StopDurableExecution stops a running execution with the given error; stopping it again is a ResourceConflictException", async () => {
    const { arn } = await startApproval();
    const stopped = await client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorType: "Cancelled", ErrorMessage: "by the test" } }));
    expect(stopped.StopTimestamp).toBeInstanceOf(Date);
    const execution = await finished(arn);
    expect(execution).toMatchObject({ Status: "STOPPED", Error: { ErrorType: "Cancelled", ErrorMessage: "by the test" } });
    await expectServiceError(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })), "ResourceConflictException", 409, /not running/);
    await expectServiceError(
      client.send(new StopDurableExecutionCommand({ DurableExecutionArn: `${arn.slice(0, -4)}${arn.endsWith("0000") ? "1111" : "0000"}` })),
      "ResourceNotFoundException",
      404,
      /Durable execution not found/,
    );
  });

  it("CheckpointDurableExecution and GetDurableExecutionState with the invocation's token; a ClientToken retry gets the same answer; stale tokens are refused", async () => {
    const started = await client.send(new InvokeCommand({ FunctionName: "manual", InvocationType: "Event", Payload: payload({ hello: "world" }) }));
    const arn = started.DurableExecutionArn!;
    const invocation = await pollFor("the held invocation", () => held.find((h) => h.event.DurableExecutionArn === arn));
    // The service runs one invocation at a time: never leave this one held when an assertion fails.
    onTestFailed(() => invocation.release({ Status: "FAILED", Error: { ErrorMessage: "test failed" } }));
    const token = invocation.event.CheckpointToken;
    expect(invocation.event.InitialExecutionState.Operations).toHaveLength(1);

    const updates = [
      { Id: "s1", Type: "STEP" as const, SubType: "Step", Name: "first", Action: "START" as const },
      { Id: "s1", Type: "STEP" as const, SubType: "Step", Name: "first", Action: "SUCCEED" as const, Payload: '"one"' },
      { Id: "w1", Type: "WAIT" as const, SubType: "Wait", Action: "START" as const, WaitOptions: { WaitSeconds: 3600 } },
    ];
    const checkpoint = new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: updates, ClientToken: "retry-me" });
    const first = await client.send(checkpoint);
    expect(first.CheckpointToken).toBeTruthy();
    expect(first.NewExecutionState!.Operations!.map((op) => [op.Id, op.Status])).toEqual([
      ["s1", "SUCCEEDED"],
      ["w1", "STARTED"],
    ]);
    const wait = first.NewExecutionState!.Operations![1];
    expect(wait.WaitDetails!.ScheduledEndTimestamp).toBeInstanceOf(Date);
    // On the real clock the operation's start and its wait's end are read a moment apart.
    const waited = wait.WaitDetails!.ScheduledEndTimestamp!.getTime() - wait.StartTimestamp!.getTime();
    expect(waited).toBeGreaterThanOrEqual(3_600_000);
    expect(waited).toBeLessThan(3_601_000);

    const retried = await client.send(checkpoint);
    expect(retried.CheckpointToken).toBe(first.CheckpointToken);
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    expect(history.Events!.filter((e) => e.EventType === "StepSucceeded")).toHaveLength(1);

    await expectServiceError(
      client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] })),
      "InvalidParameterValueException",
      400,
      /Invalid checkpoint token/,
    );

    const state = await client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken, MaxItems: 2 }));
    expect(state.Operations!.map((op) => op.Type)).toEqual(["EXECUTION", "STEP"]);
    expect(state.Operations![0].ExecutionDetails!.InputPayload).toBe('{"hello":"world"}');
    expect(state.NextMarker).toBeTruthy();
    const rest = await client.send(
      new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken, Marker: state.NextMarker }),
    );
    expect(rest.Operations!.map((op) => op.Id)).toEqual(["w1"]);
    expect(rest.NextMarker).toBeUndefined();
    await expectServiceError(
      client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: "garbage" })),
      "InvalidParameterValueException",
      400,
      /not issued by this service/,
    );

    invocation.release({ Status: "SUCCEEDED", Result: '"manual"' });
    const execution = await finished(arn);
    expect(execution).toMatchObject({ Status: "SUCCEEDED", Result: '"manual"' });
    await expectServiceError(
      client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken, Updates: [] })),
      "InvalidParameterValueException",
      400,
      /already completed/,
    );
  });

  it("GetDurableExecutionHistory pages with MaxItems/Marker and lists newest first with ReverseOrder", async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: "steps", Payload: payload({ n: 1 }) }));
    const arn = response.DurableExecutionArn!;
    const all = (await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events!;
    const paged: number[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 3, Marker: marker }));
      paged.push(...page.Events!.map((e) => e.EventId!));
      marker = page.NextMarker;
    } while (marker);
    expect(paged).toEqual(all.map((e) => e.EventId));
    const reversed = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true }));
    expect(reversed.Events!.map((e) => e.EventId)).toEqual(all.map((e) => e.EventId).reverse());
  });

  it("a synchronous invoke that outlasts syncInvokeTimeoutMs answers with a Sandbox.Timedout function error; the execution keeps running", async () => {
    const quick = await LocalHttpServer.start({ syncInvokeTimeoutMs: 150, log: () => undefined });
    const quickClient = lambdaClient(quick.endpoint);
    try {
      quick.registerFunction("approval", withDurableExecution(async (_e, ctx) => ctx.waitForCallback("never", async () => undefined)) as DurableFunctionHandler);
      const response = await quickClient.send(new InvokeCommand({ FunctionName: "approval" }));
      expect(response.FunctionError).toBe("Unhandled");
      expect(JSON.parse(utf8(response.Payload))).toMatchObject({ errorType: "Sandbox.Timedout" });
      const execution = await quickClient.send(new GetDurableExecutionCommand({ DurableExecutionArn: response.DurableExecutionArn }));
      expect(execution.Status).toBe("RUNNING");
    } finally {
      quickClient.destroy();
      await quick.close();
    }
  });

  it('handlerTransport "in-process" runs handlers on the in-process client (no checkpoint requests)', async () => {
    const seen: RequestInfo[] = [];
    const local = await LocalHttpServer.start({ handlerTransport: "in-process", onRequest: (info) => seen.push(info) });
    const localClient = lambdaClient(local.endpoint);
    try {
      local.registerFunction("steps", withDurableExecution(async (_e, ctx) => ctx.step("one", async () => 1)) as DurableFunctionHandler);
      const response = await localClient.send(new InvokeCommand({ FunctionName: "steps" }));
      expect(utf8(response.Payload)).toBe("1");
      expect(seen.map((r) => r.operation)).toEqual(["Invoke"]);
    } finally {
      localClient.destroy();
      await local.close();
    }
  });
});
