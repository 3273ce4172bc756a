/**
 * Hostile values in every argument and config-field position of the public entry points: an object
 * without a prototype (with and without a field), one whose toString / valueOf / Symbol.toPrimitive
 * throw, a Proxy whose traps throw, a getter that throws, a symbol, a bigint, NaN / ±Infinity / -0,
 * huge numbers, a very long string, a frozen object, a sparse array, a function where an object is
 * expected and an object where a function is.
 *
 * The rule: the SDK accepts the value or refuses it as it refuses a plain bad value of that position
 * (DurableValidationError at the call or as the failed operation's ErrorType; for a function's result
 * the SDK checks — shouldComplete, a retry decision — the error a plain bad result gets), with a
 * message that is a string; never a TypeError or RangeError from the engine, never a hang.
 *
 * Decided per case and kept: a Proxy whose traps throw, or a getter that throws, throws the user's own
 * error when the SDK reads the value the user set (a field, a key list): the SDK cannot see the value
 * without calling the user's code, and the reference SDK lets that error through the same way. It is
 * accepted only as that very error (message "user boom").
 *
 * Out of scope: values the SDK only passes through to user code or serializes as data (a step's result,
 * invoke's input, promise-combinator entries), where a serialization failure is the serdes' error.
 *
 * Not covered, on purpose:
 * - the attempt number a built strategy is called with (createRetryStrategy(…)(error, attemptsMade), the
 *   same for createLinearRetryStrategy, retryPresets and createWaitStrategy): the SDK always passes
 *   1, 2, …; a caller passing an object without a prototype or a symbol gets the engine's TypeError from
 *   `attemptsMade >= maxAttempts`, as with the reference SDK, and a plain bad one ("x", NaN) a NaN
 *   delay. A DurableValidationError there measured about 270 B of every Lambda bundle for a call the
 *   SDK itself never makes with a bad value (when measured, more than the size budget had left).
 * - `new DurablePromise(executor)`: a non-function executor is refused with TypeError("DurablePromise
 *   executor must be a function"), as `new Promise(5)` is, whatever the value.
 */
import { describe, expect, it } from "vitest";
import {
  buildPreview,
  completeBatch,
  createClassSerdes,
  createClassSerdesWithDates,
  createFileSystemSerdes,
  createLinearRetryStrategy,
  createRetryStrategy,
  createWaitStrategy,
  DurableValidationError,
  withDurableExecution,
  withRetry,
} from "../../src/index.js";
import { FakeDurableService, lambdaContext, runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";

const USER_ERROR = "user boom";
const boom = (): never => {
  throw new Error(USER_ERROR);
};

/** Each hostile value is made afresh per call (a frozen object or a Proxy must not be shared across runs). */
const HOSTILE: Record<string, () => unknown> = {
  "an object without a prototype": () => Object.create(null),
  "an object without a prototype, with a field": () => Object.assign(Object.create(null), { a: 1 }),
  "an object whose toString, valueOf and Symbol.toPrimitive throw": () => ({ toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom }),
  "a Proxy whose traps throw": () => new Proxy({}, { get: boom, ownKeys: boom, has: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }),
  "an object with a throwing getter": () => Object.defineProperty({}, "x", { get: boom, enumerable: true }),
  "a symbol": () => Symbol("s"),
  "a bigint": () => 10n,
  NaN: () => NaN,
  Infinity: () => Infinity,
  "-Infinity": () => -Infinity,
  "-0": () => -0,
  "1e308": () => 1e308,
  "2 ** 53": () => 2 ** 53,
  "a string of a million characters": () => "x".repeat(1_000_000),
  "a frozen object": () => Object.freeze({}),
  "a sparse array": () => [, 1],
  "a function": () => () => 1,
  "an empty object": () => ({}),
};
const USER_THROWS = new Set(["a Proxy whose traps throw", "an object with a throwing getter"]);

type Outcome = { ok: true } | { ok: false; type: string; message: unknown };

const HANG_MS = 5000;
function withinTime<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("hang: no answer in 5 s")), HANG_MS))]);
}

