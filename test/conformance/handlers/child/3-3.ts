// 3-3 Child context with multiple sequential steps: the second step returns the first step's result.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("sequential-steps", async (child) => {
    const first = await child.step(async () => event);
    return child.step(async () => first);
  }),
);
