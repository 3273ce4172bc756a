// 3-7 Child context with step retry: the step fails on its first attempt and succeeds on the second.
import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("retrying-child", async (child) =>
    child.step(
      async (stepContext) => {
        if (stepContext.attempt < 2) throw new Error("first attempt fails");
        return event;
      },
      { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }) },
    ),
  ),
);
