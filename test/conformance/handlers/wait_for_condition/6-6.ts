// 6-6 waitForCondition whose condition is never met: the fixed-delay strategy allows 3 attempts.
import { createWaitStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCondition(async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: createWaitStrategy<number>({
      shouldContinuePolling: () => true,
      maxAttempts: 3,
      initialDelay: { seconds: 1 },
      backoffRate: 1,
      jitter: JitterStrategy.NONE,
    }),
  }),
);
