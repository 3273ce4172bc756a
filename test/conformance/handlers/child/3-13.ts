// 3-13 Child context with wait inside: the child waits and returns the input; a step follows it.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  await context.runInChildContext("waiting-child", async (child) => {
    await child.wait({ seconds: 1 });
    return event;
  });
  return context.step(async () => event);
});
