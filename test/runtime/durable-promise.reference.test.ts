/**
 * `DurablePromise` and `context.promise.all / allSettled / any / race` side by side with the reference
 * SDK. The class: its public surface and how it behaves as a promise (laziness, caching, what
 * `then`/`catch`/`finally` return, `Promise.resolve`, subclasses). The operations: each case runs one
 * handler on both SDKs through the fake service, across all its invocations, and compares the notes the
 * handler takes (values, caught errors reduced to class, name, message and causes, `isExecuted`), the
 * updates per operation (byte for byte: payloads included), the invocation statuses and the output.
 * Timing cases count the microtask turns a combinator takes to settle with a counting chain beside it.
 *
 * Where ours differs on purpose, both sides are asserted and the reason given (listed in
 * docs/guide/switching.md). Not here: combinators mixing contexts (context-misuse.reference.test.ts),
 * the full shape of combinator errors with durable members (error-shapes.reference.test.ts), the
 * replayed allSettled with an empty-message Error (compat-core.test.ts).
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import { perOperation } from "../support/compare.js";
import { runToCompletion, type RunResult } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Sdk = typeof ourSdk;
type Note = (value: unknown) => void;
type Body = (ctx: any, note: Note, sdk: Sdk) => Promise<unknown>;

const METHODS = ["all", "allSettled", "any", "race"] as const;
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** `n` turns of the caller's own code. */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await undefined;
};

/** A rejected promise already handled (a replayed combinator does not await its members). */
const rejected = (reason: unknown): Promise<never> => {
  const promise = Promise.reject(reason);
  promise.catch(() => undefined);
  return promise;
};

/** A caught value as plain data: an Error by class, name, message and its causes / aggregated errors. */
function caught(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return { notAnError: value === undefined ? "undefined" : JSON.stringify(value) };
  const e = value as Error & { errors?: unknown[]; errorType?: unknown };
  return {
    class: e.constructor.name,
    name: e.name,
    message: e.message,
    ...(e.errorType === undefined ? {} : { errorType: e.errorType }),
    ...(depth < 4 && "cause" in e ? { cause: caught(e.cause, depth + 1) } : {}),
    ...(Array.isArray(e.errors) ? { errors: e.errors.map((x) => caught(x, depth + 1)) } : {}),
  };
}

/** What a settled-results array looks like to user code. */
const settledView = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === "fulfilled" ? { keys: Object.keys(r), value: r.value } : { keys: Object.keys(r), reason: caught(r.reason) }));

/** Runs `body` on one SDK (across its invocations); notes are prefixed with the invocation's number. */
async function observe(sdkName: "ours" | "reference", body: Body) {
  const notes: string[] = [];
  let invocation = -1;
  const sdk = (sdkName === "ours" ? ourSdk : referenceSdk) as Sdk;
  const handler = async (_event: unknown, ctx: any) => {
    invocation++;
    return body(ctx, (value) => notes.push(`${invocation}: ${JSON.stringify(value)}`), sdk);
  };
  const run: RunResult = await runToCompletion((sdkName === "ours" ? ours : reference)(handler), {});
  // Late updates (an operation no one awaited, finishing after the answer) come within a few turns.
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  // Stored stacks (allSettled's rejection reasons) name each SDK's own files: only their presence is compared.
  const updates = JSON.parse(JSON.stringify(perOperation(run)).replace(/\\"stack\\":\\"(?:[^"\\]|\\\\.)*?\\"/g, '\\"stack\\":\\"…\\"'));
  return { notes, updates: updates as ReturnType<typeof perOperation>, statuses: run.outputs.map((o) => o.Status), last: run.last };
}

/** Runs `body` on both SDKs and asserts the same notes, updates per operation, statuses and output. */
async function sideBySide(body: Body) {
  const mine = await observe("ours", body);
  const theirs = await observe("reference", body);
  expect(mine).toEqual(theirs);
  return mine;
}

