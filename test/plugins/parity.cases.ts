/**
 * The parity corpus: handlers written once, run with a recording plugin on the reference SDK under the
 * reference LocalDurableTestRunner and on ours under our runner. Each case returns what it recorded.
 */
import { recordingPlugin, throwingPlugin, type Recorded } from "./recording-plugin.js";

export interface ParityRunner {
  LocalDurableTestRunner: any;
  WaitingOperationStatus: { STARTED: string; SUBMITTED: string; COMPLETED: string };
}
export interface ParitySdk {
  withDurableExecution: (handler: any, config?: any) => any;
}
export interface ParityOutcome {
  status: string;
  result: unknown;
  invocations: number;
  events: Recorded[];
}

type Handler = (event: any, context: any) => Promise<unknown>;
interface Case {
  name: string;
  handler: Handler;
  payload?: unknown;
  pluginsConfig?: { childOperationsDepth?: number };
  /** The plugins (default: one recording plugin); everything recorded goes to `events`. */
  plugins?: (events: Recorded[]) => unknown[];
  /** Functions the handler may invoke. */
  register?: (runner: any, sdk: ParitySdk) => void;
  /** Drives the run from the test side (callbacks) while it is in progress. */
  drive?: (runner: any, testing: ParityRunner) => Promise<void>;
}

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const retryOnce = { retryStrategy: (_e: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) };

const sharedHandler: Handler = async (_e, ctx) => {
  const a = await ctx.runInChildContext("ctx", async (child: any) => child.step("in", async () => 1));
  await ctx.wait({ seconds: 1 });
  return ctx.step("out", async () => a + 1);
};

