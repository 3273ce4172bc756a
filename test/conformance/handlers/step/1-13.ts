// 1-13 Default retry strategy: the step fails on attempts 1 and 2 and succeeds on the third.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.step(async (stepContext) => {
    if (stepContext.attempt < 3) throw new Error(`unreliable: attempt ${stepContext.attempt} failed`);
    return "ok";
  }),
);
