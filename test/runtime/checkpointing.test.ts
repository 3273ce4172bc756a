/**
 * Checkpoint behaviour: update catalogue (§4.15) for step, wait and child contexts, call counts
 * (wire efficiency), batching limits, the token flow and the error classification table (§5.7).
 */
import { describe, expect, it } from "vitest";
import { DurableExecutionClientError, StepSemantics } from "../../src/index.js";
import { MAX_CHECKPOINT_CALL_BYTES } from "../../src/generated/index.js";
import { CALL_OVERHEAD_BYTES, UPDATE_OVERHEAD_BYTES } from "../../src/runtime/checkpoint/checkpoint-manager.js";
import { toWireId } from "../../src/runtime/ids.js";
import { FakeDurableService, lambdaContext, runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

const io = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Asynchronous I/O that completes within one event-loop turn. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("update catalogue (§4.15)", () => {
  it("step: START then SUCCEED with the payload; failure: RETRY with StepOptions or FAIL", async () => {
    const run = await runToCompletion(
      ours(async (_e, ctx) => {
        await ctx.step("ok", async () => ({ a: 1 }));
        await ctx.step("retry", async ({ attempt }: { attempt: number }) => {
          if (attempt === 1) throw new Error("first");
          return "second";
        }, { retryStrategy: (_err: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 7 } }) });
        try {
          await ctx.step("fail", async () => {
            throw new Error("always");
          }, { retryStrategy: () => ({ shouldRetry: false }) });
        } catch {}
      }),
      {},
    );
    const by = (name: string) => run.service.updates.filter((u) => u.Name === name).map(({ Id, ...rest }) => rest);
    expect(by("ok")).toEqual([
      { Name: "ok", Type: "STEP", SubType: "Step", Action: "START" },
      { Name: "ok", Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: '{"a":1}' },
    ]);
    expect(by("retry")).toEqual([
      { Name: "retry", Type: "STEP", SubType: "Step", Action: "START" },
      { Name: "retry", Type: "STEP", SubType: "Step", Action: "RETRY", Error: { ErrorType: "Error", ErrorMessage: "first" }, StepOptions: { NextAttemptDelaySeconds: 7 } },
      { Name: "retry", Type: "STEP", SubType: "Step", Action: "START" },
      { Name: "retry", Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: '"second"' },
    ]);
    expect(by("fail")).toEqual([
      { Name: "fail", Type: "STEP", SubType: "Step", Action: "START" },
      { Name: "fail", Type: "STEP", SubType: "Step", Action: "FAIL", Error: { ErrorType: "Error", ErrorMessage: "always" } },
    ]);
  });

  it("child context: ops inside carry the context's ParentId", async () => {
    const run = await runToCompletion(ours(async (_e, ctx) => ctx.runInChildContext("c", async (child: any) => child.step("in", async () => 1))), {});
    expect(run.service.updates.map((u) => [u.Type, u.Action, u.ParentId ?? null])).toEqual([
      ["CONTEXT", "START", null],
      ["STEP", "START", toWireId("1")],
      ["STEP", "SUCCEED", toWireId("1")],
      ["CONTEXT", "SUCCEED", null],
    ]);
  });
});

