// 1-10 Replay re-throws failed step: a no-retry step fails inside try/catch, then a 1-second wait.
import { retryPresets, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    await context.step(
      async (stepContext) => {
        stepContext.logger.info("step executed");
        throw new Error("step failed permanently");
      },
      { retryStrategy: retryPresets.noRetry },
    );
  } catch {
    // the error is expected; on replay it is re-thrown from the checkpoint and caught again
  }
  await context.wait({ seconds: 1 });
});
