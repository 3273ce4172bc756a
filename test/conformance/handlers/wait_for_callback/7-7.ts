// 7-7 waitForCallback whose submitter always throws; 2 attempts 1 second apart, then the execution fails.
import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(
    event,
    async () => {
      throw new Error("submitter failed");
    },
    { retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }) },
  ),
);