describe("checkpoint calls", () => {
  it("an awaited at-least-once step whose I/O completes within a turn costs one call [START, SUCCEED] (reference: two)", async () => {
    const handler = async (_e: unknown, ctx: any) => {
      for (let i = 0; i < 3; i++) await ctx.step(async () => (await tick(), i));
    };
    const mine = await runToCompletion(ours(handler), {});
    const theirs = await runToCompletion(reference(handler), {});
    expect(mine.service.calls.map((c) => c.updates.map((u) => u.Action).join())).toEqual(["START,SUCCEED", "START,SUCCEED", "START,SUCCEED"]);
    expect(theirs.service.calls.filter((c) => c.updates.length > 0).length).toBe(6);
  });

  it("a longer body gets its START out while it runs, as the reference does (every attempt's START is sent)", async () => {
    const handler = async (_e: unknown, ctx: any) => {
      // 50 ms: far longer than an event-loop turn even on a loaded machine.
      for (let i = 0; i < 2; i++) await ctx.step(async () => (await io(50), i));
      await ctx.step("retried", async ({ attempt }: { attempt: number }) => {
        await io(50);
        if (attempt === 1) throw new Error("first");
        return attempt;
      }, { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 1 } }) });
    };
    const shape = (calls: { updates: { Action?: string }[] }[]) => calls.filter((c) => c.updates.length > 0).map((c) => c.updates.map((u) => u.Action).join());
    const mine = await runToCompletion(ours(handler), {});
    const theirs = await runToCompletion(reference(handler), {});
    expect(shape(mine.service.calls)).toEqual(["START", "SUCCEED", "START", "SUCCEED", "START", "RETRY", "START", "SUCCEED"]);
    expect(shape(mine.service.calls)).toEqual(shape(theirs.service.calls));
  });

  it("the START is on the wire before the body finishes, so the service sees when the attempt began", async () => {
    const service = new FakeDurableService({});
    const seen: string[] = [];
    const original = service.client.checkpoint;
    service.client.checkpoint = async (params) => {
      seen.push(`call:${params.Updates?.map((u) => u.Action).join() ?? ""}`);
      return original(params);
    };
    const sdk = ours(async (_e, ctx) => ctx.step(async () => {
      seen.push("body:start");
      await io(50);
      seen.push("body:end");
      return 1;
    }));
    await sdk.handler(service.event(sdk), lambdaContext);
    expect(seen).toEqual(["body:start", "call:START", "body:end", "call:SUCCEED"]);
  });

  it("AT_MOST_ONCE keeps its awaited START", async () => {
    const run = await runToCompletion(ours(async (_e, ctx) => ctx.step(async () => 1, { semantics: StepSemantics.AtMostOncePerRetry })), {});
    expect(run.service.calls.map((c) => c.updates.map((u) => u.Action).join())).toEqual(["START", "SUCCEED"]);
  });

  it("at most 250 updates per call; concurrent updates share calls", async () => {
    const run = await runToCompletion(ours(async (_e, ctx) => Promise.all(Array.from({ length: 600 }, (_, i) => ctx.step(async () => i)))), {});
    expect(run.service.calls.map((c) => c.updates.length)).toEqual([250, 250, 250, 250, 200]);
  });

  it("calls stay within 750 KiB by the payloads' UTF-8 size, each as full as the limit allows", async () => {
    // 1, 2 and 3 UTF-8 bytes per character: a payload this long is counted by its UTF-8 length (only
    // short ones, under 65 characters, are counted at 3 bytes per character without measuring).
    const perCall: Record<string, number[]> = {};
    for (const char of ["a", "é", "€"]) {
      const service = new FakeDurableService({});
      const calls: { token: string; updates: { Action?: string; Payload?: string }[] }[] = [];
      const original = service.client.checkpoint;
      service.client.checkpoint = async (params) => {
        if (params.Updates?.length) calls.push({ token: params.CheckpointToken!, updates: params.Updates });
        return original(params);
      };
      await runToCompletion(ours(async (_e, ctx) => Promise.all(Array.from({ length: 7 }, (_, i) => ctx.step(async () => `${char.repeat(100_000)}${i}`)))), {}, { service });
      const size = (u: { Payload?: string }) => UPDATE_OVERHEAD_BYTES + (u.Payload ? Buffer.byteLength(u.Payload) : 0);
      calls.forEach((call, i) => {
        const used = CALL_OVERHEAD_BYTES + call.token.length + call.updates.reduce((sum, u) => sum + size(u), 0);
        expect(used).toBeLessThanOrEqual(MAX_CHECKPOINT_CALL_BYTES);
        // Full: the next call's first update would not have fit.
        if (i + 1 < calls.length) expect(used + size(calls[i + 1]!.updates[0]!)).toBeGreaterThan(MAX_CHECKPOINT_CALL_BYTES);
      });
      perCall[char] = calls.map((c) => c.updates.filter((u) => u.Action === "SUCCEED").length);
    }
    expect(perCall).toEqual({ a: [7], é: [3, 3, 1], "€": [2, 2, 2, 1] });
  });

  it("each call uses the token returned by the previous one", async () => {
    const service = new FakeDurableService({});
    const seen: string[] = [];
    const original = service.client.checkpoint;
    service.client.checkpoint = async (params) => {
      seen.push(params.CheckpointToken!);
      return original(params);
    };
    const sdk = ours(async (_e, ctx) => {
      await ctx.step(async () => 1);
      await ctx.step(async () => 2);
    });
    const event = service.event(sdk);
    await sdk.handler(event, lambdaContext);
    expect(seen[0]).toBe(event.CheckpointToken);
    expect(seen[1]).toMatch(/^token-\d+$/);
    expect(seen[1]).not.toBe(seen[0]);
  });
});

