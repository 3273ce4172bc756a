/**
 * The error objects user code catches, side by side with the reference SDK: for every way an operation
 * can fail, on the first run and again on a replay (a wait after the failure makes a later invocation
 * replay it), each SDK's caught value is reduced to a shape — constructor, name, message, errorType,
 * errorData, stackTrace, the cause chain (each link's class, name, message and whether its stack is
 * absent, a stored trace or a live one), `instanceof` against the SDK's own classes, own keys,
 * `toErrorObject()` and `JSON.stringify` — and the shapes must be equal. Stack contents that name each
 * SDK's own files are never compared, only their presence and whether they are a stored trace.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/generated/index.js";
import * as ourSdk from "../../src/index.js";
import { toWireId } from "../../src/runtime/ids.js";
import { FakeDurableService, runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Sdk = typeof referenceSdk;
/** Records what user code caught (or got), under a label. */
type Recorder = ((label: string, value: unknown) => void) & { batch(label: string, batch: unknown): void };

/** A stored trace the fake service hands back; recognised (and kept verbatim) in every shape. */
const STORED_TRACE = ["RemoteError: stored", "    at remote (worker.js:3:9)"];

const ERROR_CLASSES = [
  "DurableOperationError",
  "StepError",
  "CallbackError",
  "CallbackExternalError",
  "CallbackTimeoutError",
  "CallbackSubmitterError",
  "InvokeError",
  "ChildContextError",
  "WaitForConditionError",
  "PromiseCombinatorError",
  "BatchCompletionError",
  "StepInterruptedError",
] as const;

/** A stack or trace: absent, the stored trace (verbatim), or "live" (frames of the SDK or test: not compared). */
function stackView(stack: unknown): unknown {
  if (stack === undefined) return undefined;
  const text = Array.isArray(stack) ? stack.join("\n") : stack;
  if (typeof text !== "string") return { notAString: typeof text };
  if (text.includes("worker.js")) return text;
  return /\n\s+at /.test(text) ? (Array.isArray(stack) ? "live trace" : "live stack") : text;
}

/** JSON with every live stack or trace replaced, so it can be compared across SDKs. */
function maskedJson(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v) => {
      if (typeof v === "string" && /\n\s+at /.test(v) && !v.includes("worker.js")) return "live";
      if (Array.isArray(v) && v.some((l) => typeof l === "string" && /^\s+at /.test(l) && !l.includes("worker.js"))) return "live trace";
      return v;
    });
  } catch (error) {
    return { stringifyThrew: (error as Error).message };
  }
  return text;
}

function shape(sdk: Sdk, value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return { primitive: typeof value, value: value === undefined ? "undefined" : value };
  // Arrays and plain objects (promise.allSettled results, …): the shape of each value, keys in order.
  if (Array.isArray(value)) return { array: value.map((v) => shape(sdk, v, depth)) };
  if (Object.getPrototypeOf(value) === Object.prototype) return { object: Object.entries(value).map(([k, v]) => [k, shape(sdk, v, depth)]) };
  const e = value as Error & { [k: string]: unknown };
  const out: { [k: string]: unknown } = {
    constructor: e.constructor?.name,
    isError: e instanceof Error,
    name: e.name,
    message: e.message,
    text: String(e),
    errorType: e.errorType,
    errorData: e.errorData,
    stackTrace: stackView(e.stackTrace),
    // The thrown error's own stack: only its first line (the frames name each SDK's files).
    stack: depth === 0 ? (typeof e.stack === "string" ? e.stack.split("\n")[0] : e.stack) : stackView(e.stack),
    instanceOf: ERROR_CLASSES.filter((c) => e instanceof (sdk as unknown as { [k: string]: new () => object })[c]!),
    keys: Object.keys(e),
    // Own properties (not the stack) with their attributes: writable, enumerable, configurable, accessor.
    ownNames: Object.getOwnPropertyNames(e)
      .filter((n) => n !== "stack")
      .sort()
      .map((n) => {
        const d = Object.getOwnPropertyDescriptor(e, n)!;
        return `${n}:${d.writable ? "w" : ""}${d.enumerable ? "e" : ""}${d.configurable ? "c" : ""}${d.get || d.set ? "a" : ""}`;
      }),
    toErrorObject: typeof e.toErrorObject === "function" ? maskedJson((e.toErrorObject as () => unknown)()) : "none",
    json: maskedJson(e),
  };
  if ("cause" in e) out.cause = depth < 5 ? shape(sdk, e.cause, depth + 1) : "deep";
  return out;
}