/** What a thrown value (or a rejection) is: its constructor's name and its message, read once. */
function thrown(error: unknown): Outcome {
  if (error instanceof Error && error.message.startsWith("hang:")) throw error;
  const type = error instanceof DurableValidationError ? "DurableValidationError" : ((error as Error)?.name ?? typeof error);
  return { ok: false, type, message: (error as Error)?.message };
}

async function direct(call: () => unknown): Promise<Outcome> {
  try {
    await withinTime(Promise.resolve().then(call));
    return { ok: true };
  } catch (error) {
    return thrown(error);
  }
}

/** Runs `body` in a handler on the in-memory service: an invocation that ends FAILED gives its ErrorType. */
async function inHandler(body: (ctx: any) => Promise<unknown>): Promise<Outcome> {
  try {
    const run = await withinTime(runToCompletion(ours(async (_e, ctx) => body(ctx)), {}, { maxInvocations: 5 }));
    const last = run.last as { Status: string; Error?: { ErrorType?: string; ErrorMessage?: unknown } };
    // PENDING: a callback or an invoke waiting for the outside, i.e. accepted.
    return last.Status === "FAILED" ? { ok: false, type: last.Error?.ErrorType ?? "?", message: last.Error?.ErrorMessage } : { ok: true };
  } catch (error) {
    return thrown(error);
  }
}

const f1 = async () => 1;
const stop = () => ({ shouldContinue: false });
const wfc = { initialState: 1, waitStrategy: stop };

/**
 * Each position: how to put a value there, and a plain bad value of it (undefined: the position accepts
 * any value the type allows, so only DurableValidationError or acceptance is expected).
 */
