// 1-12 Retry exhaustion: a step that always fails, 4 attempts in total, 1 second apart.
import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.step(
    async () => {
      throw new Error("always fails");
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 4,
        initialDelay: { seconds: 1 },
        backoffRate: 1,
        jitter: JitterStrategy.NONE,
      }),
    },
  ),
);