/** A batch result as user code reads it. */
function batchShape(sdk: Sdk, batch: any): unknown {
  let thrown: unknown = "nothing";
  try {
    batch.throwIfError();
  } catch (error) {
    thrown = shape(sdk, error);
  }
  return {
    status: batch.status,
    completionReason: batch.completionReason,
    errors: batch.getErrors().map((e: unknown) => shape(sdk, e)),
    all: batch.all.map((r: any) => ({ keys: Object.keys(r), index: r.index, status: r.status, error: r.error === undefined ? undefined : shape(sdk, r.error) })),
    thrown,
    json: maskedJson(batch),
  };
}

interface Scenario {
  name: string;
  run: (ctx: any, sdk: Sdk, record: Recorder) => Promise<unknown>;
  onPending?: (service: FakeDurableService) => void;
  seed?: Partial<Operation>[];
}

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

class CustomError extends Error {
  code = 7;
  details = { field: "x" };
  constructor(message: string) {
    super(message);
    this.name = "CustomError";
  }
}

/** Awaits `operation` and records what it threw (or what it gave, labelled "… value"). */
async function caught(record: Recorder, label: string, operation: () => Promise<unknown>) {
  try {
    record(`${label} value`, await operation());
  } catch (error) {
    record(label, error);
  }
}

const throwing = (value: unknown) => async () => {
  throw value;
};

const stepThrows = (value: () => unknown): Scenario["run"] => async (ctx, _sdk, record) => {
  await caught(record, "step", () => ctx.step("s", async () => {
    throw value();
  }, noRetry));
};

const completeCallbacks = (outcome: Parameters<FakeDurableService["completeCallback"]>[1]) => (service: FakeDurableService) => {
  for (const op of service.ops.values())
    if (op.Type === "CALLBACK" && op.Status === "STARTED") service.completeCallback(op.CallbackDetails!.CallbackId!, outcome);
  service.advance();
};

const completeInvokes = (outcome: Parameters<FakeDurableService["completeInvoke"]>[1]) => (service: FakeDurableService) => {
  for (const op of service.ops.values()) if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") service.completeInvoke(op.Id!, outcome);
  service.advance();
};

