/**
 * Callbacks, waitForCallback, waitForCondition, invoke, promise combinators and withRetry: the same
 * updates per operation and the same result as the reference SDK, on the same fake service.
 */
import { withRetry as referenceWithRetry } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { JitterStrategy, createWaitStrategy, withRetry } from "../../src/index.js";
import type { FakeDurableService } from "../support/fake-service.js";
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as ourSdk from "../../src/index.js";
import { compareSdks, compareWithReference, perOperation } from "../support/compare.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

/** On each PENDING: complete every started callback with `result`, complete started invokes, advance timers. */
function externalParty(result: (callbackId: string) => string) {
  return (service: FakeDurableService) => {
    for (const op of service.ops.values()) {
      if (op.Type === "CALLBACK" && op.Status === "STARTED") service.completeCallback(op.CallbackDetails!.CallbackId!, { result: result(op.CallbackDetails!.CallbackId!) });
      if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") service.completeInvoke(op.Id!, { result: JSON.stringify({ from: op.Name ?? "unnamed" }) });
    }
    service.advance();
  };
}

describe("same updates and result as the reference SDK", () => {
  it("createCallback with timeout and heartbeat, then a step", async () => {
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        const [promise, callbackId] = await ctx.createCallback("approval", { timeout: { minutes: 5 }, heartbeatTimeout: { seconds: 30 } });
        const sent = await ctx.step("notify", async () => `sent ${callbackId}`);
        const answer = await promise;
        return { sent, answer };
      },
      {},
      { onPending: externalParty(() => '"yes"') },
    );
    expect(mine.service.updates.find((u) => u.Type === "CALLBACK")).toMatchObject({ CallbackOptions: { TimeoutSeconds: 300, HeartbeatTimeoutSeconds: 30 } });
    expect(JSON.parse((mine.last as { Result: string }).Result).answer).toBe('"yes"');
  });

  it("waitForCallback", async () => {
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        const result = await ctx.waitForCallback("pay", async (callbackId: string) => {
          if (!callbackId) throw new Error("no id");
        }, { timeout: { hours: 1 } });
        return `got ${result}`;
      },
      {},
      { onPending: externalParty(() => "receipt-1") },
    );
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: '"got receipt-1"' });
  });

  it("waitForCondition polling three times with createWaitStrategy", async () => {
    const { mine } = await compareWithReference(async (_e, ctx) => {
      const { createWaitStrategy: strategy, JitterStrategy } = await import("../../src/index.js");
      return ctx.waitForCondition("poll", async (state: { n: number }) => ({ n: state.n + 1 }), {
        initialState: { n: 0 },
        waitStrategy: strategy({ shouldContinuePolling: (s: { n: number }) => s.n < 3, initialDelay: { seconds: 2 }, jitter: JitterStrategy.NONE }),
      });
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: '{"n":3}' });
    expect(mine.service.updates.filter((u) => u.Action === "RETRY").map((u) => u.StepOptions?.NextAttemptDelaySeconds)).toEqual([2, 3]);
  });

  it("two invokes, named and unnamed", async () => {
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        const a = await ctx.invoke("call-a", "arn:aws:lambda:us-east-1:1:function:a", { x: 1 });
        const b = await ctx.invoke("arn:aws:lambda:us-east-1:1:function:b", { y: 2 });
        return [a, b];
      },
      {},
      { onPending: externalParty(() => "") },
    );
    const starts = mine.service.updates.filter((u) => u.Type === "CHAINED_INVOKE");
    expect(starts.map((u) => [u.Name, u.Payload, u.ChainedInvokeOptions?.FunctionName])).toEqual([
      ["call-a", '{"x":1}', "arn:aws:lambda:us-east-1:1:function:a"],
      [undefined, '{"y":2}', "arn:aws:lambda:us-east-1:1:function:b"],
    ]);
  });

  it.each([
    ["with a stack trace", ["Error: declined", "    at approve (approver.js:12:5)"]],
    ["without a stack trace", undefined],
  ] as const)("a callback failed and one timed out, %s: the errors' causes are the reference's (stack: the stored trace or none)", async (_case, trace) => {
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        const describe = (error: unknown) => {
          const cause = (error as Error).cause as Error | undefined;
          return [(error as Error).name, (error as Error).message, cause?.name, cause?.message, cause?.stack ?? "no stack"];
        };
        const [failed] = await ctx.createCallback("failed");
        const [timedOut] = await ctx.createCallback("timed-out");
        return { failed: await failed.then(() => "answered", describe), timedOut: await timedOut.then(() => "answered", describe) };
      },
      {},
      {
        onPending: (service) => {
          for (const op of service.ops.values())
            if (op.Type === "CALLBACK" && op.Status === "STARTED")
              service.completeCallback(op.CallbackDetails!.CallbackId!, {
                timedOut: op.Name === "timed-out",
                error: { ErrorType: op.Name === "failed" ? "Declined" : "", ErrorMessage: `${op.Name}!`, ...(trace ? { StackTrace: [...trace] } : {}) },
              });
        },
      },
    );
    const stack = trace ? trace.join("\n") : "no stack";
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual({
      failed: ["CallbackExternalError", "failed!", "Declined", "failed!", stack],
      timedOut: ["CallbackTimeoutError", "timed-out!", "Error", "timed-out!", stack],
    });
  });

  // How the invoked execution ended, as the service records it: the caught InvokeError's message and cause
  // match the reference's (an empty stored message: the default message and no cause).
  it.each([
    ["failed with an empty ErrorMessage", { error: { ErrorType: "Rejected", ErrorMessage: "" } }, { name: "InvokeError", message: "Invoke failed" }],
    ["timed out", { status: "TIMED_OUT", error: { ErrorType: "Invoke.Ended", ErrorMessage: "ended" } }, { name: "InvokeError", message: "ended", cause: "ended" }],
    ["was stopped", { status: "STOPPED", error: { ErrorType: "Invoke.Ended", ErrorMessage: "ended" } }, { name: "InvokeError", message: "ended", cause: "ended" }],
  ] as const)("an invoke whose execution %s: InvokeError as the reference's", async (_case, outcome, caught) => {
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        try {
          return await ctx.invoke("call", "arn:aws:lambda:us-east-1:1:function:a", {});
        } catch (error) {
          const e = error as Error;
          return { name: e.name, message: e.message, cause: (e.cause as Error | undefined)?.message };
        }
      },
      {},
      {
        onPending: (service) => {
          for (const op of service.ops.values()) if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") service.completeInvoke(op.Id!, outcome);
        },
      },
    );
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual(caught);
  });

  it("promise.all over two steps", async () => {
    await compareWithReference(async (_e, ctx) => {
      const a = ctx.step("a", async () => 1);
      const b = ctx.step("b", async () => 2);
      return ctx.promise.all("both", [a, b]);
    });
  });

  it("promise.allSettled, any and race", async () => {
    // Stored rejection reasons include stack traces, which name each SDK's own files: compare without them.
    const { mine, theirs } = await compareWithReference(async (_e, ctx) => {
      const ok = ctx.step("ok", async () => "fine");
      const bad = ctx.step("bad", async () => {
        throw new Error("broken");
      }, { retryStrategy: () => ({ shouldRetry: false }) });
      const settled = await ctx.promise.allSettled([ok, bad]);
      const first = await ctx.promise.any("any", [bad, ok]);
      const raced = await ctx.promise.race([ok]);
      return { settled: settled.map((s: PromiseSettledResult<unknown>) => s.status), first, raced };
    }, {}, { maskStacks: true });
    const stored = (run: typeof mine) => run.service.updates.find((u) => u.Payload?.includes('"rejected"'))!.Payload!;
    expect(Object.keys(JSON.parse(stored(mine))[1].reason)).toEqual(Object.keys(JSON.parse(stored(theirs!))[1].reason));
  });

  it("withRetry: waits durably between attempts, like the reference's withRetry", async () => {
    // Each SDK with its own withRetry helper, the same retried block.
    const workflow = (retry: typeof withRetry) => async (_e: unknown, ctx: any) =>
      retry(ctx, "wr", async (c, attempt) => {
        const n = await c.step(`try-${attempt}`, async () => attempt);
        if (n < 3) throw new Error(`attempt ${n}`);
        return n;
      }, { retryStrategy: (_err, attempt) => ({ shouldRetry: attempt < 5 }) });
    const mine = await runToCompletion(ours(workflow(withRetry)), {});
    const theirs = await runToCompletion(reference(workflow(referenceWithRetry as unknown as typeof withRetry)), {});
    expect(perOperation(mine)).toEqual(perOperation(theirs));
    expect(mine.last).toEqual(theirs.last);
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: "3" });
    expect(mine.service.calls[0]!.updates.slice(0, 1)).toMatchObject([{ Type: "CONTEXT", Name: "wr", Action: "START" }]);
    expect(mine.service.updates.filter((u) => u.Type === "WAIT").map((u) => [u.Name, u.WaitOptions?.WaitSeconds])).toEqual([
      ["wr-backoff-1", 1],
      ["wr-backoff-2", 1],
    ]);
  });
});

