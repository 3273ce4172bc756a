// 6-5 waitForCondition with a fixed-delay wait strategy: 2 seconds, no jitter, no backoff.
import { createWaitStrategy, JitterStrategy, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number, context) =>
  context.waitForCondition(async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: createWaitStrategy<number>({
      shouldContinuePolling: (state) => state < event,
      initialDelay: { seconds: 2 },
      backoffRate: 1,
      jitter: JitterStrategy.NONE,
    }),
  }),
);