describe("the DurablePromise class, side by side with the reference", () => {
  /** Everything user code can see of the class and an instance, as plain data. */
  async function surface(DP: typeof ourSdk.DurablePromise) {
    const out: Record<string, unknown> = {};
    const descriptor = (d: PropertyDescriptor) => `${d.get ? "get" : typeof d.value}${d.enumerable ? " enumerable" : ""}${d.writable ? " writable" : ""}${d.configurable ? " configurable" : ""}`;
    out.statics = Object.getOwnPropertyNames(DP).sort();
    out.name = DP.name;
    out.length = DP.length;
    out.prototypeChain = Object.getPrototypeOf(DP.prototype) === Object.prototype;
    out.prototype = Object.fromEntries(
      ["then", "catch", "finally", "isExecuted", "constructor"].map((k) => [k, descriptor(Object.getOwnPropertyDescriptor(DP.prototype, k)!)]),
    );
    out.toStringTag = descriptor(Object.getOwnPropertyDescriptor(DP.prototype, Symbol.toStringTag)!);
    let runs = 0;
    const p = new DP(async () => ++runs);
    out.instanceOfPromise = p instanceof Promise;
    out.instanceOfItself = p instanceof DP;
    out.thenableInstanceOf = ({ then() {} }) instanceof DP;
    out.tag = Object.prototype.toString.call(p);
    out.string = `${String(p)} ${p}`;
    out.before = { isExecuted: p.isExecuted, runs };
    const resolved = Promise.resolve(p);
    out.promiseResolve = { same: resolved === (p as unknown), isExecuted: p.isExecuted, runs };
    await undefined;
    out.promiseResolveNextTurn = { isExecuted: p.isExecuted, runs };
    const fresh = new DP(async () => "v");
    const then = fresh.then();
    out.then = { isExecuted: fresh.isExecuted, returns: then.constructor.name, isDurable: then instanceof DP, distinct: fresh.then() !== then };
    out.catch = new DP(async () => 1).catch().constructor.name;
    out.finally = new DP(async () => 1).finally().constructor.name;
    out.awaits = [await p, await p, await p.then((v) => v * 10), runs];
    // Started by Promise.all: one turn later, as any thenable.
    let started = 0;
    const member = new DP(async () => ++started);
    const all = Promise.all([member]);
    out.promiseAll = { sync: started, value: await all, after: started };
    class Sub extends DP<number> {}
    const sub = new Sub(async () => 3);
    out.subclass = { instanceOfBase: sub instanceof DP, baseInstanceOfSub: new DP(async () => 1) instanceof Sub, then: sub.then().constructor.name, value: await sub };
    const rejection = new DP<number>(async () => {
      throw new RangeError("no");
    });
    out.rejection = [await rejection.catch((e: Error) => e.message), await rejection.then(undefined, (e: Error) => e.name), await rejection.finally(() => undefined).catch((e: Error) => e === (e as unknown))];
    return out;
  }

  it("has the same public surface and promise behaviour", async () => {
    const mine = await surface(ourSdk.DurablePromise);
    const theirs = await surface(referenceSdk.DurablePromise as unknown as typeof ourSdk.DurablePromise);
    // Ours adds a static Symbol.hasInstance (a symbol: not in getOwnPropertyNames) so that instances of a
    // duplicate copy of this package pass `instanceof`.
    expect(mine).toEqual(theirs);
    expect(mine).toMatchObject({
      instanceOfPromise: false,
      tag: "[object DurablePromise]",
      before: { isExecuted: false, runs: 0 },
      promiseResolve: { same: false, isExecuted: false, runs: 0 },
      promiseResolveNextTurn: { isExecuted: true, runs: 1 },
      then: { isExecuted: true, returns: "Promise", isDurable: false, distinct: true },
      awaits: [1, 1, 10, 1],
      promiseAll: { sync: 0, value: [1], after: 1 },
    });
  });

  it("differs where the reference's class leaks its state or breaks on input outside its type (pinned)", async () => {
    const view = async (DP: typeof ourSdk.DurablePromise) => {
      const attempt = (f: () => unknown) => {
        try {
          const value = f();
          return value instanceof Promise ? value.then((v) => `resolved ${String(v)}`, (e: Error) => `rejected ${e.constructor.name}: ${e.message}`) : `returned ${String(value)}`;
        } catch (error) {
          return `threw ${(error as Error).constructor.name}`;
        }
      };
      let syncRuns = 0;
      const throwing = new DP<number>(() => {
        syncRuns++;
        throw new RangeError("sync");
      });
      return {
        keys: Object.keys(new DP(async () => 1)),
        json: JSON.stringify(new DP(async () => 1)),
        // An executor that throws synchronously; the second call tells whether the outcome was kept.
        syncThrow: [await attempt(() => throwing.then()), await attempt(() => throwing.then()), syncRuns],
        // An executor returning a plain value (the reference's type asks for a promise).
        plainValue: await attempt(() => new DP(() => 5 as never).then()),
        nonFunction: await attempt(() => new DP(42 as never)),
      };
    };
    // Ours keeps its state under private symbols, caches a synchronous throw as a rejection (as
    // `new Promise` does), accepts a plain value, and refuses a non-function executor at once.
    expect(await view(ourSdk.DurablePromise)).toEqual({
      keys: [],
      json: "{}",
      syncThrow: ["rejected RangeError: sync", "rejected RangeError: sync", 1],
      plainValue: "resolved 5",
      nonFunction: "threw TypeError",
    });
    // The reference: its private fields are own enumerable properties; a synchronous throw escapes
    // `then` and the executor runs again on the next call; a plain value breaks `then`.
    expect(await view(referenceSdk.DurablePromise as unknown as typeof ourSdk.DurablePromise)).toEqual({
      keys: ["_promise", "_executor", "_isExecuted"],
      json: '{"_promise":null,"_isExecuted":false}',
      syncThrow: ["threw RangeError", "threw RangeError", 2],
      plainValue: "threw TypeError",
      nonFunction: "returned [object DurablePromise]",
    });
  });
});

