/**
 * Our SDK and the reference SDK, run against the same fake service, must send the same updates per
 * operation and produce the same result (issue acceptance: step, wait, runInChildContext).
 */
import { describe, expect, it } from "vitest";
import { runToCompletion } from "../support/fake-service.js";
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as ourSdk from "../../src/index.js";
import { compareSdks, compareWithReference as compare } from "../support/compare.js";
import { ours, reference } from "../support/sdks.js";

/** Throws each value from a step of its own (no retries); returns what `seen` makes of each caught error. */
async function caughtFromSteps(ctx: any, throws: unknown[], seen: (error: Error & { errorData?: string }) => unknown) {
  const out: unknown[] = [];
  for (const [i, thrown] of throws.entries()) {
    try {
      await ctx.step(`s${i}`, async () => {
        throw thrown;
      }, { retryStrategy: () => ({ shouldRetry: false }) });
    } catch (error) {
      out.push(seen(error as Error & { errorData?: string }));
    }
  }
  return out;
}

describe("same updates and result as the reference SDK", () => {
  it("named and unnamed steps with results of every JSON type and undefined", async () => {
    const { mine } = await compare(async (_event, ctx) => {
      const values = [];
      values.push(await ctx.step("string", async () => "hi"));
      values.push(await ctx.step(async () => 42));
      values.push(await ctx.step("bool", async () => true));
      values.push(await ctx.step("null", async () => null));
      values.push(await ctx.step("array", async () => [1, "a", { b: 2 }]));
      values.push(await ctx.step("object", async () => ({ nested: { deep: [null] } })));
      values.push(await ctx.step("undefined", async () => undefined));
      return values;
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify(["hi", 42, true, null, [1, "a", { b: 2 }], { nested: { deep: [null] } }, null]) });
  });

  it("retries with createRetryStrategy", async () => {
    const { mine } = await compare(async (_event, ctx) => {
      const { createRetryStrategy, JitterStrategy } = await import("../../src/index.js");
      return ctx.step(
        "flaky",
        async ({ attempt }: { attempt: number }) => {
          if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
          return `ok on ${attempt}`;
        },
        { retryStrategy: createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 2 }, jitter: JitterStrategy.NONE }) },
      );
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: '"ok on 3"' });
    expect(mine.outputs.length).toBe(3);
  });

  it("a failed step caught", async () => {
    await compare(async (_event, ctx) => {
      try {
        await ctx.step("boom", async () => {
          throw new TypeError("bad thing");
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message, cause: ((error as Error).cause as Error)?.name };
      }
      return "unreachable";
    });
  });

  it("a failed step whose error has an empty name: the rebuilt cause is named Error", async () => {
    // Stored as { ErrorType: "" }; the reference names the rebuilt cause `ErrorType || "Error"`.
    const { mine } = await compare(async (_event, ctx) => {
      try {
        await ctx.step("nameless", async () => {
          const error = new Error("no name");
          error.name = "";
          throw error;
        }, { retryStrategy: () => ({ shouldRetry: false }) });
      } catch (error) {
        const cause = (error as Error).cause as Error;
        return { name: (error as Error).name, cause: [cause.name, cause.message] };
      }
      return "unreachable";
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify({ name: "StepError", cause: ["Error", "no name"] }) });
  });

  it("a failed step uncaught", async () => {
    const { mine } = await compare(async (_event, ctx) => {
      await ctx.step("boom", async () => {
        throw new RangeError("out of range");
      }, { retryStrategy: () => ({ shouldRetry: false }) });
    });
    expect(mine.last).toMatchObject({ Status: "FAILED", Error: { ErrorType: "StepError", ErrorMessage: "out of range" } });
  });

  it("ErrorData of a thrown durable error comes only from durable errors along Error causes", async () => {
    // toErrorObject falls back to the first string errorData of a DurableOperationError among the causes,
    // following `cause` through Error instances only (the reference's rule).
    const workflow = (sdk: typeof ourSdk) => async (_event: unknown, ctx: any) => {
      const plain = Object.assign(new Error("plain"), { errorData: "on a plain error" });
      const throws = [
        new sdk.StepError("plain cause", plain),
        new sdk.StepError("through an object", { cause: new sdk.InvokeError("inner", undefined, "behind an object") } as never),
        new sdk.StepError("through an Error", new Error("wrapper", { cause: new sdk.InvokeError("inner", undefined, "found") })),
      ];
      return caughtFromSteps(ctx, throws, (caught) => caught.errorData ?? null);
    };
    const { mine } = await compareSdks(ours(workflow(ourSdk)), reference(workflow(referenceSdk as never)));
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify([null, null, "found"]) });
  });

  it("error-likes with an undefined name or message, and an Error carrying errorData: stored as the reference sends them", async () => {
    // The reference stores an error-like's name and message as they are: undefined is left out of the
    // update (and null too, by the AWS SDK's serializer); ErrorData only ever comes from a
    // DurableOperationError.
    class WithData extends Error {
      errorData = "not stored";
    }
    const { mine } = await compare(async (_event, ctx) => {
      const throws = [{ name: undefined, message: "no name" }, { name: "NoMessage", message: undefined }, new WithData("has data")];
      return caughtFromSteps(ctx, throws, (e) => [e.message, (e.cause as Error).name, e.errorData ?? null]);
    });
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual([
      ["no name", "Error", null],
      ["Unknown error", "NoMessage", null],
      ["has data", "Error", null],
    ]);
  });

  it("AT_MOST_ONCE", async () => {
    await compare(async (_event, ctx) => {
      return ctx.step("once", async () => "done", { semantics: "AT_MOST_ONCE_PER_RETRY" });
    });
  });

  it("nested child contexts with waits", async () => {
    await compare(async (_event, ctx) => {
      const a = await ctx.runInChildContext("outer", async (outer: any) => {
        const x = await outer.step("s1", async () => 1);
        await outer.wait("w1", { seconds: 5 });
        const inner = await outer.runInChildContext(async (innerCtx: any) => {
          await innerCtx.wait({ minutes: 1 });
          return innerCtx.step(async () => x + 1);
        });
        return inner + 10;
      });
      await ctx.wait({ seconds: 1 });
      return a;
    });
  });

  it("a child failing with an empty message, inside a child: the outer error carries the rebuilt message", async () => {
    // The inner FAIL stores { ErrorType: "Error", ErrorMessage: "" }; rebuilt, that is a StepError with
    // "Unknown error", and the ChildContextError thrown to the outer child carries that message.
    const { mine } = await compare(async (_event, ctx) =>
      ctx.runInChildContext("outer", async (outer: any) =>
        outer.runInChildContext(async () => {
          throw new Error("");
        }),
      ),
    );
    expect(mine.last).toEqual({ Status: "FAILED", Error: { ErrorType: "ChildContextError", ErrorMessage: "Unknown error" } });
  });

  it("a child result over 256 KiB", async () => {
    const { mine } = await compare(async (_event, ctx) => {
      const big = await ctx.runInChildContext("big", async (child: any) => {
        const parts = [];
        for (let i = 0; i < 3; i++) parts.push(await child.step(`part-${i}`, async () => "x".repeat(100_000)));
        return parts.join("");
      }, { summaryGenerator: (r: string) => `length ${r.length}` });
      await ctx.wait({ seconds: 1 });
      return big.length;
    });
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: "300000" });
  });

  it("a handler result over 6 MB", async () => {
    const mine = await runToCompletion(ours(async (_e, ctx) => {
      await ctx.step(async () => 1);
      return "y".repeat(6_400_000);
    }), {});
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: "" });
    const execution = mine.service.updates.filter((u) => u.Type === "EXECUTION");
    expect(execution).toHaveLength(1);
    expect(execution[0]).toMatchObject({ Action: "SUCCEED", Payload: JSON.stringify("y".repeat(6_400_000)) });
    expect(execution[0]!.Id).toMatch(/^[0-9a-f]{16}$/);
    // The update as sent: Id first, no ParentId, Name or SubType (executionUpdates, from schema/execution.yaml).
    expect(Object.keys(execution[0]!)).toEqual(["Id", "Type", "Action", "Payload"]);
  });
});

