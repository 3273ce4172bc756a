/**
 * Compatibility corpus: a handler module written against the reference SDK's types, in the style of the
 * reference's examples. The compatibility suite compiles it against the reference and, with only the
 * import path changed, against this SDK. Compile-time only (never run).
 */
import type { Context } from "aws-lambda";
import {
  BatchItemStatus,
  CallbackError,
  ChildContextError,
  CompletionOutcome,
  DurablePromise,
  InvocationStatus,
  JitterStrategy,
  NestingType,
  StepError,
  StepSemantics,
  completeBatch,
  continueBatch,
  createClassSerdes,
  createRetryStrategy,
  createWaitStrategy,
  defaultSerdes,
  retryPresets,
  withDurableExecution,
  withRetry,
  type BatchResult,
  type CompletionConfig,
  type ConcurrencyConfig,
  type CustomCompletionConfig,
  type DurableContext,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableExecutionInvocationOutput,
  type DurableLambdaHandler,
  type DurableLogger,
  type Duration,
  type MapConfig,
  type ConcurrentExecutionItem,
  type ConcurrentExecutor,
  type DurableExecutionClientErrorOptions,
  type Serdes,
  type StepConfig,
  type StepFunc,
  type ThresholdCompletionConfig,
  type WaitForConditionConfig,
} from "@aws/durable-execution-sdk-js";

/** A Powertools-style logger: takes the Lambda context as aws-lambda types it. */
class PowertoolsLikeLogger {
  readonly contexts: Context[] = [];
  addContext(context: Context): void {
    this.contexts.push(context);
  }
}
const logger = new PowertoolsLikeLogger();

interface Order {
  id: string;
  items: { sku: string; quantity: number }[];
}

class Money {
  constructor(public cents = 0) {}
}

const moneySerdes: Serdes<Money> = createClassSerdes(Money);

const retrying: StepConfig<string> = {
  retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, backoffRate: 2, jitter: JitterStrategy.FULL }),
  semantics: StepSemantics.AtMostOncePerRetry,
};
const presetRetry: StepConfig<number> = { retryStrategy: retryPresets.default };

const threshold: ThresholdCompletionConfig = { minSuccessful: 2, toleratedFailureCount: 1 };
const custom: CustomCompletionConfig = {
  shouldComplete: (status) => (status.failureCount > 1 ? completeBatch(CompletionOutcome.FAILED) : continueBatch()),
};
const completion: CompletionConfig = threshold;
const completionCustom: CompletionConfig = custom;
const concurrency: ConcurrencyConfig<number> = { maxConcurrency: 2, completionConfig: threshold, nesting: NestingType.NESTED, summaryGenerator: (result) => `${result.successCount}` };
const executionItem: ConcurrentExecutionItem<Order> = { id: "item-0", data: { id: "o", items: [] }, index: 0, name: "first" };
const executor: ConcurrentExecutor<Order, number, DurableLogger> = async (item, childContext) => childContext.step(item.id, async () => item.data.items.length);
const clientErrorOptions: DurableExecutionClientErrorOptions = { scope: "INVOCATION", cause: new Error("throttled") };
void [concurrency, executionItem, executor, clientErrorOptions];

const mapConfig: MapConfig<Order, number> = {
  maxConcurrency: 4,
  completionConfig: completion,
  itemNamer: (item: Order, index: number) => `${item.id}-${index}`,
  nesting: NestingType.FLAT,
};
const parallelConfig = { maxConcurrency: 2, completionConfig: completionCustom };

const validate: StepFunc<boolean> = async (stepContext) => {
  stepContext.logger.info("validating");
  return true;
};

const pollConfig: WaitForConditionConfig<{ ready: boolean; polls: number }> = {
  initialState: { ready: false, polls: 0 },
  waitStrategy: createWaitStrategy({
    shouldContinuePolling: (state) => !state.ready,
    initialDelay: { seconds: 5 },
    maxDelay: { minutes: 1 },
    jitter: JitterStrategy.NONE,
  }),
};

const wait: Duration = { minutes: 1, seconds: 30 };

