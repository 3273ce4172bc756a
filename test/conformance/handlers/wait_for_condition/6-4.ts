// 6-4 waitForCondition with initial state 5: counts up until the input (8).
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number, context) =>
  context.waitForCondition(async (state: number) => state + 1, {
    initialState: 5,
    waitStrategy: (state) => (state >= event ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  }),
);
