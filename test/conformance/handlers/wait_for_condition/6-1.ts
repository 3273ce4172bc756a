// 6-1 waitForCondition basic: the state counts up from 0, polled every second until it reaches the input.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number, context) =>
  context.waitForCondition(async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state) => (state >= event ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  }),
);
