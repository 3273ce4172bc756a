// 6-10 waitForCondition whose check returns null and whose strategy stops at once.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCondition(async (): Promise<null> => null, {
    initialState: null,
    waitStrategy: () => ({ shouldContinue: false }),
  }),
);
