// 1-15 Retry specific exception: TransientError on the first attempt; only TransientError is retried.
import { withDurableExecution, type RetryDecision } from "../../../../src/index.js";

class TransientError extends Error {
  override name = "TransientError";
}

function retryOnTransient(error: Error, attempt: number): RetryDecision {
  return error instanceof TransientError && attempt < 3 ? { shouldRetry: true, delay: { seconds: 1 } } : { shouldRetry: false };
}

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.step(
    async (stepContext) => {
      if (stepContext.attempt < 2) throw new TransientError("temporary outage");
      return "ok";
    },
    { retryStrategy: retryOnTransient },
  ),
);
