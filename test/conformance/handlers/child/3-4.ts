// 3-4 Child context error: the inner no-retry step throws; the child and the execution fail.
import { retryPresets, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.runInChildContext("failing-child", async (child) =>
    child.step(
      async () => {
        throw new Error("inner step failed");
      },
      { retryStrategy: retryPresets.noRetry },
    ),
  ),
);
