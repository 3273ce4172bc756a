/**
 * Time-semantics cases run side by side on the reference testing package's runner and on ours
 * (same handler source, only the SDK/testing imports differ): timers that fall due while an
 * invocation is still busy, callbacks kept alive by real-time heartbeats, force-checkpoint polling.
 */

/** What a handler imports from an SDK. */
export interface ClockSdk {
  withDurableExecution: (handler: any) => any;
}

export interface ClockRunnerModule {
  LocalDurableTestRunner: any;
  WaitingOperationStatus: { STARTED: string; SUBMITTED: string; COMPLETED: string };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The real timer functions, taken when this module loads: before any runner installs fake timers (the reference's skipTime does). */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Real time after which busy work ends even if the other branches never finished (see {@link busyUntil}). */
const BUSY_CAP_MS = 20_000;

/**
 * A branch's "real work": it lasts until `othersDone` resolves (the branches whose timers must fall due
 * meanwhile have finished), so the case does not race a fixed duration against those timers, which a
 * loaded machine can lose. If they never finish within the invocation (the defect these cases catch),
 * it ends after {@link BUSY_CAP_MS} of real time and the run ends with other facts instead of hanging.
 */
async function busyUntil(othersDone: Promise<unknown>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([othersDone, new Promise<void>((resolve) => (timer = realSetTimeout(resolve, BUSY_CAP_MS)))]);
  } finally {
    realClearTimeout(timer);
  }
}

/** A promise and its resolve function. */
function signal(): { done: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { done, resolve };
}

/** What a run showed: status, result, invocation count, event types in order. */
export interface RunFacts {
  status: string;
  result: unknown;
  invocations: number;
  events: string[];
}

function facts(execution: any): RunFacts {
  return {
    status: execution.getStatus(),
    result: execution.getStatus() === "SUCCEEDED" ? execution.getResult() : execution.getError(),
    invocations: execution.getInvocations().length,
    events: execution.getHistoryEvents().map((event: any) => event.EventType),
  };
}

/**
 * (a) parallel([real work, wait 1 s → step, a step that fails twice with 500 ms retry delays]): the
 * wait and the retries fall due while the first branch still runs. (Our SDK sends whole seconds of
 * retry delay, as the service's API takes, so 500 ms becomes 1 s.) The real work lasts until the other
 * two branches have finished (it used to be a fixed 2.5 s, which left the timers about 0.4 s to spare
 * and could run out on a loaded machine).
 */
export async function parallelWithTimers(testing: ClockRunnerModule, sdk: ClockSdk): Promise<RunFacts> {
  let attempts = 0;
  const afterWait = signal();
  const flaky = signal();
  const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const batch = await context.parallel("work", [
      async (ctx: any) =>
        ctx.step("long", async () => {
          await busyUntil(Promise.all([afterWait.done, flaky.done]));
          return "long done";
        }),
      async (ctx: any) => {
        await ctx.wait("pause", { seconds: 1 });
        const result = await ctx.step("after-wait", async () => "after wait");
        afterWait.resolve();
        return result;
      },
      async (ctx: any) => {
        const result = await ctx.step(
          "flaky",
          async () => {
            attempts++;
            if (attempts < 3) throw new Error(`attempt ${attempts}`);
            return `succeeded on attempt ${attempts}`;
          },
          { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 0.5 } }) },
        );
        flaky.resolve();
        return result;
      },
    ]);
    return { reason: batch.completionReason, results: batch.getResults() };
  });
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
  return facts(await runner.run());
}

/**
 * (b) a callback with a 1 s heartbeat timeout, heartbeated every 100 ms for 2 s, then succeeded.
 * `awaitFirst`: the test awaits run()'s promise (Promise.all) while it heartbeats, so the runner
 * sees a test that waits for the execution; otherwise it holds the promise until the end.
 */
export async function heartbeatForTwoSeconds(testing: ClockRunnerModule, sdk: ClockSdk, awaitFirst: boolean): Promise<RunFacts> {
  const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const [result] = await context.createCallback("approval", { timeout: { minutes: 5 }, heartbeatTimeout: { seconds: 1 } });
    return { answer: await result };
  });
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
  const heartbeatThenSucceed = async () => {
    const callback = runner.getOperation("approval");
    await callback.waitForData(testing.WaitingOperationStatus.STARTED);
    const start = Date.now();
    while (Date.now() - start < 2000) {
      await callback.sendCallbackHeartbeat();
      await sleep(100);
    }
    await callback.sendCallbackSuccess("yes");
  };
  if (awaitFirst) {
    const [execution] = await Promise.all([runner.run(), heartbeatThenSucceed()]);
    return facts(execution);
  }
  const running = runner.run();
  await heartbeatThenSucceed();
  return facts(await running);
}

/**
 * (c) force-checkpoint polling: one branch waits 1 s twice while a busy step keeps the invocation
 * alive and sends nothing meanwhile — the waiting branch only learns that its waits completed through
 * the SDK's empty (force) checkpoints. The busy step lasts until the waiting branch has finished (a
 * fixed 2.5 s used to leave the second wait about 0.4 s to spare).
 */
export async function forceCheckpointPolling(testing: ClockRunnerModule, sdk: ClockSdk): Promise<RunFacts> {
  const waited = signal();
  const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const batch = await context.parallel("poll", [
      async (ctx: any) =>
        ctx.step("busy", async () => {
          await busyUntil(waited.done);
          return "busy done";
        }),
      async (ctx: any) => {
        await ctx.wait("w1", { seconds: 1 });
        await ctx.wait("w2", { seconds: 1 });
        waited.resolve();
        return "waited";
      },
    ]);
    return { reason: batch.completionReason, results: batch.getResults() };
  });
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
  return facts(await runner.run());
}
