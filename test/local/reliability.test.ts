/**
 * Reliability of the local service under concurrency (issue 14): concurrent synchronous invokes,
 * the pump's wake-ups, invocations cut by a shutdown, lost checkpoint responses.
 */
import { CheckpointDurableExecutionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import type { CheckpointDurableExecutionRequest, DurableExecutionClient } from "../../src/generated/index.js";
import { defaultEventFactory, type DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";
import { SqlitePersistence } from "../../src/local/persistence/sqlite.js";
import { lambdaClient } from "./http-support.js";

const utf8 = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

describe("concurrent synchronous invokes", () => {
  let server: LocalHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("100 RequestResponse invokes at once all return their own result, and leave no waiter behind", async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    server.registerFunction(
      "steps",
      withDurableExecution(async (event: { n: number }, ctx) => {
        const doubled = await ctx.step("double", async () => event.n * 2);
        const plus = await ctx.step("plus-one", async () => doubled + 1);
        return { n: event.n, plus };
      }) as DurableFunctionHandler,
    );
    const client = lambdaClient(server.endpoint);
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, n) =>
          client.send(new InvokeCommand({ FunctionName: "steps", Payload: Buffer.from(JSON.stringify({ n })) })),
        ),
      );
      results.forEach((response, n) => {
        expect(response.FunctionError).toBeUndefined();
        expect(JSON.parse(utf8(response.Payload))).toEqual({ n, plus: 2 * n + 1 });
      });
      const service = server.service;
      expect(service["completionWaiters"].size).toBe(0);
      expect(service["wakeWaiters"].size).toBe(0);
    } finally {
      client.destroy();
    }
  }, 60_000);
});