describe("reference bugs not copied", () => {
  it("a retry strategy that throws: the step rejects with its error and the invocation still suspends (the reference hangs)", async () => {
    // On the reference the step stays EXECUTING in its lifecycle tracking, so the wait below never
    // lets the invocation end. Here: PENDING, then the step (still STARTED) runs again on replay.
    const attempts: number[] = [];
    const run = runToCompletion(
      ours(async (_event, ctx) => {
        let caught = "";
        try {
          await ctx.step("s", async ({ attempt }: { attempt: number }) => {
            attempts.push(attempt);
            throw new Error("body failed");
          }, { retryStrategy: () => {
            throw new TypeError("strategy broke");
          } });
        } catch (error) {
          caught = `${(error as Error).name}: ${(error as Error).message}`;
        }
        await ctx.wait("w", { seconds: 5 });
        return caught;
      }),
      {},
    );
    const outcome = await Promise.race([run, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 2000))]);
    expect(outcome).not.toBe("hung");
    const mine = outcome as Awaited<typeof run>;
    expect(mine.outputs.map((o) => o.Status)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify("TypeError: strategy broke") });
    expect(mine.service.updates.map((u) => [u.Type, u.Action])).toEqual([["STEP", "START"], ["WAIT", "START"]]);
    expect(attempts).toEqual([1, 1]);
  });

  // A child whose result is over 256 KiB is stored with ReplayChildren and its function runs again on
  // every later invocation. The reference hands an operation there that finished other than SUCCEEDED or
  // FAILED — a callback that TIMED_OUT, an invoke whose execution TIMED_OUT or was STOPPED — a promise that
  // never settles, so the replay never returns. Here the record is finished: the replay sees the failure again.
  type Service = import("../support/fake-service.js").FakeDurableService;
  // Each case: its name, how the child starts the operation (its promise, boxed so nothing awaits it
  // early), how the service ends it, and what the replay must see.
  const ended: [string, (child: any) => Promise<{ promise: PromiseLike<unknown> }>, (service: Service) => void, string][] = [
    [
      "a callback that timed out",
      async (child) => ({ promise: (await child.createCallback("ask", { timeout: { hours: 1 } }))[0] }),
      (service) => {
        for (const op of service.ops.values())
          if (op.Type === "CALLBACK" && op.Status === "STARTED") service.completeCallback(op.CallbackDetails!.CallbackId!, { timedOut: true, error: { ErrorType: "Callback.Timeout", ErrorMessage: "no answer" } });
      },
      "CallbackTimeoutError: no answer",
    ],
    ...(["TIMED_OUT", "STOPPED"] as const).map((status): (typeof ended)[number] => [
      `an invoke that ended ${status}`,
      async (child) => ({ promise: child.invoke("worker", "arn:aws:lambda:us-east-1:123456789012:function:worker:1", { job: 1 }) }),
      (service) => {
        for (const op of service.ops.values())
          if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") service.completeInvoke(op.Id!, { status, error: { ErrorType: "Invoke.Ended", ErrorMessage: `worker ${status}` } });
      },
      `InvokeError: worker ${status}`,
    ]),
  ];
  it.each(ended)("%s in a child replayed for its large result: the replay sees the failure again (the reference hangs)", async (_case, start, end, seen) => {
    const handler = async (_event: unknown, ctx: any) => {
      const outcome = await ctx.runInChildContext("approval", async (child: any) => {
        const answer = await (await start(child)).promise.then(
          () => "answered",
          (error: Error) => `${error.name}: ${error.message}`,
        );
        return { answer, report: "r".repeat(300_000) };
      });
      await ctx.wait("after", { seconds: 1 });
      return outcome.answer;
    };
    const run = runToCompletion(ours(handler), {}, { onPending: (service) => (end(service), service.advance()) });
    const outcome = await Promise.race([run, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 2000))]);
    expect(outcome).not.toBe("hung");
    const mine = outcome as Awaited<typeof run>;
    expect(mine.outputs.map((o) => o.Status)).toEqual(["PENDING", "PENDING", "SUCCEEDED"]);
    expect(mine.last).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify(seen) });
    const child = mine.service.updates.filter((u) => u.Type === "CONTEXT").map((u) => [u.Action, u.Payload, u.ContextOptions]);
    expect(child).toEqual([["START", undefined, undefined], ["SUCCEED", "", { ReplayChildren: true }]]);
  });

  it("promise.allSettled replayed: a rejection with an empty message is an Error again (the reference hands back a plain object)", async () => {
    // The first run sees Errors on both SDKs; the stored result is replayed after the wait. The reference
    // rebuilds a stored reason only when its message is truthy, so an empty message stays a plain object.
    const handler = async (_event: unknown, ctx: any) => {
      // Handled rejections: on the replay the combinator returns its stored result without awaiting them.
      const rejected = (error: Error) => {
        const promise = Promise.reject(error);
        promise.catch(() => undefined);
        return promise;
      };
      const settled = await ctx.promise.allSettled("settle", [rejected(new Error("")), rejected(new RangeError("out"))]);
      await ctx.wait("after", { seconds: 1 });
      return settled.map((r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? [r.reason instanceof Error, (r.reason as Error).name, (r.reason as Error).message] : r));
    };
    const advance = { onPending: (service: import("../support/fake-service.js").FakeDurableService) => service.advance() };
    const mine = await runToCompletion(ours(handler), {}, advance);
    const theirs = await runToCompletion(reference(handler), {}, advance);
    expect(JSON.parse((mine.last as { Result: string }).Result)).toEqual([[true, "Error", ""], [true, "RangeError", "out"]]);
    expect(JSON.parse((theirs.last as { Result: string }).Result)).toEqual([[false, "Error", ""], [true, "RangeError", "out"]]);
  });
});