const scenarios: Scenario[] = [
  { name: "step throws an Error", run: stepThrows(() => new Error("boom")) },
  { name: "step throws a TypeError", run: stepThrows(() => new TypeError("bad type")) },
  { name: "step throws a string", run: stepThrows(() => "a string") },
  { name: "step throws a number", run: stepThrows(() => 42) },
  { name: "step throws undefined", run: stepThrows(() => undefined) },
  { name: "step throws null", run: stepThrows(() => null) },
  { name: "step throws a plain object", run: stepThrows(() => ({ name: "Plain", message: "plain object", code: 3 })) },
  { name: "step throws a custom error class with extra fields", run: stepThrows(() => new CustomError("custom")) },
  { name: "step throws an Error with a cause", run: stepThrows(() => new Error("outer", { cause: new Error("inner") })) },
  { name: "step throws an Error with an empty message", run: stepThrows(() => new Error("")) },
  { name: "step throws a StepError of the SDK", run: async (ctx, sdk, record) => {
    await caught(record, "step", () => ctx.step("s", throwing(new sdk.StepError("rethrown", new Error("root"), "data")), noRetry));
  } },
  { name: "step throws a CallbackTimeoutError of the SDK", run: async (ctx, sdk, record) => {
    await caught(record, "step", () => ctx.step("s", throwing(new sdk.CallbackTimeoutError("", undefined, "d")), noRetry));
  } },
  { name: "step throws an Error whose name is empty", run: stepThrows(() => Object.assign(new Error("nameless"), { name: "" })) },
  { name: "step throws an AggregateError", run: stepThrows(() => new AggregateError([new Error("one")], "many")) },
  {
    name: "step retries exhausted (the retry strategy's argument too)",
    run: async (ctx, _sdk, record) => {
      await caught(record, "step", () => ctx.step("s", async ({ attempt }: { attempt: number }) => {
        throw new Error(`attempt ${attempt}`);
      }, { retryStrategy: (error: unknown, attempt: number) => {
        record(`strategy ${attempt}`, error);
        return attempt < 2 ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false };
      } }));
    },
  },
  {
    name: "AT_MOST_ONCE step interrupted (the retry strategy's argument too)",
    seed: [{ Id: toWireId("1"), Type: "STEP", SubType: "Step", Name: "once", Status: "STARTED", StepDetails: {} }],
    run: async (ctx, _sdk, record) => {
      await caught(record, "step", () => ctx.step("once", async () => "ran", { semantics: "AT_MOST_ONCE_PER_RETRY", retryStrategy: (error: unknown) => {
        record("strategy", error);
        return { shouldRetry: false };
      } }));
    },
  },
  {
    name: "createCallback failed with a stored trace",
    run: async (ctx, _sdk, record) => {
      const [promise] = await ctx.createCallback("cb");
      await caught(record, "callback", () => promise);
    },
    onPending: completeCallbacks({ error: { ErrorType: "RejectedError", ErrorMessage: "not approved", StackTrace: STORED_TRACE } }),
  },
  {
    name: "createCallback failed without a stored error",
    run: async (ctx, _sdk, record) => {
      const [promise] = await ctx.createCallback("cb");
      await caught(record, "callback", () => promise);
    },
    onPending: completeCallbacks({ failed: true }),
  },
  {
    name: "createCallback timed out",
    run: async (ctx, _sdk, record) => {
      const [promise] = await ctx.createCallback("cb", { timeout: { seconds: 10 } });
      await caught(record, "callback", () => promise);
    },
    onPending: completeCallbacks({ timedOut: true, error: { ErrorType: "Callback.Timeout", ErrorMessage: "timed out" } }),
  },
  {
    name: "waitForCallback failed",
    run: async (ctx, _sdk, record) => {
      await caught(record, "waitForCallback", () => ctx.waitForCallback("wcb", async () => undefined));
    },
    onPending: completeCallbacks({ error: { ErrorType: "RejectedError", ErrorMessage: "no", StackTrace: STORED_TRACE } }),
  },
  {
    name: "waitForCallback timed out",
    run: async (ctx, _sdk, record) => {
      await caught(record, "waitForCallback", () => ctx.waitForCallback("wcb", async () => undefined, { timeout: { seconds: 5 } }));
    },
    onPending: completeCallbacks({ timedOut: true }),
  },
  {
    name: "waitForCallback submitter throws",
    run: async (ctx, _sdk, record) => {
      await caught(record, "waitForCallback", () => ctx.waitForCallback("wcb", throwing(new CustomError("cannot submit")), { retryStrategy: () => ({ shouldRetry: false }) }));
    },
  },
  {
    name: "invoke failed",
    run: async (ctx, _sdk, record) => {
      await caught(record, "invoke", () => ctx.invoke("inv", "arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }));
    },
    onPending: completeInvokes({ error: { ErrorType: "Rejected", ErrorMessage: "worker failed" } }),
  },
  ...(["TIMED_OUT", "STOPPED"] as const).map((status): Scenario => ({
    name: `invoke ${status}`,
    run: async (ctx, _sdk, record) => {
      await caught(record, "invoke", () => ctx.invoke("inv", "arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }));
    },
    onPending: completeInvokes({ status, error: { ErrorType: "Invoke.Ended", ErrorMessage: `ended ${status}` } }),
  })),
  {
    name: "invoke failed without a stored error",
    run: async (ctx, _sdk, record) => {
      await caught(record, "invoke", () => ctx.invoke("inv", "arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }));
    },
    onPending: completeInvokes({ failed: true }),
  },
  {
    name: "invoke failed with stored data and a stored trace",
    run: async (ctx, _sdk, record) => {
      await caught(record, "invoke", () => ctx.invoke("inv", "arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }));
    },
    onPending: completeInvokes({ error: { ErrorType: "Rejected", ErrorMessage: "worker failed", ErrorData: "worker-data", StackTrace: STORED_TRACE } as never }),
  },
  {
    name: "createCallback failed with stored data",
    run: async (ctx, _sdk, record) => {
      const [promise] = await ctx.createCallback("cb");
      await caught(record, "callback", () => promise);
    },
    onPending: completeCallbacks({ error: { ErrorType: "RejectedError", ErrorMessage: "", ErrorData: "cb-data" } as never }),
  },
  {
    name: "runInChildContext: nested children, the inner one throws a DurableOperationError with errorData",
    run: async (ctx, sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("outer", (outer: any) =>
        outer.runInChildContext("inner", throwing(new sdk.WaitForConditionError("inner data", new RangeError("range"), "inner-data")))));
    },
  },
  {
    name: "runInChildContext with an errorMapper (its argument too)",
    run: async (ctx, sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("child", throwing(new CustomError("mapped")), { errorMapper: (error: Error) => {
        record("mapper", error);
        return new sdk.InvokeError(`mapped: ${error.message}`, error, "mapper-data");
      } }));
    },
  },
  {
    name: "runInChildContext with an errorMapper returning a plain Error",
    run: async (ctx, _sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("child", (child: any) => child.step("s", throwing(new Error("inner")), noRetry), { errorMapper: (error: Error) => new RangeError(`mapped: ${error.message}`) }));
    },
  },
  {
    name: "withRetry: the block keeps failing (the strategy's argument too)",
    run: async (ctx, sdk, record) => {
      await caught(record, "withRetry", () => sdk.withRetry(ctx, "wr", async (inner: any, attempt: number) => inner.step(`try-${attempt}`, throwing(new CustomError(`try ${attempt}`)), noRetry), {
        retryStrategy: (error: unknown, attempt: number) => {
          record(`strategy ${attempt}`, error);
          return { shouldRetry: attempt < 2, delay: { seconds: 1 } };
        },
      } as never));
    },
  },
  {
    name: "createRetryStrategy with retryableErrorTypes: a non-matching error is not retried",
    run: async (ctx, sdk, record) => {
      await caught(record, "step", () => ctx.step("s", throwing(new RangeError("not retryable")), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 3, retryableErrorTypes: [TypeError] }) }));
    },
  },
  { name: "step throws an Error whose cause is not an Error", run: stepThrows(() => new Error("outer", { cause: "text cause" })) },
  {
    name: "waitForCondition: the check throws a non-Error",
    run: async (ctx, _sdk, record) => {
      await caught(record, "condition", () => ctx.waitForCondition("cond", throwing({ code: 1 }), { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }));
    },
  },
  {
    name: "a failed step awaited twice: the same error object both times",
    run: async (ctx, _sdk, record) => {
      const pending = ctx.step("s", throwing(new CustomError("twice")), noRetry);
      const first = await pending.then(undefined, (error: unknown) => error);
      const second = await pending.then(undefined, (error: unknown) => error);
      record("first", first);
      record("same object", first === second);
    },
  },
  {
    name: "a failed step awaited later (not at once)",
    run: async (ctx, _sdk, record) => {
      const pending = ctx.step("s", throwing(new CustomError("later")), noRetry);
      await ctx.step("other", async () => 1);
      await caught(record, "step", () => pending);
    },
  },
  {
    name: "runInChildContext: the child throws",
    run: async (ctx, _sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("child", throwing(new CustomError("in child"))));
    },
  },
  {
    name: "runInChildContext: a step fails in a nested child",
    run: async (ctx, _sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("outer", (outer: any) =>
        outer.runInChildContext("inner", (inner: any) => inner.step("s", throwing(new Error("deep")), noRetry))));
    },
  },
  {
    name: "runInChildContext: a child throws a non-Error",
    run: async (ctx, _sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("child", throwing("text")));
    },
  },
  {
    name: "waitForCondition: the check throws",
    run: async (ctx, _sdk, record) => {
      await caught(record, "condition", () => ctx.waitForCondition("cond", throwing(new CustomError("check failed")), {
        initialState: 0,
        waitStrategy: () => ({ shouldContinue: false }),
      }));
    },
  },
  {
    name: "waitForCondition: max attempts",
    run: async (ctx, sdk, record) => {
      await caught(record, "condition", () => ctx.waitForCondition("cond", async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: sdk.createWaitStrategy({ shouldContinuePolling: () => true, maxAttempts: 2, initialDelay: { seconds: 1 } } as never),
      }));
    },
  },
  {
    name: "map: item errors (throwIfError, getErrors, the batch after a replay)",
    run: async (ctx, sdk, record) => {
      const batch = await ctx.map("m", [1, 2, 3], async (item: any, value: number) => {
        if (value === 2) return item.step("s", throwing(new CustomError("item two")), noRetry);
        if (value === 3) throw "three";
        return value;
      });
      record.batch("batch", batch);
      await ctx.wait({ seconds: 1 });
      record.batch("batch after wait", batch);
    },
  },
  {
    name: "parallel: branch errors",
    run: async (ctx, sdk, record) => {
      const batch = await ctx.parallel("p", [async () => 1, throwing(new Error("branch")), async (branch: any) => branch.step(throwing(null), noRetry)]);
      record.batch("batch", batch);
    },
  },
  {
    name: "map: completed as failed by shouldComplete (BatchCompletionError)",
    run: async (ctx, sdk, record) => {
      const batch = await ctx.map("m", [1, 2], async (_item: any, value: number) => value, {
        completionConfig: { shouldComplete: () => sdk.completeBatch("FAILED" as never) },
      });
      record.batch("batch", batch);
    },
  },
  {
    name: "map: an item throws a DurableOperationError with errorData",
    run: async (ctx, sdk, record) => {
      const batch = await ctx.map("m", [1], async () => {
        throw new sdk.InvokeError("custom invoke", new TypeError("root"), "item-data");
      });
      record.batch("batch", batch);
    },
  },
  {
    name: "runInChildContext: the child throws a DurableOperationError with errorData",
    run: async (ctx, sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("child", throwing(new sdk.StepError("with data", undefined, "child-data"))));
    },
  },
  {
    name: "waitForCallback submitter fails after retries",
    run: async (ctx, _sdk, record) => {
      await caught(record, "waitForCallback", () => ctx.waitForCallback("wcb", throwing(new TypeError("queue down")), { retryStrategy: (error: unknown, attempt: number) => {
        record(`strategy ${attempt}`, error);
        return attempt < 2 ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false };
      } }));
    },
  },
  {
    name: "waitForCallback inside a child, failed",
    run: async (ctx, _sdk, record) => {
      await caught(record, "child", () => ctx.runInChildContext("c", (child: any) => child.waitForCallback("wcb", async () => undefined)));
    },
    onPending: completeCallbacks({ error: { ErrorType: "RejectedError", ErrorMessage: "no", StackTrace: STORED_TRACE } }),
  },
  {
    name: "map over 256 KiB (replayed from its children): item errors",
    run: async (ctx, sdk, record) => {
      const batch = await ctx.map("big", [0, 1, 2, 3], async (item: any, value: number) => {
        if (value === 3) return item.step("s", throwing(new CustomError("item three")), noRetry);
        return "x".repeat(100_000);
      }, { completionConfig: { toleratedFailureCount: 1 } });
      record.batch("batch", batch);
    },
  },
  {
    name: "invoke TIMED_OUT without a stored error",
    run: async (ctx, _sdk, record) => {
      await caught(record, "invoke", () => ctx.invoke("inv", "arn:aws:lambda:us-east-1:123456789012:function:other", { a: 1 }));
    },
    onPending: completeInvokes({ status: "TIMED_OUT" }),
  },
  ...(["all", "any", "race", "allSettled"] as const).map((method): Scenario => ({
    name: `promise.${method} with a failing child context and a failing waitForCallback submitter`,
    run: async (ctx, _sdk, record) => {
      await caught(record, method, () => ctx.promise[method](`q-${method}`, [
        ctx.runInChildContext("c", throwing(new TypeError("child type"))),
        ctx.waitForCallback("w", throwing("submitter text"), noRetry),
      ]));
    },
  })),
  ...(["all", "any", "race", "allSettled"] as const).map((method): Scenario => ({
    name: `promise.${method} with failing steps`,
    run: async (ctx, _sdk, record) => {
      await caught(record, method, () => ctx.promise[method](`p-${method}`, [
        ctx.step("a", throwing(new CustomError("a failed")), noRetry),
        ctx.step("b", throwing(new Error("b failed")), noRetry),
      ]));
    },
  })),
];

