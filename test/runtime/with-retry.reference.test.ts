/**
 * withRetry side by side with the reference SDK's withRetry (2.4): each row runs the same workflow,
 * built with each SDK's own exports (withRetry, createRetryStrategy, retryPresets…), on both SDKs
 * against the fake service over all invocations (Math.random stubbed), and compares:
 * - every checkpoint update per operation (names, types, subtypes, actions, wait durations) and the
 *   order of all updates across the run;
 * - each invocation's answer and the final status, value or error;
 * - a record of what ran, per invocation: each attempt the block was called for (its attempt number and
 *   which context it was given: the handler's, or a new one, numbered in order of first sight), what
 *   the retry strategy received, and what the withRetry call settled with (value, or the error's class,
 *   name, message and cause chain).
 * Existing coverage not repeated here: argument validation (with-retry-config.test.ts), the strategies'
 * decisions alone (retry-reference.test.ts), the persisted error's shape (error-shapes.reference.test.ts).
 * Known differences (both sides pinned below, and listed in docs/guide/switching.md):
 * - NON_ERROR_TO_STRATEGY: a block that throws a non-Error (a string, an object): the reference hands
 *   the raw value to retryStrategy (typed `(error: Error, …)`), so createRetryStrategy's filters read
 *   `.message` of a string; this package hands it an Error whose message is the value's text.
 * - UNDEFINED_NAME: withRetry(ctx, undefined, block, config), a name left out as `undefined`, runs here as
 *   the anonymous form; the reference takes `undefined` as the block and the block as the config, and fails
 *   with a TypeError from the retry strategy it does not have.
 * - NO_DECISION: a retryStrategy that returns nothing: the reference reads `.shouldRetry` of undefined
 *   and fails with that TypeError; this package falls back to the default preset, as a step's strategy
 *   does on both SDKs.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as ourSdk from "../../src/index.js";
import { compareSdks, perOperation } from "../support/compare.js";
import { runToCompletion, type RunResult } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Sdk = typeof ourSdk;
type Record = (label: string, value?: unknown) => void;
interface Tools {
  record: Record;
  /** The context's label: "root" for the handler's, "ctx1", "ctx2"… for others, in order of first sight. */
  who(ctx: unknown): string;
}
type Body = (ctx: any, sdk: Sdk, tools: Tools) => Promise<unknown>;

afterEach(() => {
  vi.restoreAllMocks();
});

/** An error (or thrown value) as compared: class, name, message and the cause chain. */
function shape(error: unknown): unknown {
  if (!(error instanceof Error)) return { thrownValue: error, type: typeof error };
  const { constructor, name, message, cause } = error;
  return { class: constructor.name, name, message, ...(cause === undefined ? {} : { cause: shape(cause) }) };
}

/** The handler for one SDK, and the record of what it saw (per invocation). */
function instrument(body: Body, sdk: Sdk) {
  const log: string[] = [];
  let invocation = 0;
  const handler = async (_event: unknown, ctx: any) => {
    invocation++;
    const labels = new WeakMap<object, string>([[ctx, "root"]]);
    let seen = 0;
    const tools: Tools = {
      record: (label, value) => log.push(`inv${invocation} ${label}${value === undefined ? "" : ` ${JSON.stringify(value)}`}`),
      who: (c) => {
        if (typeof c !== "object" || c === null) return String(c);
        if (!labels.has(c)) labels.set(c, `ctx${++seen}`);
        return labels.get(c)!;
      },
    };
    try {
      const value = await body(ctx, sdk, tools);
      tools.record("withRetry returned", value === undefined ? "undefined" : value);
      return value;
    } catch (error) {
      tools.record("withRetry threw", shape(error));
      throw error;
    }
  };
  return { handler, log };
}

/** Runs a row on both SDKs, compares everything, and returns our run and both records. */
async function compareRow(body: Body, random = 0.5) {
  const mine = instrument(body, ourSdk);
  const theirs = instrument(body, referenceSdk as unknown as Sdk);
  const { mine: ourRun, theirs: theirRun } = await compareSdks(ours(mine.handler), reference(theirs.handler), {}, {
    beforeEach: () => void vi.spyOn(Math, "random").mockReturnValue(random),
  });
  const order = (run: RunResult) => run.service.updates.map((u) => [u.Type, u.SubType, u.Name, u.Action, u.WaitOptions?.WaitSeconds].join(" "));
  expect(order(ourRun)).toEqual(order(theirRun!));
  return { run: ourRun, order: order(ourRun), mine: mine.log, theirs: theirs.log };
}

