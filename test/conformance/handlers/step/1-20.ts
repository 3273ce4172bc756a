// 1-20 Error caught and handled: a failing no-retry step inside try/catch, then a fallback step.
import { retryPresets, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    return await context.step(
      async (): Promise<string> => {
        throw new Error("step failed");
      },
      { retryStrategy: retryPresets.noRetry },
    );
  } catch {
    return context.step(async () => "fallback_result");
  }
});