describe("operations' promises, side by side with the reference", () => {
  it("a step never awaited runs once, is checkpointed, and its promise stays unexecuted", async () => {
    const mine = await sideBySide(async (ctx, note) => {
      const step = ctx.step("s", async () => {
        await turns(2);
        note("body ran");
        return 1;
      });
      note({ isExecuted: step.isExecuted });
      await ctx.wait("w", { seconds: 1 });
      note({ isExecuted: step.isExecuted });
      return "r";
    });
    expect(mine.notes).toEqual(['0: {"isExecuted":false}', '0: "body ran"', '1: {"isExecuted":false}', '1: {"isExecuted":false}']);
    expect(mine.statuses).toEqual(["PENDING", "SUCCEEDED"]);
  });

  it("a step never awaited while the handler returns: the invocation does not wait for it; its result is still sent", async () => {
    const mine = await sideBySide(async (ctx, note) => {
      ctx.step("s", async () => {
        await new Promise((resolve) => setImmediate(resolve));
        note("body done");
        return 1;
      });
      return "r";
    });
    expect(mine.notes).toEqual(['0: "body done"']);
    expect(Object.values(mine.updates)[0]!.map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
  });

  it.each(METHODS)("promise.%s never awaited takes no operation id and sends nothing", async (method) => {
    const mine = await sideBySide(async (ctx, note) => {
      const a = ctx.step("a", async () => 1);
      const combined = ctx.promise[method]("never", [a]);
      await ctx.wait("w", { seconds: 1 });
      note({ isExecuted: combined.isExecuted, next: await ctx.step("b", async () => 2) });
      return "r";
    });
    expect(Object.values(mine.updates).flat().map((u) => u.Name)).not.toContain("never");
  });

  it.each(METHODS)("promise.%s created before a wait and first awaited after it: its id is taken then", async (method) => {
    await sideBySide(async (ctx, note) => {
      const a = ctx.step("a", async () => 1);
      const combined = ctx.promise[method]("late", [a]);
      await ctx.wait("w", { seconds: 1 });
      note(await combined);
      return ctx.step("b", async () => 2);
    });
  });

  it.each(METHODS)("promise.%s started by then() without await: starts in that call, once; awaiting it again reuses the outcome", async (method) => {
    const mine = await sideBySide(async (ctx, note) => {
      const combined = ctx.promise[method]("c", [ctx.step("a", async () => 1)]);
      combined.then((value: unknown) => note({ then: value }));
      note({ afterThen: combined.isExecuted });
      const again = Promise.resolve(combined);
      note({ promiseResolveSame: again === combined });
      note({ first: await combined, second: await combined, third: await again });
      await ctx.wait("w", { seconds: 1 });
      return "r";
    });
    expect(Object.values(mine.updates).filter((list) => list[0]!.Name === "c")).toHaveLength(1);
  });

  it("empty arrays: all and allSettled give [], any rejects with the AggregateError wrapped, race never settles", async () => {
    const mine = await sideBySide(async (ctx, note) => {
      note(await ctx.promise.all("all", []));
      note(await ctx.promise.allSettled("allSettled", []));
      note(await ctx.promise.any("any", []).catch(caught));
      const race = ctx.promise.race("race", []);
      note(await Promise.race([race, turns(100).then(() => "race still pending")]));
      await ctx.wait("w", { seconds: 1 });
      note(await ctx.promise.any("any", []).catch(caught));
      return "r";
    });
    expect(mine.notes[2]).toBe(
      '0: {"class":"PromiseCombinatorError","name":"PromiseCombinatorError","message":"All promises were rejected","errorType":"PromiseCombinatorError","cause":{"class":"StepError","name":"StepError","message":"All promises were rejected","errorType":"StepError","cause":{"class":"Error","name":"AggregateError","message":"All promises were rejected"}}}',
    );
  });

  it.each(METHODS)("promise.%s over durable promises, plain promises, plain values and a user's own DurablePromise: results in order", async (method) => {
    await sideBySide(async (ctx, note, sdk) => {
      const members = () => [
        turns(3).then(() => "plain later"),
        ctx.step("a", async () => "durable"),
        "value",
        new sdk.DurablePromise(async () => "own"),
        Promise.resolve(7),
      ];
      const first = await ctx.promise[method]("mixed", members());
      note(method === "allSettled" ? settledView(first) : first);
      await ctx.wait("w", { seconds: 1 });
      return ctx.promise[method]("mixed again", members());
    });
  });

  const REASONS: [string, () => unknown][] = [
    ["a string", () => "text"],
    ["undefined", () => undefined],
    ["null", () => null],
    ["a number", () => 5],
    ["a plain object", () => ({ code: 1 })],
    ["an error-like object", () => ({ name: "Named", message: "like an error", extra: 1 })],
    ["a RangeError", () => new RangeError("range")],
    ["an Error with a cause", () => new Error("outer", { cause: new Error("inner") })],
    ["an AggregateError", () => new AggregateError([new Error("x"), "y"], "aggregate")],
  ];
  describe.each(METHODS)("promise.%s with a member rejected with a value of any kind: first run and replay", (method) => {
    it.each(REASONS)("%s", async (_kind, reason) => {
      await sideBySide(async (ctx, note) => {
        // For any, every member rejects; for the others, the rejection comes first.
        const members = () => [rejected(reason()), method === "any" ? rejected("second") : turns(5).then(() => "late")];
        const show = (value: unknown) => note(method === "allSettled" ? settledView(value as PromiseSettledResult<unknown>[]) : { fulfilled: value });
        await ctx.promise[method]("m", members()).then(show, (error: unknown) => note(caught(error)));
        await ctx.wait("w", { seconds: 1 });
        // The replay of "m" (not awaiting its members) and a first run of "n", in the second invocation.
        await ctx.promise[method]("m", members()).then(show, (error: unknown) => note(caught(error)));
        await ctx.promise[method]("n", members()).then(show, (error: unknown) => note(caught(error)));
        return "r";
      });
    });
  });

  it("promise.allSettled with a plain object carrying an empty message: ours hands back an Error on every run (pinned)", async () => {
    // Both SDKs pass allSettled's result through its serdes on the first run too, turning a rejection
    // reason with a `message` into an Error. The reference does so only when the message is not empty, so
    // `{ message: "" }` stays a plain object there; ours rebuilds any reason with a `message` key (which
    // keeps an Error with an empty message an Error across a replay, see compat-core.test.ts).
    const body: Body = async (ctx, note) => {
      note(settledView(await ctx.promise.allSettled("s", [rejected({ message: "" })])));
      return "r";
    };
    const mine = await observe("ours", body);
    const theirs = await observe("reference", body);
    expect(mine.updates).toEqual(theirs.updates);
    expect(mine.notes).toEqual(['0: [{"keys":["status","reason"],"reason":{"class":"Error","name":"Error","message":""}}]']);
    expect(theirs.notes).toEqual(['0: [{"keys":["status","reason"],"reason":{"notAnError":"{\\"message\\":\\"\\"}"}}]']);
  });

  it.each(METHODS)("promise.%s whose members wait across an invocation boundary, and replayed after", async (method) => {
    const mine = await sideBySide(async (ctx, note) => {
      const slow = ctx.runInChildContext("slow", async (child: any) => {
        await child.wait("w", { seconds: 5 });
        return "slow";
      });
      const fast = ctx.runInChildContext("fast", async (child: any) => child.step("s", async () => "fast"));
      const failing = ctx.runInChildContext("failing", async (child: any) => {
        await child.wait("w2", { seconds: 2 });
        throw new TypeError("failed after waiting");
      });
      const outcome = await ctx.promise[method](`${method}-members`, method === "any" || method === "race" ? [slow, failing] : [slow, fast]).then(
        (value: unknown) => (method === "allSettled" ? settledView(value as PromiseSettledResult<unknown>[]) : { fulfilled: value }),
        caught,
      );
      note(outcome);
      await ctx.wait("after", { seconds: 1 });
      return outcome;
    });
    expect(mine.statuses.length).toBeGreaterThan(2);
  });

  it("named and unnamed combinators: no Name on the wire without a name, an empty name kept", async () => {
    const mine = await sideBySide(async (ctx) => [
      await ctx.promise.all([ctx.step(async () => 1)]),
      await ctx.promise.allSettled(undefined, [2]),
      await ctx.promise.any("", [3]),
      await ctx.promise.race("named", [4]),
    ]);
    const contexts = Object.values(mine.updates).flat().filter((u) => u.Type === "CONTEXT" && u.Action === "START");
    expect(contexts.map((u) => u.Name)).toEqual([undefined, undefined, "", "named"]);
  });

  it("a non-array iterable of promises: ours throws DurableValidationError at the call, the reference combines it (pinned)", async () => {
    // The reference's types take an array; at run time it hands the value to Promise.all, which takes any
    // iterable. Ours validates `promises` as the array the types ask for.
    const body: Body = async (ctx, note) => {
      try {
        note(await ctx.promise.all("set", new Set([ctx.step("a", async () => 1), 2])));
      } catch (error) {
        note(caught(error));
      }
      return "r";
    };
    const mine = await observe("ours", body);
    const theirs = await observe("reference", body);
    expect(mine.notes).toEqual([
      '0: {"class":"DurableValidationError","name":"DurableValidationError","message":"all(): promises must be an array (received a Set). Pass an array."}',
    ]);
    expect(theirs.notes).toEqual(["0: [1,2]"]);
  });
});

describe("microtask turns a combinator takes to settle, side by side with the reference", () => {
  /** The turns of a counting chain started with `make()` when its promise settles. */
  async function turnsToSettle(make: () => PromiseLike<unknown>): Promise<string> {
    let count = 0;
    let done = false;
    const counter = (async () => {
      while (!done && count < 200) {
        count++;
        await undefined;
      }
    })();
    const outcome = await Promise.resolve(make()).then(
      () => `fulfilled after ${count}`,
      () => `rejected after ${count}`,
    );
    done = true;
    await counter;
    return outcome;
  }

  it.each(METHODS)("promise.%s: new and replayed, fulfilled and rejected, over settled and fresh members", async (method) => {
    const mine = await sideBySide(async (ctx, note) => {
      note(await turnsToSettle(() => ctx.promise[method]("values", ["v", Promise.resolve(1)])));
      note(await turnsToSettle(() => ctx.promise[method]("rejection", [rejected(new Error("x"))])));
      note(await turnsToSettle(() => ctx.promise[method]("empty", method === "race" ? [1] : [])));
      const settled = ctx.runInChildContext("c", async () => 2);
      await settled;
      note(await turnsToSettle(() => ctx.promise[method]("settled member", [settled])));
      note(await turnsToSettle(() => ctx.promise[method]("fresh member", [ctx.runInChildContext("c2", async () => 2)])));
      await ctx.wait("w", { seconds: 1 });
      return "r";
    });
    expect(mine.notes).toHaveLength(10);
  });

  it("replayed child contexts with a custom serdes, map and parallel (the machinery allSettled shares): in the reference's turns", async () => {
    // A custom serdes's stored result used to take a turn more to come back than the default serdes's;
    // map and parallel store their BatchResult through one, as allSettled does its results.
    const serdes = { serialize: async (value: unknown) => JSON.stringify(value), deserialize: async (data?: string) => (data === undefined ? undefined : JSON.parse(data)) };
    const mine = await sideBySide(async (ctx, note) => {
      note(await turnsToSettle(() => ctx.runInChildContext("default", async () => 1)));
      note(await turnsToSettle(() => ctx.runInChildContext("custom", async () => 1, { serdes })));
      note(await turnsToSettle(() => ctx.map("map", [1], async () => 1)));
      note(await turnsToSettle(() => ctx.parallel("parallel", [async () => 1])));
      await ctx.wait("w", { seconds: 1 });
      return "r";
    });
    expect(mine.notes.filter((n) => n.startsWith("1: "))).toHaveLength(4);
  });
});