/** Polls (without driving the service, as an HTTP client would) until the execution is terminal or 3 s passed. */
async function settled(svc: LocalDurableService, arn: string) {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const execution = svc.getExecution(arn);
    if (execution.Status !== "RUNNING" || Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the real-clock pump", () => {
  it("cannot lose the wake-up of an execution started while it decides to sleep", async () => {
    const svc = new LocalDurableService({ clock: "real" });
    try {
      svc.registerFunction(
        "echo",
        withDurableExecution(async (event: { n: number }, ctx) => ctx.step("echo", async () => event.n)) as DurableFunctionHandler,
      );
      const first = svc.startExecution({ functionName: "echo", input: { n: 1 } });
      await svc.waitForCompletion(first, { timeoutMs: 10_000 });
      // Force the race: the pump has just found nothing to do when the next execution arrives.
      let second: string | undefined;
      svc["pumpFoundNothing"] = () => {
        svc["pumpFoundNothing"] = undefined;
        second = svc.startExecution({ functionName: "echo", input: { n: 2 } });
      };
      const third = svc.startExecution({ functionName: "echo", input: { n: 3 } });
      expect(await svc.waitForCompletion(third, { timeoutMs: 10_000 })).toMatchObject({ Status: "SUCCEEDED", Result: "3" });
      for (let i = 0; i < 100 && second === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(second).toBeDefined();
      expect(await settled(svc, second!)).toMatchObject({ Status: "SUCCEEDED", Result: "2" });
    } finally {
      svc.close();
    }
  });

  it("cannot lose the wake-up of an execution started while the finished pump has not yet been cleared", async () => {
    const svc = new LocalDurableService({ clock: "real" });
    try {
      svc.registerFunction(
        "echo",
        withDurableExecution(async (event: { n: number }, ctx) => ctx.step("echo", async () => event.n)) as DurableFunctionHandler,
      );
      // With no execution left, the pump ends; an execution started in the microtasks between its
      // end and its clean-up must still be run.
      let second: string | undefined;
      svc["pumpFoundNothing"] = () => {
        svc["pumpFoundNothing"] = undefined;
        void Promise.resolve().then(() => {
          second = svc.startExecution({ functionName: "echo", input: { n: 2 } });
        });
      };
      svc.scheduleAt(Date.now(), () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(second).toBeDefined();
      expect(await settled(svc, second!)).toMatchObject({ Status: "SUCCEEDED", Result: "2" });
    } finally {
      svc.close();
    }
  });
});

describe("restarts of the server", () => {
  it("an invocation cut by stopping the server is run again without counting as a failed attempt (4 stops while a step runs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-restart-"));
    const path = join(dir, "dev.sqlite");
    let attempts = 0;
    let stepStarted: (() => void) | undefined;
    const stops = 4;
    const handler = withDurableExecution(async (event: { n: number }, ctx) => {
      const value = await ctx.step("slow", async () => {
        attempts++;
        stepStarted?.();
        // The first `stops` attempts never end: the server is stopped under them.
        if (attempts <= stops) await new Promise<never>(() => undefined);
        return event.n * 10;
      });
      return { value };
    }) as DurableFunctionHandler;
    let arn: string | undefined;
    try {
      for (let round = 0; round <= stops; round++) {
        const db = await SqlitePersistence.open(path);
        const server = await LocalHttpServer.start({ journal: db, log: () => undefined });
        try {
          const started = new Promise<void>((resolve) => (stepStarted = resolve));
          server.registerFunction("slow", handler);
          server.restore(db.load());
          if (round === 0) arn = server.service.startExecution({ functionName: "slow", input: { n: 7 } });
          if (round < stops) {
            await started;
            continue;
          }
          const done = await server.service.waitForCompletion(arn!, { timeoutMs: 10_000 });
          expect(done).toMatchObject({ Status: "SUCCEEDED", Result: JSON.stringify({ value: 70 }) });
          const completed = server.service.getHistory(arn!).filter((event) => event.EventType === "InvocationCompleted");
          expect(completed).toHaveLength(stops + 1);
          expect(attempts).toBe(stops + 1);
        } finally {
          await server.close();
          db.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("lost checkpoint responses", () => {
  it("a checkpoint applied whose response is lost is retried with the same ClientToken and gets the same reply; the execution succeeds", async () => {
    const calls: CheckpointDurableExecutionRequest[] = [];
    let lost = 0;
    const lossy = (inner: DurableExecutionClient): DurableExecutionClient => ({
      getExecutionState: (params, logger) => inner.getExecutionState(params, logger),
      async checkpoint(params, logger) {
        calls.push(structuredClone(params));
        const response = await inner.checkpoint(params, logger);
        // The first checkpoint with updates reaches the service; its response does not come back.
        if (lost === 0 && (params.Updates ?? []).length > 0) {
          lost++;
          throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        }
        return response;
      },
    });
    const svc = new LocalDurableService({ clock: "real", createEvent: (input, client) => defaultEventFactory(input, lossy(client)) });
    let runs = 0;
    try {
      svc.registerFunction(
        "once",
        withDurableExecution(async (_event, ctx) => {
          const value = await ctx.step("count", async () => ++runs, { semantics: "AT_MOST_ONCE_PER_RETRY" } as never);
          return { value };
        }) as DurableFunctionHandler,
      );
      const arn = svc.startExecution({ functionName: "once" });
      const done = await svc.waitForCompletion(arn, { timeoutMs: 10_000 });
      expect(done).toMatchObject({ Status: "SUCCEEDED", Result: JSON.stringify({ value: 1 }) });
      expect(lost).toBe(1);
      expect(runs).toBe(1);
      const [first, retry] = calls;
      expect(retry.ClientToken).toBeTruthy();
      expect(retry.ClientToken).toBe(first.ClientToken);
      expect(retry.CheckpointToken).toBe(first.CheckpointToken);
      expect(svc.getHistory(arn).filter((event) => event.EventType === "InvocationCompleted")).toHaveLength(1);
    } finally {
      svc.close();
    }
  });

  it("over HTTP: the same ClientToken and request gets the same reply; another request under it is a 409 ResourceConflictException", async () => {
    const server = await LocalHttpServer.start({ log: () => undefined });
    let release: ((output: unknown) => void) | undefined;
    let event: { DurableExecutionArn: string; CheckpointToken: string } | undefined;
    server.registerFunction("manual", ((input: { DurableExecutionArn: string; CheckpointToken: string }) => {
      event = input;
      return new Promise<unknown>((resolve) => (release = resolve));
    }) as DurableFunctionHandler);
    const client = lambdaClient(server.endpoint);
    try {
      const started = await client.send(new InvokeCommand({ FunctionName: "manual", InvocationType: "Event" }));
      const arn = started.DurableExecutionArn!;
      for (let i = 0; i < 500 && !event; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const updates = [{ Id: "s1", Type: "STEP" as const, SubType: "Step", Name: "first", Action: "SUCCEED" as const, Payload: '"one"' }];
      const request = { DurableExecutionArn: arn, CheckpointToken: event!.CheckpointToken, Updates: updates, ClientToken: "client-token-1" };
      const first = await client.send(new CheckpointDurableExecutionCommand(request));
      const again = await client.send(new CheckpointDurableExecutionCommand(request));
      expect(again.CheckpointToken).toBe(first.CheckpointToken);
      expect(again.NewExecutionState).toEqual(first.NewExecutionState);
      const conflict = await client
        .send(new CheckpointDurableExecutionCommand({ ...request, Updates: [{ ...updates[0], Id: "s2" }] }))
        .then(() => undefined, (error: unknown) => error as { name: string; message: string; $metadata: { httpStatusCode: number }; Type?: string });
      expect(conflict).toMatchObject({ name: "ResourceConflictException", $metadata: { httpStatusCode: 409 }, Type: "User" });
      expect(conflict!.message).toMatch(/ClientToken "client-token-1" was already used for a different checkpoint/);
      // Without a ClientToken, the used token is refused as before.
      const stale = await client
        .send(new CheckpointDurableExecutionCommand({ ...request, ClientToken: "client-token-2" }))
        .then(() => undefined, (error: unknown) => error as { name: string; message: string });
      expect(stale).toMatchObject({ name: "InvalidParameterValueException", message: expect.stringMatching(/Invalid checkpoint token/) });
      expect(server.service.getHistory(arn).filter((e) => e.EventType === "StepSucceeded")).toHaveLength(1);
    } finally {
      release?.({ Status: "SUCCEEDED", Result: '"done"' });
      client.destroy();
      await server.close();
    }
  });
});

describe("re-invoking failed invocations", () => {
  it("waits with exponential backoff (1 s, 2 s, 4 s …) between consecutive failed invocations, then succeeds", async () => {
    const svc = new LocalDurableService({ maxConsecutiveInvocationErrors: 5 });
    let attempts = 0;
    svc.registerFunction("flaky", ((() => {
      attempts++;
      if (attempts <= 3) return Promise.reject(new Error(`outage ${attempts}`));
      return Promise.resolve({ Status: "SUCCEEDED", Result: '"ok"' });
    }) as unknown) as DurableFunctionHandler);
    const arn = svc.startExecution({ functionName: "flaky" });
    const done = await svc.waitForCompletion(arn);
    expect(done).toMatchObject({ Status: "SUCCEEDED", Result: '"ok"' });
    const invocations = svc
      .getHistory(arn)
      .filter((event) => event.EventType === "InvocationCompleted")
      .map((event) => event.InvocationCompletedDetails!);
    expect(invocations).toHaveLength(4);
    const gaps = invocations.slice(1).map((inv, i) => inv.StartTimestamp!.getTime() - invocations[i].EndTimestamp!.getTime());
    expect(gaps).toEqual([1000, 2000, 4000]);
  });
});