type Position = [name: string, put: (v: unknown) => Promise<Outcome>, plainBad?: unknown];
const handlerPositions: [string, (ctx: any, v: unknown) => Promise<unknown>, unknown?][] = [
  ["step(name)", (c, v) => c.step(v, f1), 5],
  ["step(fn)", (c, v) => c.step("n", v), 5],
  ["step(config)", (c, v) => c.step("n", f1, v), 5],
  ["step config.retryStrategy", (c, v) => c.step("n", f1, { retryStrategy: v }), 5],
  ["step config.semantics", (c, v) => c.step("n", f1, { semantics: v }), 5],
  ["step config.serdes", (c, v) => c.step("n", f1, { serdes: v }), 5],
  ["step retryStrategy's decision", (c, v) => c.step("n", async () => boom(), { retryStrategy: () => v }), "yes"],
  ["step retryStrategy's decision.delay", (c, v) => c.step("n", async () => boom(), { retryStrategy: (_e: unknown, a: number) => (a > 1 ? { shouldRetry: false } : { shouldRetry: true, delay: v }) }), "5"],
  ["wait(name)", (c, v) => c.wait(v, { seconds: 1 }), 5],
  ["wait(duration)", (c, v) => c.wait(v), 5],
  ["wait duration.seconds", (c, v) => c.wait({ seconds: v }), "5"],
  ["wait duration.days", (c, v) => c.wait({ days: v }), "5"],
  ["createCallback(name)", (c, v) => c.createCallback(v).then(() => 1), 5],
  ["createCallback(config)", (c, v) => c.createCallback("n", v).then(() => 1), 5],
  ["createCallback config.timeout", (c, v) => c.createCallback("n", { timeout: v }).then(() => 1), 5],
  ["createCallback config.heartbeatTimeout", (c, v) => c.createCallback("n", { heartbeatTimeout: v }).then(() => 1), 5],
  ["createCallback config.serdes", (c, v) => c.createCallback("n", { serdes: v }).then(() => 1), 5],
  ["waitForCallback(name)", (c, v) => c.waitForCallback(v, async () => undefined), 5],
  ["waitForCallback(submitter)", (c, v) => c.waitForCallback("n", v), 5],
  ["waitForCallback(config)", (c, v) => c.waitForCallback("n", async () => undefined, v), 5],
  ["waitForCallback config.timeout", (c, v) => c.waitForCallback("n", async () => undefined, { timeout: v }), 5],
  ["waitForCallback config.retryStrategy", (c, v) => c.waitForCallback("n", async () => undefined, { retryStrategy: v }), 5],
  ["waitForCallback config.serdes", (c, v) => c.waitForCallback("n", async () => undefined, { serdes: v }), 5],
  ["waitForCondition(name)", (c, v) => c.waitForCondition(v, async (s: unknown) => s, wfc), 5],
  ["waitForCondition(check)", (c, v) => c.waitForCondition("n", v, wfc), 5],
  ["waitForCondition(config)", (c, v) => c.waitForCondition("n", async (s: unknown) => s, v), 5],
  ["waitForCondition config.waitStrategy", (c, v) => c.waitForCondition("n", async (s: unknown) => s, { initialState: 1, waitStrategy: v }), 5],
  ["waitForCondition config.initialState", (c, v) => c.waitForCondition("n", async () => 1, { initialState: v, waitStrategy: stop })],
  ["waitForCondition config.serdes", (c, v) => c.waitForCondition("n", async (s: unknown) => s, { ...wfc, serdes: v }), 5],
  ["waitForCondition waitStrategy's decision", (c, v) => c.waitForCondition("n", async (s: unknown) => s, { initialState: 1, waitStrategy: () => v }), "yes"],
  [
    "waitForCondition waitStrategy's decision.delay",
    (c, v) => c.waitForCondition("n", async (s: unknown) => s, { initialState: 1, waitStrategy: (_s: unknown, a: number) => (a > 1 ? { shouldContinue: false } : { shouldContinue: true, delay: v }) }),
    "5",
  ],
  ["invoke(name, …)", (c, v) => c.invoke(v, "fn", {}, {}), 5],
  // Not invoke("n", v, …): a second argument that is not a string makes the call the (funcId, input, config)
  // form, as in the reference, so the value is invoke's input (data, out of scope).
  ["invoke(funcId)", (c, v) => c.invoke(v, {}), 5],
  ["invoke(config)", (c, v) => c.invoke("n", "fn", {}, v), 5],
  ["invoke config.tenantId", (c, v) => c.invoke("n", "fn", {}, { tenantId: v }), 5],
  ["invoke config.payloadSerdes", (c, v) => c.invoke("n", "fn", {}, { payloadSerdes: v }), 5],
  ["runInChildContext(name)", (c, v) => c.runInChildContext(v, f1), 5],
  ["runInChildContext(fn)", (c, v) => c.runInChildContext("n", v), 5],
  ["runInChildContext(config)", (c, v) => c.runInChildContext("n", f1, v), 5],
  ["runInChildContext config.subType", (c, v) => c.runInChildContext("n", f1, { subType: v }), 5],
  ["runInChildContext config.virtualContext", (c, v) => c.runInChildContext("n", f1, { virtualContext: v }), 5],
  ["runInChildContext config.errorMapper", (c, v) => c.runInChildContext("n", f1, { errorMapper: v }), 5],
  ["map(name)", (c, v) => c.map(v, [1], f1), 5],
  ["map(items)", (c, v) => c.map("n", v, f1), 5],
  ["map(mapFunc)", (c, v) => c.map("n", [1], v), 5],
  ["map(config)", (c, v) => c.map("n", [1], f1, v), 5],
  ["map config.maxConcurrency", (c, v) => c.map("n", [1], f1, { maxConcurrency: v }), 0],
  ["map config.itemNamer", (c, v) => c.map("n", [1], f1, { itemNamer: v }), 5],
  ["map itemNamer's result", (c, v) => c.map("n", [1], f1, { itemNamer: () => v }), 5],
  ["map config.serdes", (c, v) => c.map("n", [1], f1, { serdes: v }), 5],
  ["map config.completionConfig", (c, v) => c.map("n", [1], f1, { completionConfig: v }), 5],
  ["map completionConfig.minSuccessful", (c, v) => c.map("n", [1], f1, { completionConfig: { minSuccessful: v } }), -1],
  ["map completionConfig.toleratedFailurePercentage", (c, v) => c.map("n", [1], f1, { completionConfig: { toleratedFailurePercentage: v } }), 101],
  ["map completionConfig.shouldComplete's result", (c, v) => c.map("n", [1, 2], f1, { completionConfig: { shouldComplete: () => v } }), "yes"],
  ["map config.summaryGenerator's result", (c, v) => c.map("n", [1], f1, { summaryGenerator: () => v })],
  ["map config.nesting", (c, v) => c.map("n", [1], f1, { nesting: v }), "DEEP"],
  ["parallel(name)", (c, v) => c.parallel(v, [f1]), 5],
  ["parallel(branches)", (c, v) => c.parallel("n", v), 5],
  ["parallel(branches[0])", (c, v) => c.parallel("n", [v]), 5],
  ["parallel branches[0].name", (c, v) => c.parallel("n", [{ name: v, func: f1 }]), 5],
  ["parallel branches[0].func", (c, v) => c.parallel("n", [{ name: "a", func: v }]), 5],
  ["parallel(config)", (c, v) => c.parallel("n", [f1], v), 5],
  ["parallel config.maxConcurrency", (c, v) => c.parallel("n", [f1], { maxConcurrency: v }), 0],
  ["promise.all(promises)", (c, v) => c.promise.all(v), 5],
  ["promise.all(name, …)", (c, v) => c.promise.all(v, []), 5],
  ["promise.allSettled(promises)", (c, v) => c.promise.allSettled(v), 5],
  ["promise.any(promises)", (c, v) => c.promise.any(v), 5],
  ["promise.race(promises)", (c, v) => c.promise.race(v), 5],
  ["withRetry(context)", (_c, v) => withRetry(v as never, f1 as never, { retryStrategy: createRetryStrategy() } as never), 5],
  ["withRetry(fn)", (c, v) => withRetry(c, v as never, { retryStrategy: createRetryStrategy() } as never), 5],
  ["withRetry(config)", (c, v) => withRetry(c, f1 as never, v as never), 5],
  ["withRetry config.retryStrategy", (c, v) => withRetry(c, f1 as never, { retryStrategy: v } as never), 5],
  ["logger.info(message)", async (c, v) => c.logger.info(v)],
];