/** A block recording each call (attempt number and context), failing with `fail(attempt)` while that gives an error. */
const block =
  (tools: Tools, fail: (attempt: number) => unknown, result: unknown = "done") =>
  async (ctx: any, attempt: number) => {
    tools.record(`attempt ${attempt} in ${tools.who(ctx)}`);
    const error = fail(attempt);
    if (error !== undefined) throw error;
    return result;
  };
/** A strategy that records what it received, then asks `inner`. */
const spying =
  (tools: Tools, inner: (error: Error, attempt: number) => unknown) =>
  (error: Error, attempt: number) => {
    tools.record(`strategy ${attempt}`, shape(error));
    return inner(error, attempt);
  };
const failUntil = (n: number) => (attempt: number) => (attempt < n ? new Error(`attempt ${attempt} failed`) : undefined);
const always = (attempt: number) => new Error(`attempt ${attempt} failed`);

const ROWS: [string, Body, number?][] = [
  ["succeeds first time (named)", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, () => undefined), { retryStrategy: spying(t, () => ({ shouldRetry: true })) as never })],
  ["succeeds first time (no name)", (ctx, sdk, t) => sdk.withRetry(ctx, block(t, () => undefined), { retryStrategy: spying(t, () => ({ shouldRetry: true })) as never })],
  ["fails twice then succeeds, custom delays", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(3)), { retryStrategy: spying(t, (_e, a) => ({ shouldRetry: true, delay: { seconds: 3 * a } })) as never })],
  ["a decision without delay waits the default", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(2)), { retryStrategy: (() => ({ shouldRetry: true })) as never })],
  ["a delay in minutes", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(2)), { retryStrategy: (() => ({ shouldRetry: true, delay: { minutes: 2, seconds: 5 } })) as never })],
  ["always fails: exhausted after maxAttempts 3 (jitter NONE, backoff 2)", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: spying(t, sdk.createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 }, backoffRate: 2, jitter: "NONE" as never }) as never) as never })],
  ["maxAttempts 1: no retry, no wait", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 1 }) })],
  ["large maxAttempts, the default strategy (FULL jitter, random 0.5)", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(7)), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 100 }) })],
  ["createRetryStrategy() defaults, random 0 (FULL jitter floors at 1 s)", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(4)), { retryStrategy: sdk.createRetryStrategy() }), 0],
  ["HALF jitter, random 0.999, maxDelay caps the backoff", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, failUntil(5)), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 6, initialDelay: { seconds: 10 }, backoffRate: 3, maxDelay: { seconds: 50 }, jitter: "HALF" as never }) }), 0.999],
  ["retryableErrors: a matching message is retried", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, (a) => (a < 3 ? new Error("read timeout") : undefined)), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 5, retryableErrors: [/timeout/], jitter: "NONE" as never }) })],
  ["retryableErrors: a non-matching message is not", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, () => new Error("bad input")), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 5, retryableErrors: ["timeout", /throttl/i] }) })],
  ["retryableErrorTypes: TypeError retried, RangeError not", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, (a) => (a < 3 ? new TypeError("t") : new RangeError("r"))), { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 5, retryableErrorTypes: [TypeError], jitter: "NONE" as never }) })],
  ["createLinearRetryStrategy", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: sdk.createLinearRetryStrategy({ maxAttempts: 4, initialDelay: { seconds: 2 }, increment: { seconds: 5 }, jitter: "NONE" as never }) })],
  ["retryPresets.default, random 0.25", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, failUntil(4)), { retryStrategy: sdk.retryPresets.default }), 0.25],
  ["retryPresets.noRetry", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: sdk.retryPresets.noRetry })],
  ["the strategy throws", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: () => { throw new Error("strategy broke"); } })],
  ["a logger configured on the handler's context, used in the block", (ctx, sdk, t) => {
    let data: { getDurableLogData(): { [key: string]: unknown } } | undefined;
    const line = (method: string) => (...args: unknown[]) => {
      const { operationId, operationName, attempt } = data?.getDurableLogData() ?? {};
      t.record(`log ${method}`, { args, operationId, operationName, attempt });
    };
    ctx.configureLogger({ customLogger: { info: line("info"), warn: line("warn"), error: line("error"), debug: line("debug"), configureDurableLoggingContext: (c: typeof data) => void (data = c) } });
    return sdk.withRetry(ctx, "wr", async (c: any, attempt: number) => {
      c.logger.info("attempt", attempt);
      await c.step("s", async () => attempt);
      if (attempt < 2) throw new Error("again");
      return attempt;
    }, { retryStrategy: () => ({ shouldRetry: true }) });
  }],
  ["the block throws a string (not retried)", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, () => "plain text"), { retryStrategy: () => ({ shouldRetry: false }) })],
  ["the block throws an object, then succeeds", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, (a) => (a < 2 ? { code: 7 } : undefined)), { retryStrategy: () => ({ shouldRetry: true }) })],
  ["the block throws a string, not wrapped (rethrown as is)", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, () => "plain text"), { retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: false })],
  ["the block returns undefined", (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, () => undefined, undefined), { retryStrategy: () => ({ shouldRetry: true }) })],
  ["an error with a cause chain, not wrapped", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, () => new TypeError("outer", { cause: new RangeError("inner") })), { retryStrategy: () => ({ shouldRetry: false }), wrapWithRunInChildContext: false })],
  ["wrapWithRunInChildContext false, named: waits in the caller's context, error unwrapped", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: (_e, a) => ({ shouldRetry: a < 3, delay: { seconds: 2 } }), wrapWithRunInChildContext: false })],
  ["wrapWithRunInChildContext false, no name", (ctx, sdk, t) =>
    sdk.withRetry(ctx, block(t, failUntil(3)), { retryStrategy: () => ({ shouldRetry: true }), wrapWithRunInChildContext: false })],
  ["always fails, no name (anonymous child and waits)", (ctx, sdk, t) => sdk.withRetry(ctx, block(t, always), { retryStrategy: (_e, a) => ({ shouldRetry: a < 3 }) })],
  ["an empty name", (ctx, sdk, t) => sdk.withRetry(ctx, "", block(t, failUntil(2)), { retryStrategy: () => ({ shouldRetry: true }) })],
  ["childContextConfig: subType and errorMapper (runs once, after the last attempt)", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, always), {
      retryStrategy: (_e, a) => ({ shouldRetry: a < 2 }),
      childContextConfig: { subType: "MyRetry", errorMapper: (e: Error) => (t.record("errorMapper", shape(e)), new RangeError(`mapped: ${e.message}`)) } as never,
    })],
  ["childContextConfig: a serdes for the result (replayed from its payload)", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", block(t, failUntil(2), { n: 1 }), {
      retryStrategy: () => ({ shouldRetry: true }),
      childContextConfig: { serdes: { serialize: async (v: unknown) => `<${JSON.stringify(v)}>`, deserialize: async (d?: string) => ({ restored: d }) } } as never,
    }).then(async (v: unknown) => [v, await ctx.wait("after", { seconds: 1 })])],
  ["a block with steps, a wait and a child context; replays across invocations", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", async (c: any, attempt: number) => {
      t.record(`attempt ${attempt} in ${t.who(c)}`);
      const a = await c.step(`fetch-${attempt}`, async () => (t.record(`step body ${attempt}`), attempt * 10));
      await c.wait(`pause-${attempt}`, { seconds: 4 });
      const b = await c.runInChildContext("inner", async (cc: any) => cc.step("deep", async () => a + 1));
      if (attempt < 3) throw new Error(`bad ${b}`);
      return { a, b };
    }, { retryStrategy: (_e, a) => ({ shouldRetry: a < 5, delay: { seconds: 2 } }) })],
  ["a step inside retries on its own, then the block's failure is retried", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", async (c: any, attempt: number) => {
      t.record(`attempt ${attempt} in ${t.who(c)}`);
      return c.step("flaky", async () => { throw new Error(`step failed in attempt ${attempt}`); }, { retryStrategy: (_e: Error, n: number) => ({ shouldRetry: n < 2, delay: { seconds: 1 } }) });
    }, { retryStrategy: (_e, a) => ({ shouldRetry: a < 2, delay: { seconds: 5 } }) })],
  ["nested withRetry", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "outer", async (c: any, outer: number) => {
      t.record(`outer ${outer} in ${t.who(c)}`);
      return sdk.withRetry(c, "inner", block(t, (a) => (outer < 2 || a < 2 ? new Error(`o${outer} i${a}`) : undefined), `o${outer}`), {
        retryStrategy: (_e, a) => ({ shouldRetry: a < 2 }),
      });
    }, { retryStrategy: (_e, a) => ({ shouldRetry: a < 3, delay: { seconds: 7 } }) })],
  ["called from a child context", (ctx, sdk, t) =>
    ctx.runInChildContext("parent", async (child: any) => {
      t.record(`child is ${t.who(child)}`);
      return sdk.withRetry(child, "wr", block(t, failUntil(2)), { retryStrategy: () => ({ shouldRetry: true }) });
    })],
  ["called from a map item", async (ctx, sdk, t) =>
    (await ctx.map("items", [1, 2], async (item: any, value: number) => {
      t.record(`item ${value} is ${t.who(item)}`);
      return sdk.withRetry(item, `wr${value}`, block(t, (a) => (a < value ? new Error(`v${value} a${a}`) : undefined), value), { retryStrategy: () => ({ shouldRetry: true }) });
    })).getResults()],
  ["an unrecoverable error inside (a step's serdes fails)", (ctx, sdk, t) =>
    sdk.withRetry(ctx, "wr", async (c: any, attempt: number) => {
      t.record(`attempt ${attempt} in ${t.who(c)}`);
      return c.step("s", async () => 1, { serdes: { serialize: async () => { throw new Error("cannot serialise"); }, deserialize: async () => 1 } });
    }, { retryStrategy: spying(t, () => ({ shouldRetry: true })) as never })],
];

