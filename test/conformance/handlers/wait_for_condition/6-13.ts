// 6-13 Two sequential waitForCondition operations: the first (0 → 2) seeds the second (→ 4).
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const first = await context.waitForCondition(async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state) => (state >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  });
  return context.waitForCondition(async (state: number) => state + 1, {
    initialState: first,
    waitStrategy: (state) => (state >= 4 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  });
});