async function shapesOf(sdkName: "ours" | "reference", scenario: Scenario) {
  const sdk = (sdkName === "ours" ? ourSdk : referenceSdk) as Sdk;
  const seen: { label: string; shape: unknown }[] = [];
  const record: Recorder = Object.assign((label: string, value: unknown) => void seen.push({ label, shape: shape(sdk, value) }), {
    batch: (label: string, batch: unknown) => void seen.push({ label, shape: batchShape(sdk, batch) }),
  });
  const handler = async (_event: unknown, ctx: any) => {
    seen.push({ label: "invocation", shape: undefined });
    await scenario.run(ctx, sdk, record);
    await ctx.wait({ seconds: 1 });
    return "done";
  };
  const service = new FakeDurableService({});
  for (const op of scenario.seed ?? []) service.ops.set(op.Id!, { StartTimestamp: new Date(service.now), ...op } as Operation);
  const under = sdkName === "ours" ? ours(handler) : reference(handler);
  const run = runToCompletion(under, {}, { service, maxInvocations: 12, onPending: scenario.onPending && ((s) => scenario.onPending!(s)) });
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), 3000)));
  const outcome = await Promise.race([run, hung]).finally(() => clearTimeout(timer));
  return { seen, statuses: outcome === "hung" ? "hung" : outcome.outputs.map((o) => o.Status), storedErrors: () => service.updates.filter((u) => u.Error).map((u) => u.Error) };
}

