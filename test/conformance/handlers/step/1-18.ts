// 1-18 AtMostOncePerRetry with retry: the step logs the input, crashes the process on its first
// attempt and succeeds on the second. Runs isolated, so the crash ends a real (worker) runtime.
import { createRetryStrategy, JitterStrategy, StepSemantics, withDurableExecution } from "../../../../src/index.js";

export const isolated = true;

export const handler = withDurableExecution(async (event: string, context) =>
  context.step(
    async (stepContext) => {
      stepContext.logger.info(event);
      if (stepContext.attempt === 1) process.exit(1);
      return "succeeded on second attempt";
    },
    {
      semantics: StepSemantics.AtMostOncePerRetry,
      retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }),
    },
  ),
);
