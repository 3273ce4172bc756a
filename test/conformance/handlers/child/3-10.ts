// 3-10 Child context with step and wait inside: the child returns the step's result after a wait.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("step-and-wait", async (child) => {
    const value = await child.step(async () => event);
    await child.wait({ seconds: 1 });
    return value;
  }),
);