describe("caught errors, first run and replay, side by side with the reference", () => {
  for (const scenario of scenarios)
    it(scenario.name, async () => {
      const { storedErrors: _mine, ...mine } = await shapesOf("ours", scenario);
      const { storedErrors: _theirs, ...theirs } = await shapesOf("reference", scenario);
      expect(mine.statuses).toContain("SUCCEEDED");
      // Something was caught on the first run and again on the replay.
      expect(mine.seen.filter((s) => s.label !== "invocation").length).toBeGreaterThanOrEqual(2);
      expect(mine).toEqual(theirs);
    });
});

describe("reference bugs not copied", () => {
  it("an error-like whose name is a number and message an object: recorded and rebuilt as text (the reference records the raw values and hands the number back as the cause's name)", async () => {
    const scenario: Scenario = { name: "non-string name", run: stepThrows(() => ({ name: 5, message: { text: "obj" } })) };
    const causes = (run: Awaited<ReturnType<typeof shapesOf>>) =>
      run.seen.filter((s) => s.label === "step").map((s) => (s.shape as { cause: { name: unknown; message: unknown } }).cause).map(({ name, message }) => ({ name, message }));
    const mine = await shapesOf("ours", scenario);
    const theirs = await shapesOf("reference", scenario);
    // First run and replay alike.
    expect(causes(mine)).toEqual([{ name: "5", message: "[object Object]" }, { name: "5", message: "[object Object]" }]);
    expect(causes(theirs)).toEqual([{ name: 5, message: "[object Object]" }, { name: 5, message: "[object Object]" }]);
    // The update's ErrorType and ErrorMessage are strings in the API; the reference sends a number and an object.
    expect(mine.storedErrors()).toEqual([{ ErrorType: "5", ErrorMessage: "[object Object]" }]);
    expect(theirs.storedErrors()).toEqual([{ ErrorType: 5, ErrorMessage: { text: "obj" } }]);
  });
});