export const parityCases: Case[] = [
  {
    name: "two plugins: on* hooks of both, wrap hooks nested with the first plugin outermost",
    plugins: (events) => [recordingPlugin("A.", events), recordingPlugin("B.", events)],
    handler: sharedHandler,
  },
  {
    name: "a plugin that throws or rejects in every hook changes nothing (next to a recording plugin)",
    plugins: (events) => [throwingPlugin(), recordingPlugin("", events), throwingPlugin()],
    handler: sharedHandler,
  },
  {
    name: "a wrapper that calls fn twice: the user function still runs once",
    plugins: (events) => [
      {
        wrapOperationAttemptFn: async (_info: unknown, fn: () => Promise<unknown>) => {
          await fn();
          return fn();
        },
      },
      recordingPlugin("", events),
    ],
    handler: async (_e, ctx) => {
      let runs = 0;
      await ctx.step("counted", async () => ++runs);
      return runs;
    },
  },
  {
    name: "invoke of another durable function",
    register: (runner, sdk) => runner.registerDurableFunction("child-fn", sdk.withDurableExecution(async (e: any, c: any) => c.step("double", async () => e.n * 2))),
    handler: async (_e, ctx) => ctx.invoke("call", "child-fn", { n: 21 }),
  },
  { name: "one step", handler: async (_e, ctx) => ctx.step("only", async () => 1) },
  {
    name: "two steps around a wait (two invocations)",
    payload: { userId: "u1" },
    handler: async (e, ctx) => {
      const user = await ctx.step("fetch", async () => ({ id: e.userId }));
      await ctx.wait("pause", { seconds: 5 });
      return ctx.step("process", async () => ({ ...user, done: true }));
    },
  },
  {
    name: "unnamed operations",
    handler: async (_e, ctx) => {
      const a = await ctx.step(async () => 2);
      await ctx.wait({ seconds: 1 });
      return ctx.step(async () => a * 3);
    },
  },
  {
    name: "a step retried once, then succeeding",
    handler: async (_e, ctx) =>
      ctx.step(
        "flaky",
        async (s: { attempt: number }) => {
          if (s.attempt < 2) throw new Error("first try fails");
          return "ok";
        },
        retryOnce,
      ),
  },
  {
    name: "a step failing for good (execution fails)",
    handler: async (_e, ctx) => {
      await ctx.step("ok", async () => "fine");
      return ctx.step("boom", async () => {
        throw new Error("card declined");
      }, noRetry);
    },
  },
  {
    name: "a step retried until its retries run out",
    handler: async (_e, ctx) => {
      try {
        await ctx.step("always", async () => {
          throw new Error("nope");
        }, retryOnce);
      } catch (error) {
        return { caught: (error as Error).message };
      }
      return "unreachable";
    },
  },
  {
    name: "AT_MOST_ONCE_PER_RETRY step",
    handler: async (_e, ctx) => ctx.step("once", async () => "x", { semantics: "AT_MOST_ONCE_PER_RETRY" }),
  },
  {
    name: "handler throws after a step",
    handler: async (_e, ctx) => {
      await ctx.step("before", async () => 1);
      throw new Error("handler broke");
    },
  },
  {
    name: "wait, step, wait (three invocations)",
    handler: async (_e, ctx) => {
      await ctx.wait("w1", { seconds: 2 });
      const v = await ctx.step("middle", async () => "m");
      await ctx.wait("w2", { seconds: 3 });
      return v;
    },
  },
  {
    name: "createCallback completed by the test",
    handler: async (_e, ctx) => {
      const [result] = await ctx.createCallback("approval", { timeout: { hours: 1 } });
      return { answer: await result };
    },
    drive: async (runner, testing) => {
      const cb = runner.getOperation("approval");
      await cb.waitForData(testing.WaitingOperationStatus.STARTED);
      await cb.sendCallbackSuccess("yes");
    },
  },
  {
    name: "createCallback failed by the test",
    handler: async (_e, ctx) => {
      const [result] = await ctx.createCallback("payment", { timeout: { hours: 1 } });
      try {
        return await result;
      } catch (error) {
        return { failed: (error as Error).message };
      }
    },
    drive: async (runner, testing) => {
      const cb = runner.getOperation("payment");
      await cb.waitForData(testing.WaitingOperationStatus.STARTED);
      await cb.sendCallbackFailure({ ErrorType: "Declined", ErrorMessage: "insufficient funds" });
    },
  },
  {
    name: "waitForCallback (named: plugin-only callback and submitter names)",
    handler: async (_e, ctx) => {
      const answer = await ctx.waitForCallback("approve", async () => {}, { timeout: { hours: 1 } });
      return { answer };
    },
    drive: async (runner, testing) => {
      const cb = runner.getOperation("approve");
      await cb.waitForData(testing.WaitingOperationStatus.SUBMITTED);
      await cb.sendCallbackSuccess("granted");
    },
  },
  {
    name: "runInChildContext with a step and a wait inside",
    handler: async (_e, ctx) =>
      ctx.runInChildContext("child", async (child: any) => {
        const v = await child.step("inner", async () => 5);
        await child.wait("inner-wait", { seconds: 2 });
        return v + 1;
      }),
  },
  {
    name: "nested child contexts",
    handler: async (_e, ctx) =>
      ctx.runInChildContext("outer", async (outer: any) => {
        const a = await outer.step("a", async () => 1);
        const b = await outer.runInChildContext("inner", async (inner: any) => inner.step("b", async () => 2));
        return a + b;
      }),
  },
  {
    name: "a failing child context",
    handler: async (_e, ctx) => {
      try {
        await ctx.runInChildContext("bad", async (child: any) => {
          await child.step("s", async () => 1);
          throw new Error("child broke");
        });
      } catch (error) {
        return { caught: (error as Error).message };
      }
      return "unreachable";
    },
  },
  {
    name: "map over three items",
    handler: async (_e, ctx) => {
      const result = await ctx.map("items", [1, 2, 3], async (item: any, n: number) => item.step(`sq-${n}`, async () => n * n), { maxConcurrency: 1 });
      return result.getResults();
    },
  },
  {
    name: "map items with a wait inside (replays across invocations)",
    handler: async (_e, ctx) => {
      const result = await ctx.map(
        "waiters",
        [1, 2],
        async (item: any, n: number) => {
          await item.wait({ seconds: n });
          return item.step("after", async () => n);
        },
        { maxConcurrency: 1 },
      );
      return result.getResults();
    },
  },
  {
    name: "map with FLAT nesting (virtual item contexts, reported as replays by the reference)",
    handler: async (_e, ctx) => {
      const result = await ctx.map("flat", ["a", "b"], async (item: any, v: string) => item.step(`up-${v}`, async () => v.toUpperCase()), {
        maxConcurrency: 1,
        nesting: "FLAT",
      });
      return result.getResults();
    },
  },
  {
    name: "parallel with two branches",
    handler: async (_e, ctx) => {
      const result = await ctx.parallel("both", [async (b: any) => b.step("left", async () => "L"), async (b: any) => b.step("right", async () => "R")], {
        maxConcurrency: 1,
      });
      return result.getResults();
    },
  },
  {
    name: "waitForCondition polling twice",
    handler: async (_e, ctx) =>
      ctx.waitForCondition("poll", async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: (state: number) => (state >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
      }),
  },
  {
    name: "waitForCondition whose check throws",
    handler: async (_e, ctx) => {
      try {
        await ctx.waitForCondition("bad-poll", async () => {
          throw new Error("check failed");
        }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });
      } catch (error) {
        return { caught: (error as Error).message };
      }
      return "unreachable";
    },
  },
  {
    name: "childOperationsDepth 1 keeps a finished context's children across a suspend",
    pluginsConfig: { childOperationsDepth: 1 },
    handler: async (_e, ctx) => {
      const v = await ctx.runInChildContext("kept", async (child: any) => child.step("kept-step", async () => 7));
      await ctx.wait("later", { seconds: 1 });
      return ctx.step("last", async () => v);
    },
  },
  {
    name: "without childOperationsDepth a finished context's children are pruned",
    handler: async (_e, ctx) => {
      const v = await ctx.runInChildContext("pruned", async (child: any) => child.step("pruned-step", async () => 7));
      await ctx.wait("later", { seconds: 1 });
      return ctx.step("last", async () => v);
    },
  },
  {
    name: "execution input and a null result",
    payload: { n: 3, tags: ["a"] },
    handler: async (e, ctx) => {
      await ctx.step("read", async () => e.n);
      return null;
    },
  },
];

/** Runs one case with a fresh recording plugin. */
export async function runParityCase(testCase: Case, testing: ParityRunner, sdk: ParitySdk): Promise<ParityOutcome> {
  const events: Recorded[] = [];
  const plugins = testCase.plugins ? testCase.plugins(events) : [recordingPlugin("", events)];
  const handler = sdk.withDurableExecution(testCase.handler, { plugins, pluginsConfig: testCase.pluginsConfig });
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
  testCase.register?.(runner, sdk);
  const running = runner.run(testCase.payload === undefined ? undefined : { payload: testCase.payload });
  if (testCase.drive) await testCase.drive(runner, testing);
  const execution = await running;
  return {
    status: execution.getStatus(),
    result: execution.getStatus() === "SUCCEEDED" ? execution.getResult() : execution.getError()?.errorMessage,
    invocations: execution.getInvocations().length,
    events,
  };
}
