// 1-14 Retry with custom config: fails twice then succeeds; 5 attempts, 2 s initial delay, backoff 3, no jitter.
// The attempt count comes from the step context (durable across invocations, as the requirement needs).
import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.step(
    async (stepContext) => {
      if (stepContext.attempt < 3) throw new Error(`attempt ${stepContext.attempt} failed`);
      return "ok";
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 5,
        initialDelay: { seconds: 2 },
        backoffRate: 3,
        jitter: JitterStrategy.NONE,
      }),
    },
  ),
);