export const orderWorkflow: DurableExecutionHandler<Order, { total: number; status: BatchItemStatus }> = async (event, context) => {
  logger.addContext(context.lambdaContext);
  const lambdaContext: Context = context.lambdaContext;
  context.logger.info("remaining", lambdaContext.getRemainingTimeInMillis());

  const valid = await context.step("validate", validate);
  if (!valid) throw new StepError("invalid order");
  const token = await context.step("reserve", async () => `token-${event.id}`, retrying);
  const count = await context.step(async () => event.items.length, presetRetry);
  await context.wait("cool-down", wait);
  await context.wait({ seconds: 1 });

  const quantities: BatchResult<number> = await context.map("quantities", event.items.map(() => event), async (child, order, index) => {
    return child.step(`quantity-${index}`, async () => order.items[index]?.quantity ?? 0);
  }, mapConfig);
  quantities.throwIfError();
  const firstStatus: BatchItemStatus = quantities.all[0]?.status ?? BatchItemStatus.STARTED;
  if (quantities.status === BatchItemStatus.FAILED) context.logger.warn("some failed", quantities.failed().length);
  const inFlight: BatchItemStatus.STARTED[] = quantities.started().map((item) => item.status);
  void inFlight;

  const branches = await context.parallel(
    "notify",
    [
      async (child: DurableContext) => child.step("email", async () => "sent"),
      { name: "sms", func: async (child: DurableContext) => child.step("sms", async () => "sent") },
    ],
    parallelConfig,
  );
  const notified: string[] = branches.getResults();

  const price = await context.runInChildContext("price", async (child) => {
    const money = await child.step("load", async () => new Money(100), { serdes: moneySerdes });
    return money.cents;
  });

  const approval = await context.waitForCallback<{ approved: boolean }>(
    "approval",
    async (callbackId, callbackContext) => {
      callbackContext.logger.info("send", callbackId);
    },
    { timeout: { hours: 1 }, heartbeatTimeout: { minutes: 5 }, serdes: defaultSerdes as Serdes<{ approved: boolean }> },
  );
  if (!approval.approved) throw new CallbackError("rejected");

  const [callbackPromise, callbackId] = await context.createCallback<string>("external", { timeout: { minutes: 10 } });
  context.logger.info("callback", callbackId);
  const external: string = await callbackPromise;

  const state = await context.waitForCondition("poll", async (current) => ({ ready: current.polls > 2, polls: current.polls + 1 }), pollConfig);

  const invoked = await context.invoke<{ id: string }, { ok: boolean }>("charge", "arn:aws:lambda:us-east-1:123456789012:function:charge", { id: event.id });

  const promises: DurablePromise<number>[] = [context.step("a", async () => 1), context.step("b", async () => 2)];
  const all: number[] = await context.promise.all("all", promises);
  const settled = await context.promise.allSettled([context.step("c", async () => 3)]);
  const first: number = await context.promise.race([context.step("d", async () => 4)]);
  const any: number = await context.promise.any([context.step("e", async () => 5)]);
  const lazy = new DurablePromise<number>(async () => 6);
  const executed: boolean = lazy.isExecuted;
  const awaited: Promise<number> = lazy.then((value) => value + 1);

  const retried = await withRetry(context, "guarded", async (_retryContext, attempt: number) => attempt * 2, {
    retryStrategy: (_error, attemptCount) => (attemptCount < 3 ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false }),
  });

  context.configureLogger({ modeAware: true });
  context.configureSerdes({});
  try {
    await context.step("risky", async () => {
      throw new Error("boom");
    });
  } catch (error) {
    if (error instanceof StepError || error instanceof ChildContextError) context.logger.error("failed", error.message, error.errorType);
  }
  void [token, count, firstStatus, notified, price, external, state, invoked, all, settled, first, any, executed, awaited, retried];
  return { total: event.items.length, status: firstStatus };
};

const config: DurableExecutionConfig = {};
export const handler: DurableLambdaHandler = withDurableExecution(orderWorkflow, config);
export const typedHandler = withDurableExecution<Order, { total: number; status: BatchItemStatus }>(orderWorkflow);

/** The returned handler called directly with an aws-lambda Context, as a unit test does. */
export async function callDirectly(lambdaContext: Context): Promise<DurableExecutionInvocationOutput> {
  const output = await handler(
    { DurableExecutionArn: "arn", CheckpointToken: "token", InitialExecutionState: { Operations: [] } },
    lambdaContext,
  );
  if (output.Status === InvocationStatus.SUCCEEDED) return output;
  return { Status: InvocationStatus.PENDING };
}

/** A custom logger type flows through DurableContext<Logger>. */
interface MyLogger extends DurableLogger {
  audit(message: string): void;
}
export const withCustomLogger: DurableExecutionHandler<unknown, void, MyLogger> = async (_event, context) => {
  context.logger.info("hello");
  await context.step("audit", async (stepContext) => {
    stepContext.logger.info("inside a step");
  });
};

void completion;