const wrap = (config: unknown) => withDurableExecution(f1, config as never);
const event = (fields: Record<string, unknown>) => ({ DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: [] }, ...fields });
/** One invocation with `config`: the invocation checks (childOperationsDepth, the retry budget) run here. */
async function invokeWith(config: unknown): Promise<void> {
  const service = new FakeDurableService({});
  const sdk = ours(f1, config as never);
  const output = (await sdk.handler(service.event(sdk), lambdaContext)) as { Status: string; Error?: { ErrorType: string; ErrorMessage: string } };
  if (output.Status === "FAILED") throw Object.assign(new Error(output.Error!.ErrorMessage), { name: output.Error!.ErrorType });
}

const directPositions: [string, (v: unknown) => unknown, unknown?][] = [
  ["withDurableExecution(handler)", (v) => withDurableExecution(v as never), 5],
  ["withDurableExecution(…, config)", (v) => wrap(v), 5],
  ["withDurableExecution config.plugins", (v) => wrap({ plugins: v }), 5],
  ["withDurableExecution config.plugins[0]", (v) => wrap({ plugins: [v] }), 5],
  ["withDurableExecution config.pluginsConfig", (v) => wrap({ pluginsConfig: v }), 5],
  ["withDurableExecution config.client", (v) => wrap({ client: v }), 5],
  ["withDurableExecution config.durableExecutionClient", (v) => wrap({ durableExecutionClient: v }), 5],
  ["invocation: pluginsConfig.childOperationsDepth", (v) => invokeWith({ pluginsConfig: { childOperationsDepth: v } }), -1],
  ["invocation: checkpointRetryBudgetSeconds", (v) => invokeWith({ checkpointRetryBudgetSeconds: v }), -1],
  ["the handler's event", (v) => withDurableExecution(f1)(v as never, lambdaContext as never), 5],
  ["event.DurableExecutionArn", (v) => withDurableExecution(f1)(event({ DurableExecutionArn: v }) as never, lambdaContext as never), ""],
  ["event.CheckpointToken", (v) => withDurableExecution(f1)(event({ CheckpointToken: v }) as never, lambdaContext as never), ""],
  ["event.InitialExecutionState.Operations", (v) => withDurableExecution(f1)(event({ InitialExecutionState: { Operations: v } }) as never, lambdaContext as never), 5],
  ["createRetryStrategy(config)", (v) => createRetryStrategy(v as never), 5],
  ["createRetryStrategy maxAttempts", (v) => createRetryStrategy({ maxAttempts: v } as never), 0],
  ["createRetryStrategy initialDelay", (v) => createRetryStrategy({ initialDelay: v } as never), 5],
  ["createRetryStrategy maxDelay", (v) => createRetryStrategy({ maxDelay: v } as never), 5],
  ["createRetryStrategy backoffRate", (v) => createRetryStrategy({ backoffRate: v } as never), 0],
  ["createRetryStrategy jitter", (v) => createRetryStrategy({ jitter: v } as never), "SOME"],
  ["createRetryStrategy retryableErrors", (v) => createRetryStrategy({ retryableErrors: v } as never), 5],
  ["createRetryStrategy retryableErrors[0]", (v) => createRetryStrategy({ retryableErrors: [v] } as never), 5],
  ["createRetryStrategy retryableErrorTypes", (v) => createRetryStrategy({ retryableErrorTypes: v } as never), 5],
  ["createRetryStrategy retryableErrorTypes[0]", (v) => createRetryStrategy({ retryableErrorTypes: [v] } as never), 5],
  ["a retry strategy's error", (v) => createRetryStrategy({ retryableErrors: ["x", /y/], retryableErrorTypes: [TypeError] })(v as never, 1)],
  ["createLinearRetryStrategy(config)", (v) => createLinearRetryStrategy(v as never), 5],
  ["createLinearRetryStrategy maxAttempts", (v) => createLinearRetryStrategy({ maxAttempts: v } as never), 0],
  ["createLinearRetryStrategy initialDelay", (v) => createLinearRetryStrategy({ initialDelay: v } as never), 5],
  ["createLinearRetryStrategy increment", (v) => createLinearRetryStrategy({ increment: v } as never), 5],
  ["createWaitStrategy(config)", (v) => createWaitStrategy(v as never), 5],
  ["createWaitStrategy shouldContinuePolling", (v) => createWaitStrategy({ shouldContinuePolling: v } as never), 5],
  ["createWaitStrategy maxAttempts", (v) => createWaitStrategy({ shouldContinuePolling: () => true, maxAttempts: v } as never), 0],
  ["createWaitStrategy initialDelay", (v) => createWaitStrategy({ shouldContinuePolling: () => true, initialDelay: v } as never), 5],
  ["createWaitStrategy backoffRate", (v) => createWaitStrategy({ shouldContinuePolling: () => true, backoffRate: v } as never), 0],
  ["createWaitStrategy jitter", (v) => createWaitStrategy({ shouldContinuePolling: () => true, jitter: v } as never), "SOME"],
  ["a wait strategy's state", (v) => createWaitStrategy({ shouldContinuePolling: () => true })(v as never, 1)],
  ["createClassSerdes(class)", (v) => createClassSerdes(v as never), 5],
  ["createClassSerdesWithDates(class)", (v) => createClassSerdesWithDates(v as never, []), 5],
  ["createClassSerdesWithDates(…, dateProps)", (v) => createClassSerdesWithDates(class {} as never, v as never), 5],
  ["createFileSystemSerdes(config)", (v) => createFileSystemSerdes(v as never), 5],
  ["createFileSystemSerdes baseDir", (v) => createFileSystemSerdes({ baseDir: v } as never), 5],
  ["buildPreview(…, config)", (v) => buildPreview({ a: 1 } as never, v as never), 5],
  ["completeBatch(outcome)", (v) => completeBatch(v as never), 5],
];

