// 6-3 waitForCondition named "poll-status": counts up from 0 until 2.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number, context) =>
  context.waitForCondition("poll-status", async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state) => (state >= event ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  }),
);
