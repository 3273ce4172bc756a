/**
 * A handler written against the reference SDK's public API, importing from this SDK. It must
 * type-check unchanged against both (test/types/swap-import.test.ts compiles it with the import
 * swapped to `@aws/durable-execution-sdk-js`).
 */
import {
  createRetryStrategy,
  createWaitStrategy,
  defaultSerdes,
  JitterStrategy,
  retryPresets,
  StepSemantics,
  withDurableExecution,
  type BatchResult,
  type DurableContext,
  type Serdes,
} from "../../src/index.js";

interface OrderEvent {
  orderId: string;
  items: { sku: string; quantity: number }[];
}

const moneySerdes: Serdes<{ cents: number }> = {
  serialize: async (value) => (value === undefined ? undefined : String(value.cents)),
  deserialize: async (data) => (data === undefined ? undefined : { cents: Number(data) }),
};

export const workflow = async (event: OrderEvent, context: DurableContext) => {
  context.logger.info("starting", event.orderId);
  const total = await context.step("price", async (step) => {
    step.logger.info(`attempt ${step.attempt}`);
    return { cents: event.items.reduce((sum, item) => sum + item.quantity * 100, 0) };
  }, { serdes: moneySerdes, retryStrategy: createRetryStrategy({ maxAttempts: 2, jitter: JitterStrategy.NONE }) });

  const charged: boolean = await context.step(async () => total.cents > 0, {
    semantics: StepSemantics.AtMostOncePerRetry,
    retryStrategy: retryPresets.noRetry,
  });

  await context.wait({ minutes: 1 });
  await context.wait("named-wait", { seconds: 30 });

  const [approval, callbackId] = await context.createCallback<{ ok: boolean }>("approve", { timeout: { hours: 1 } });
  void callbackId;
  const answer = await context.waitForCallback("external", async (id, ctx) => ctx.logger.info(id), { heartbeatTimeout: { minutes: 5 } });

  const polled = await context.waitForCondition("poll", async (state: { n: number }) => ({ n: state.n + 1 }), {
    initialState: { n: 0 },
    waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => s.n < 3, maxAttempts: 10, jitter: JitterStrategy.NONE }),
  });

  const invoked = await context.invoke<{ id: string }, { ok: boolean }>("other", "arn:aws:lambda:us-east-1:1:function:other", { id: event.orderId });

  const mapped: BatchResult<number> = await context.map("items", event.items, async (child, item, index) => {
    return child.step(`item-${index}`, async () => item.quantity);
  }, { maxConcurrency: 2, itemNamer: (item) => item.sku, completionConfig: { toleratedFailureCount: 1 } });

  const parallel = await context.parallel("both", [
    async (child) => child.step(async () => 1),
    { name: "second", func: async (child) => child.step(async () => 2) },
  ], { completionConfig: { minSuccessful: 1 } });

  const child = await context.runInChildContext("child", async (c) => c.step(async () => "x"), { serdes: defaultSerdes });
  const all = await context.promise.all([context.step(async () => 1), context.step(async () => 2)]);

  return {
    total,
    charged,
    approved: (await approval).ok,
    answer,
    polled: polled.n,
    invoked: invoked.ok,
    quantities: mapped.getResults(),
    parallel: parallel.successCount,
    child,
    all,
  };
};

export const handler = withDurableExecution(workflow);
