// 3-18 Child context with step and wait inside, step and wait after.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  await context.runInChildContext("step-and-wait", async (child) => {
    await child.step(async () => event);
    await child.wait({ seconds: 1 });
    return event;
  });
  const value = await context.step(async () => event);
  await context.wait({ seconds: 1 });
  return value;
});
