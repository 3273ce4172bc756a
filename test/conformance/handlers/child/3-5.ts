// 3-5 Child context error caught: the failing child is caught, then a recovery step returns the input.
import { retryPresets, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  try {
    await context.runInChildContext(async (child) =>
      child.step(
        async () => {
          throw new Error("inner step failed");
        },
        { retryStrategy: retryPresets.noRetry },
      ),
    );
  } catch {
    // recovered below
  }
  return context.step(async () => event);
});
