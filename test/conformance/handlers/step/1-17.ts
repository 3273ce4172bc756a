// 1-17 AtMostOncePerRetry, no retry: the step logs the input through its logger, then the process
// crashes. Runs isolated, so the crash ends a real (worker) runtime.
import { retryPresets, StepSemantics, withDurableExecution } from "../../../../src/index.js";

export const isolated = true;

export const handler = withDurableExecution(async (event: string, context) =>
  context.step(
    "at_most_once_flaky_step",
    async (stepContext) => {
      stepContext.logger.info(event);
      process.exit(1);
    },
    { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retryPresets.noRetry },
  ),
);
