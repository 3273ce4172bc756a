// 3-8 Child context with step retry exhaustion: the step always fails (2 attempts); the child fails.
import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.runInChildContext("exhausted-child", async (child) =>
    child.step(
      async () => {
        throw new Error("always fails");
      },
      { retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }) },
    ),
  ),
);