const positions: Position[] = [
  ...handlerPositions.map(([name, body, plain]): Position => [name, (v) => inHandler((ctx) => body(ctx, v)), plain]),
  ...directPositions.map(([name, call, plain]): Position => [name, (v) => direct(() => call(v)), plain]),
];

describe.each(positions)("%s", (_name, put, plainBad) => {
  // The error a plain bad value of this position gets: the one a hostile value may get too.
  let plainType: string | undefined;
  it.each(Object.keys(HOSTILE))("%s: accepted, or refused as a plain bad value is; no engine error, no hang", async (label) => {
    if (plainBad !== undefined && plainType === undefined) {
      const plain = await put(plainBad);
      plainType = plain.ok ? "" : plain.type;
    }
    const outcome = await put(HOSTILE[label]!());
    if (outcome.ok) return;
    // The message is a string, read without throwing.
    expect(typeof outcome.message).toBe("string");
    expect(outcome.message).not.toMatch(/^Cannot (convert|read|mix)|is not (a function|iterable)/);
    expect(["TypeError", "RangeError"]).not.toContain(outcome.type);
    if (USER_THROWS.has(label) && outcome.message === USER_ERROR) return;
    expect([plainType, "DurableValidationError"]).toContain(outcome.type);
  });
});

describe("sparse arrays (the holes map() keeps and every() skips)", () => {
  it("map: a hole is an undefined item, as items[i] reads it (was a TypeError reading the plan of the hole)", async () => {
    const run = await runToCompletion(ours(async (_e, ctx) => ctx.map("n", [, 1], async (_c: unknown, item: unknown, index: number) => `${index}:${String(item)}`)), {});
    expect(run.last.Status).toBe("SUCCEEDED");
    expect(JSON.parse((run.last as { Result: string }).Result).all.map((entry: { result: string }) => entry.result)).toEqual(["0:undefined", "1:1"]);
  });

  it("parallel: a hole is no branch, refused as an undefined branch is (was a TypeError)", async () => {
    const fix = "Pass an array whose entries are functions (ctx) => Promise or { name?: string, func }.";
    for (const branches of [[, f1], [undefined, f1]]) {
      const run = await runToCompletion(ours(async (_e, ctx) => ctx.parallel("n", branches as never)), {});
      expect(run.last).toMatchObject({
        Status: "FAILED",
        Error: { ErrorType: "DurableValidationError", ErrorMessage: `parallel(): branches must be an array of functions or { name?, func } objects (received an array of 2). ${fix}` },
      });
    }
  });

  it("an event whose InitialExecutionState.Operations is not an array is an unexpected payload (was a TypeError); null is none", async () => {
    const handler = withDurableExecution(f1);
    for (const operations of [{}, Object.create(null), "x", 5]) {
      const error = await handler(event({ InitialExecutionState: { Operations: operations } }) as never, lambdaContext as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DurableValidationError);
      expect(error).toMatchObject({ field: "event.InitialExecutionState.Operations", message: expect.stringMatching(/\nThe event's InitialExecutionState\.Operations is not an array\.$/) });
    }
    // null, as the reference reads it: no operations.
    const outcome = await direct(() => handler(event({ InitialExecutionState: { Operations: null } }) as never, lambdaContext as never));
    expect(outcome).not.toMatchObject({ type: "DurableValidationError" });
  });
});

/**
 * Values user code throws (a step, a child, a map item, withRetry's block, a strategy, a serdes, a
 * plugin hook, the handler): the SDK writes them into error objects and messages. Whatever is thrown,
 * the outcome is the operation's or invocation's usual one, never a TypeError from writing it.
 */
describe("values user code throws", () => {
  const THROWN: Record<string, () => unknown> = {
    "an object without a prototype": () => Object.create(null),
    "an object without a prototype, with name and message": () => Object.assign(Object.create(null), { name: "N", message: "m" }),
    "an object whose toString throws": () => ({ toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom }),
    "a symbol": () => Symbol("s"),
    "a bigint": () => 10n,
    "an Error whose message is a symbol": () => Object.assign(new Error("x"), { message: Symbol("m") }),
    "an Error whose name is an object without a prototype": () => Object.assign(new Error("x"), { name: Object.create(null) }),
  };
  const noRetry = () => ({ shouldRetry: false });
  const BODIES: Record<string, (ctx: any, t: () => unknown) => Promise<unknown>> = {
    step: (c, t) => c.step("s", async () => { throw t(); }, { retryStrategy: noRetry }),
    "step with retryableErrors": (c, t) => c.step("s", async () => { throw t(); }, { retryStrategy: createRetryStrategy({ maxAttempts: 2, retryableErrors: ["x"] }) }),
    runInChildContext: (c, t) => c.runInChildContext("c", async () => { throw t(); }),
    "map item": (c, t) => c.map("m", [1], async () => { throw t(); }),
    "parallel branch": (c, t) => c.parallel("p", [async () => { throw t(); }]),
    withRetry: (c, t) => withRetry(c, (async () => { throw t(); }) as never, { retryStrategy: noRetry } as never),
    "waitForCondition check": (c, t) => c.waitForCondition("w", async () => { throw t(); }, wfc),
    "a wait strategy": (c, t) => c.waitForCondition("w", async (s: unknown) => s, { initialState: 1, waitStrategy: () => { throw t(); } }),
    "a retry strategy": (c, t) => c.step("s", async () => boom(), { retryStrategy: () => { throw t(); } }),
    "waitForCallback submitter": (c, t) => c.waitForCallback("cb", async () => { throw t(); }, { retryStrategy: noRetry }),
    "an errorMapper": (c, t) => c.runInChildContext("c", async () => boom(), { errorMapper: () => { throw t(); } }),
    "an itemNamer": (c, t) => c.map("m", [1], f1, { itemNamer: () => { throw t(); } }),
    "a serdes": (c, t) => c.step("s", f1, { serdes: { serialize: async () => { throw t(); }, deserialize: f1 } }),
    "a shouldComplete": (c, t) => c.map("m", [1, 2], f1, { completionConfig: { shouldComplete: () => { throw t(); } } }),
    "the handler": async (_c, t) => { throw t(); },
  };
  const cases = Object.keys(BODIES).flatMap((body) => Object.keys(THROWN).map((thrownLabel) => [body, thrownLabel] as const));

  it.each(cases)("%s throws %s: no TypeError writing it", async (body, thrownLabel) => {
    const outcome = await inHandler((ctx) => BODIES[body]!(ctx, THROWN[thrownLabel]!));
    if (outcome.ok) return;
    expect(typeof outcome.message).toBe("string");
    expect(outcome.message).not.toMatch(/^Cannot (convert|read|mix)/);
    expect(["TypeError", "RangeError"]).not.toContain(outcome.type);
  });

  it("withRetry gives its strategy an Error describing a thrown object without a prototype (was a TypeError from String())", async () => {
    const seen: string[] = [];
    const retryStrategy = (error: Error) => (seen.push(error.message), { shouldRetry: false });
    const run = await runToCompletion(ours(async (_e, ctx) => withRetry(ctx, (async () => { throw Object.create(null); }) as never, { retryStrategy } as never)), {});
    expect(run.last.Status).toBe("FAILED");
    expect(seen).toEqual(["an empty object"]);
  });

  it("a handler's error whose name cannot be written fails the execution with that name described", async () => {
    const run = await runToCompletion(ours(async () => { throw Object.assign(new Error("x"), { name: Object.create(null) }); }), {});
    expect(run.last).toMatchObject({ Status: "FAILED", Error: { ErrorType: "an empty object", ErrorMessage: "x" } });
  });

  it("a serdes error whose message is a symbol ends the invocation with SerdesFailedError naming it", async () => {
    const service = new FakeDurableService({});
    const sdk = ours(async (_e, ctx) => ctx.step("s", f1, { serdes: { serialize: async () => { throw Object.assign(new Error("x"), { message: Symbol("m") }); }, deserialize: f1 } }));
    const error = await sdk.handler(service.event(sdk), lambdaContext).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SerdesFailedError", message: expect.stringMatching(/Serialization failed for step "s" \(1\): Symbol\(m\)$/) });
  });

  it.each([
    ["an object without a prototype", () => Object.create(null), "an empty object"],
    ["an Error whose message is a symbol", () => Object.assign(new Error("x"), { message: Symbol("m") }), "Symbol(m)"],
  ])("a plugin hook throwing %s is reported and ignored, as any hook failure is (was a TypeError ending the invocation)", async (_label, make, shown) => {
    const warnings: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((message: string) => void warnings.push(message)) as never;
    try {
      const plugin = { onOperationStart: async () => { throw make(); } };
      const run = await runToCompletion(ours(async (_e, ctx) => ctx.step("s", f1), { plugins: [plugin] }), {});
      expect(run.last).toMatchObject({ Status: "SUCCEEDED", Result: "1" });
    } finally {
      process.emitWarning = original;
    }
    expect(warnings).toEqual([expect.stringContaining(`failed in onOperationStart: ${shown}. The error was ignored`)]);
  });
});