describe("checkpoint error classification (§5.7)", () => {
  const http = (status: number, name = "ServiceException", message = "failure") => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  const cases: { label: string; error: unknown; scope: "invocation" | "execution" }[] = ([
    ["invalid checkpoint token (400)", http(400, "InvalidParameterValueException", "Invalid Checkpoint Token: used"), "invocation"],
    ["invalid checkpoint token, local spelling (400)", http(400, "InvalidParameterValueException", "Invalid checkpoint token: the token was already used"), "invocation"],
    ["token message under another error code (400)", http(400, "ValidationException", "Invalid checkpoint token"), "execution"],
    ["other 4xx", http(400, "InvalidParameterValueException", "bad update"), "execution"],
    ["403", http(403, "AccessDeniedException"), "execution"],
    ["429", http(429, "TooManyRequestsException"), "invocation"],
    ["500", http(500), "invocation"],
    ["network error", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "invocation"],
    ["KMS error", Object.assign(new Error("kms"), { name: "KMSAccessDeniedException" }), "execution"],
    ["client error, EXECUTION scope", new DurableExecutionClientError("store gone", { scope: "EXECUTION" }), "execution"],
    ["client error, INVOCATION scope", new DurableExecutionClientError("blip"), "invocation"],
  ] as [string, unknown, "invocation" | "execution"][]).map(([label, error, scope]) => ({ label, error, scope }));
  it.each(cases)("$label → $scope-scoped", async ({ error, scope }) => {
    const service = new FakeDurableService({});
    service.failNext = { count: 10, error };
    // No retries: this table is about the classification of the final failure (retries: api-retry.test.ts).
    const sdk = ours(async (_e, ctx) => ctx.step(async () => 1), { checkpointRetryBudgetSeconds: 0 });
    const run = sdk.handler(service.event(sdk), lambdaContext);
    if (scope === "execution") {
      const output = await run;
      expect(output).toMatchObject({ Status: "FAILED" });
      expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toMatch(/Checkpoint failed/);
    } else {
      await expect(run).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError", message: expect.stringContaining("[Unrecoverable Invocation] Checkpoint failed") });
    }
  });

  it("a checkpoint failing while the invocation drains is not lost behind SUCCEEDED", async () => {
    const service = new FakeDurableService({});
    const sdk = ours(async (_e, ctx) => {
      await ctx.step(async () => 1);
      service.failNext = { count: 10, error: Object.assign(new Error("unavailable"), { $metadata: { httpStatusCode: 503 } }) };
      // The child's START and SUCCEED are queued without being awaited and go out while draining.
      return ctx.runInChildContext(async () => "value");
    }, { checkpointRetryBudgetSeconds: 0 });
    await expect(sdk.handler(service.event(sdk), lambdaContext)).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError" });
  });

  it("transient failures are retried before giving up", async () => {
    const service = new FakeDurableService({});
    service.failNext = { count: 2, error: Object.assign(new Error("throttled"), { $metadata: { httpStatusCode: 429 } }) };
    const sdk = ours(async (_e, ctx) => ctx.step(async () => "ok"));
    expect(await sdk.handler(service.event(sdk), lambdaContext)).toEqual({ Status: "SUCCEEDED", Result: '"ok"' });
  });
});

describe("returning while a step still runs", () => {
  it("a held START is still sent before the invocation returns", async () => {
    const run = await runToCompletion(
      ours(async (_e, ctx) => {
        void ctx.step("background", async () => new Promise((resolve) => setTimeout(resolve, 50)));
        return "returned early";
      }),
      {},
    );
    expect(run.last).toEqual({ Status: "SUCCEEDED", Result: '"returned early"' });
    expect(run.service.updates.map((u) => [u.Name, u.Action])).toEqual([["background", "START"]]);
  });
});
