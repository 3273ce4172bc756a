// 1-19 Step with error: the step always throws and has no retries.
import { retryPresets, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.step(
    async () => {
      throw new Error("step failed");
    },
    { retryStrategy: retryPresets.noRetry },
  ),
);
