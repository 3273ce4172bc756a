// 6-8 waitForCondition whose check throws; the handler catches it and returns "recovered".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    return await context.waitForCondition(
      async (): Promise<number> => {
        throw new Error("check failed");
      },
      { initialState: 0, waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 1 } }) },
    );
  } catch {
    return "recovered";
  }
});