describe("callback failure paths", () => {
  const handler = async (_e: unknown, ctx: any) => {
    const [promise] = await ctx.createCallback("cb", { timeout: { seconds: 10 }, heartbeatTimeout: { seconds: 5 } });
    try {
      return await promise;
    } catch (error) {
      const e = error as Error & { cause?: Error };
      return { name: e.name, message: e.message, isCallbackError: e.name.startsWith("Callback"), cause: e.cause?.name };
    }
  };
  const complete = (outcome: Parameters<FakeDurableService["completeCallback"]>[1]) => (service: FakeDurableService) => {
    for (const op of service.ops.values())
      if (op.Type === "CALLBACK" && op.Status === "STARTED") service.completeCallback(op.CallbackDetails!.CallbackId!, outcome);
  };

  it("timeout → CallbackTimeoutError", async () => {
    const { mine } = await compareWithReference(handler, {}, { onPending: complete({ timedOut: true, error: { ErrorType: "Callback.Timeout", ErrorMessage: "timed out" } }) });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toMatchObject({ name: "CallbackTimeoutError", message: "timed out" });
  });

  it("heartbeat timeout → CallbackTimeoutError", async () => {
    const { mine } = await compareWithReference(handler, {}, { onPending: complete({ timedOut: true, error: { ErrorType: "Callback.Heartbeat", ErrorMessage: "no heartbeat" } }) });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toMatchObject({ name: "CallbackTimeoutError", cause: "Callback.Heartbeat" });
  });

  it("failure → CallbackExternalError", async () => {
    const { mine } = await compareWithReference(handler, {}, { onPending: complete({ error: { ErrorType: "RejectedError", ErrorMessage: "not approved" } }) });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toMatchObject({ name: "CallbackExternalError", message: "not approved", cause: "RejectedError" });
  });

  it("failure with an empty ErrorType → the cause is named Error", async () => {
    const { mine } = await compareWithReference(handler, {}, { onPending: complete({ error: { ErrorType: "", ErrorMessage: "nameless" } }) });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toMatchObject({ name: "CallbackExternalError", message: "nameless", cause: "Error" });
  });

  it("timed out or failed without a stored error → the default message and no cause", async () => {
    const { mine } = await compareWithReference(handler, {}, { onPending: complete({ timedOut: true }) });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual({ name: "CallbackTimeoutError", message: "Callback timed out", isCallbackError: true });
    const failed = await compareWithReference(handler, {}, { onPending: complete({ failed: true }) });
    expect(JSON.parse((failed.mine.last as { Result: string }).Result)).toEqual({ name: "CallbackExternalError", message: "Callback failed", isCallbackError: true });
  });

  it("a failing submitter → CallbackSubmitterError", async () => {
    const { mine } = await compareWithReference(async (_e, ctx) => {
      try {
        await ctx.waitForCallback(async () => {
          throw new Error("mail server down");
        }, { retryStrategy: () => ({ shouldRetry: false }) });
        return "no";
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: '"CallbackSubmitterError"' });
  });
});

describe("waitForCallback: how a failed submitter is mapped", () => {
  // Each SDK's own error classes, thrown by the submitter (user code may throw them).
  const workflow = (sdk: typeof import("../../src/index.js")) => async (_e: unknown, ctx: any) => {
    const thrown = [new sdk.StepError("declined", undefined, "stored-data"), new sdk.CallbackSubmitterError("already mapped")];
    const seen = [];
    for (const error of thrown) {
      try {
        await ctx.waitForCallback(async () => {
          throw error;
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      } catch (caught) {
        const e = caught as Error & { errorData?: string };
        seen.push({ name: e.name, message: e.message, errorData: e.errorData, cause: (e.cause as Error | undefined)?.name });
      }
    }
    return seen;
  };

  it("a StepError becomes a CallbackSubmitterError without errorData of its own; any other type a ChildContextError", async () => {
    const { mine } = await compareSdks(ours(workflow(ourSdk)), reference(workflow(referenceSdk as never)));
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual([
      { name: "CallbackSubmitterError", message: "declined", cause: "StepError" },
      { name: "ChildContextError", message: "already mapped", cause: "CallbackSubmitterError" },
    ]);
  });
});

describe("waitForCondition", () => {
  it("a stored state that cannot be deserialized is a SerdesFailedError, not a restart", async () => {
    let checks = 0;
    let reads = 0;
    // The first read is the round trip right after the first check; the stored state read by the next
    // invocation fails.
    const failingSerdes = {
      serialize: async (v: unknown) => JSON.stringify(v),
      deserialize: async (text: string | undefined) => {
        if (++reads > 1) throw new Error("corrupt");
        return text === undefined ? undefined : JSON.parse(text);
      },
    };
    const sdk = ours(async (_e, ctx) =>
      ctx.waitForCondition(async (s: { n: number }) => (checks++, { n: s.n + 1 }), {
        initialState: { n: 0 },
        serdes: failingSerdes,
        waitStrategy: createWaitStrategy({ shouldContinuePolling: () => true, jitter: JitterStrategy.NONE }),
      }),
    );
    await expect(runToCompletion(sdk, {})).rejects.toMatchObject({ name: "SerdesFailedError", message: expect.stringContaining("Deserialization failed") });
    expect(checks).toBe(1);
  });

  it("check errors are not retried: FAIL and StepError", async () => {
    const run = await runToCompletion(
      ours(async (_e, ctx) => ctx.waitForCondition(async () => {
        throw new Error("check broke");
      }, { initialState: 1, waitStrategy: () => ({ shouldContinue: false }) })),
      {},
    );
    expect(run.last).toMatchObject({ Status: "FAILED", Error: { ErrorType: "StepError", ErrorMessage: "check broke" } });
    expect(run.service.updates.map((u) => u.Action)).toEqual(["START", "FAIL"]);
  });
});

describe("a handler using the whole API", () => {
  it("sends the same updates and returns the same result as the reference", async () => {
    const { workflow } = await import("../types/reference-handler.js");
    const { mine } = await compareWithReference(
      workflow as never,
      { orderId: "o-1", items: [{ sku: "a", quantity: 2 }, { sku: "b", quantity: 3 }] },
      { onPending: externalParty((id) => (id.endsWith("-1") ? JSON.stringify({ ok: true }) : "answer")) },
    );
    expect(mine.last.Status).toBe("SUCCEEDED");
  });
});

describe("promise combinators taken off context.promise", () => {
  it("destructured all / allSettled / any / race work as on the reference", async () => {
    // Found by batch-wire-properties: the reference's combinators are closures, so
    // `const { all } = ctx.promise` works; ours were prototype methods needing `this`.
    const { mine } = await compareWithReference(
      async (_e, ctx) => {
        const { all, allSettled, any, race } = ctx.promise;
        const one = ctx.step("one", async () => 1);
        const two = ctx.step("two", async () => 2);
        return {
          all: await all("all", [one, two]),
          settled: (await allSettled([one])).map((r: PromiseSettledResult<unknown>) => r.status),
          any: await any([two]),
          race: await race("race", [one]),
        };
      },
      {},
      { maskStacks: true },
    );
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual({ all: [1, 2], settled: ["fulfilled"], any: 2, race: 1 });
  });
});
