// 6-2 waitForCondition immediate: the initial state 5 already satisfies the condition (state >= 5).
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCondition(async (state: number) => state, {
    initialState: 5,
    waitStrategy: (state) => (state >= 5 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  }),
);