describe("withRetry: same updates, attempts, block arguments and result as the reference", () => {
  it.each(ROWS)("%s", async (_label, body, random) => {
    const { mine, theirs } = await compareRow(body, random);
    expect(mine).toEqual(theirs);
  });
});

/** Each SDK on its own (for rows where they differ on purpose): its run and its record. */
async function runEach(body: Body) {
  const mine = instrument(body, ourSdk);
  const theirs = instrument(body, referenceSdk as unknown as Sdk);
  const ourRun = await runToCompletion(ours(mine.handler), {});
  const theirRun = await runToCompletion(reference(theirs.handler), {});
  return { ourRun, theirRun, mine: mine.log, theirs: theirs.log };
}

const failedWith = (run: RunResult) => (run.last as { Error?: { ErrorType?: string; ErrorMessage?: string } }).Error;

describe("withRetry: known differences, each side pinned", () => {
  it("NON_ERROR_TO_STRATEGY: a thrown string reaches the strategy as an Error here, raw on the reference; the rest is the same", async () => {
    const body: Body = (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, (a) => (a < 2 ? "plain text" : undefined)), { retryStrategy: spying(t, () => ({ shouldRetry: true })) as never });
    const { ourRun, theirRun, mine, theirs } = await runEach(body);
    expect(perOperation(ourRun)).toEqual(perOperation(theirRun));
    expect(ourRun.last).toEqual(theirRun.last);
    const strategyArg = (log: string[]) => log.filter((line) => line.includes("strategy"));
    // Attempt 1 fails again when invocation 2 replays it, so the strategy is asked again (on both).
    expect(strategyArg(theirs)).toEqual([1, 2].map((i) => `inv${i} strategy 1 {"thrownValue":"plain text","type":"string"}`));
    expect(strategyArg(mine)).toEqual([1, 2].map((i) => `inv${i} strategy 1 {"class":"Error","name":"Error","message":"plain text"}`));
    expect(mine.filter((l) => !l.includes("strategy"))).toEqual(theirs.filter((l) => !l.includes("strategy")));
  });

  it("NON_ERROR_TO_STRATEGY: a thrown string under createRetryStrategy's retryableErrors: matched by its text here; the reference's filter crashes on its missing message", async () => {
    // The reference's step hands its strategy an Error for a non-Error (`new Error("Unknown Error")`);
    // its withRetry does not, and its own createRetryStrategy then calls `.includes` on undefined.
    const body: Body = (ctx, sdk, t) =>
      sdk.withRetry(ctx, "wr", block(t, (a) => (a < 2 ? "read timeout" : undefined)), { retryStrategy: sdk.createRetryStrategy({ retryableErrors: ["timeout"], jitter: "NONE" as never }) });
    const { ourRun, theirRun, mine, theirs } = await runEach(body);
    expect(ourRun.last).toEqual({ Status: "SUCCEEDED", Result: '"done"' });
    expect(mine).toEqual(["inv1 attempt 1 in ctx1", "inv2 attempt 1 in ctx1", "inv2 attempt 2 in ctx1", 'inv2 withRetry returned "done"']);
    expect(ourRun.service.updates.filter((u) => u.Type === "WAIT").map((u) => [u.Name, u.WaitOptions?.WaitSeconds])).toEqual([["wr-backoff-1", 5]]);
    expect(theirRun.last.Status).toBe("FAILED");
    expect(theirs).toEqual(["inv1 attempt 1 in ctx1", expect.stringMatching(/^inv1 withRetry threw \{"class":"ChildContextError".*"message":"Cannot read properties of undefined \(reading 'includes'\)"/)]);
  });

  it("UNDEFINED_NAME: withRetry(ctx, undefined, block, config) runs anonymously here; the reference takes undefined as the block and fails", async () => {
    const body: Body = (ctx, sdk, t) => sdk.withRetry(ctx, undefined as never, block(t, failUntil(2)), { retryStrategy: () => ({ shouldRetry: true }) });
    const { ourRun, theirRun, mine, theirs } = await runEach(body);
    expect(ourRun.last).toEqual({ Status: "SUCCEEDED", Result: '"done"' });
    expect(mine).toEqual(["inv1 attempt 1 in ctx1", "inv2 attempt 1 in ctx1", "inv2 attempt 2 in ctx1", 'inv2 withRetry returned "done"']);
    expect(ourRun.service.updates.filter((u) => u.Type !== "EXECUTION").map((u) => [u.Type, u.Name])).toEqual([["CONTEXT", undefined], ["WAIT", undefined], ["CONTEXT", undefined]]);
    expect(theirRun.last.Status).toBe("FAILED");
    expect(theirs).toEqual([expect.stringMatching(/^inv1 withRetry threw \{"class":"ChildContextError","name":"ChildContextError","message":"retryStrategy is not a function"/)]);
  });

  it("NO_DECISION: a strategy that returns nothing falls back to the default preset here, as a step's does; the reference fails on reading it", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const body: Body = (ctx, sdk, t) => sdk.withRetry(ctx, "wr", block(t, always), { retryStrategy: (() => undefined) as never, wrapWithRunInChildContext: false });
    const { ourRun, theirRun, mine, theirs } = await runEach(body);
    // The default preset's attempts and waits: the same decisions retryPresets.default gives for the same errors.
    const preset = [1, 2, 3, 4, 5, 6].map((attempt) => ourSdk.retryPresets.default(new Error(`attempt ${attempt} failed`), attempt));
    const attempts = preset.findIndex((decision) => !decision.shouldRetry) + 1;
    expect(attempts).toBeGreaterThan(1);
    // Each invocation runs the block's attempts again (they are not steps), the last one all of them.
    expect(mine.filter((line) => line.startsWith(`inv${attempts} attempt `))).toEqual([...Array(attempts).keys()].map((i) => `inv${attempts} attempt ${i + 1} in root`));
    expect(mine.at(-1)).toBe(`inv${attempts} withRetry threw {"class":"Error","name":"Error","message":"attempt ${attempts} failed"}`);
    const waits = ourRun.service.updates.filter((u) => u.Type === "WAIT" && u.Action === "START");
    expect(waits.map((u) => [u.Name, u.WaitOptions?.WaitSeconds])).toEqual(
      preset.slice(0, attempts - 1).map((decision, i) => [`wr-backoff-${i + 1}`, (decision.delay as { seconds: number }).seconds]),
    );
    expect(failedWith(ourRun)).toMatchObject({ ErrorType: "Error", ErrorMessage: `attempt ${attempts} failed` });
    expect(theirs).toEqual(["inv1 attempt 1 in root", expect.stringMatching(/^inv1 withRetry threw \{"class":"TypeError","name":"TypeError","message":"Cannot read properties of undefined \(reading 'shouldRetry'\)"\}$/)]);
    expect(failedWith(theirRun)).toMatchObject({ ErrorType: "TypeError" });
  });

  it("the block uses the handler's context (misuse): both fail the execution with a context-usage error (the message's wording is an older documented difference)", async () => {
    const body: Body = (ctx, sdk, t) =>
      sdk.withRetry(ctx, "wr", async (c: any, attempt: number) => {
        t.record(`attempt ${attempt} in ${t.who(c)}`);
        return ctx.step("outer-step", async () => attempt);
      }, { retryStrategy: spying(t, () => ({ shouldRetry: true })) as never });
    const { ourRun, theirRun, mine, theirs } = await runEach(body);
    expect(perOperation(ourRun)).toEqual(perOperation(theirRun));
    expect(mine).toEqual(theirs);
    const prefix = 'Context usage error in "step": You are using a parent or sibling context instead of the current child context. Expected context ID: "1", but got: ';
    expect(failedWith(theirRun)?.ErrorMessage).toBe(`${prefix}"undefined". When inside runInChildContext(), you must use the child context parameter, not the parent context.`);
    expect(failedWith(ourRun)?.ErrorMessage).toBe(`${prefix}"root". Use the context a child context's function receives; a step body cannot start durable operations.`);
  });
});
