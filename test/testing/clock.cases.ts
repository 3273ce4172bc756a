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
 * (a) parallel([2.5 s of real work, wait 1 s → step, a step that fails twice with 500 ms retry
 * delays]): the wait and the retries fall due while the first branch still runs. (Our SDK sends
 * whole seconds of retry delay, as the service's API takes, so 500 ms becomes 1 s: the real work
 * lasts 2.5 s so that both retries still fall due during it.)
 */
export async function parallelWithTimers(testing: ClockRunnerModule, sdk: ClockSdk): Promise<RunFacts> {
  let attempts = 0;
  const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const batch = await context.parallel("work", [
      async (ctx: any) =>
        ctx.step("long", async () => {
          await sleep(2500);
          return "long done";
        }),
      async (ctx: any) => {
        await ctx.wait("pause", { seconds: 1 });
        return ctx.step("after-wait", async () => "after wait");
      },
      async (ctx: any) =>
        ctx.step(
          "flaky",
          async () => {
            attempts++;
            if (attempts < 3) throw new Error(`attempt ${attempts}`);
            return `succeeded on attempt ${attempts}`;
          },
          { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 0.5 } }) },
        ),
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
 * (c) force-checkpoint polling: one branch waits 1 s twice while a 2.5 s step keeps the invocation
 * alive and sends nothing meanwhile — the waiting branch only learns that its waits completed through
 * the SDK's empty (force) checkpoints.
 */
export async function forceCheckpointPolling(testing: ClockRunnerModule, sdk: ClockSdk): Promise<RunFacts> {
  const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const batch = await context.parallel("poll", [
      async (ctx: any) =>
        ctx.step("busy", async () => {
          await sleep(2500);
          return "busy done";
        }),
      async (ctx: any) => {
        await ctx.wait("w1", { seconds: 1 });
        await ctx.wait("w2", { seconds: 1 });
        return "waited";
      },
    ]);
    return { reason: batch.completionReason, results: batch.getResults() };
  });
  const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
  return facts(await runner.run());
}
