// 3-15 Child context error without step: the child function throws directly.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.runInChildContext("throwing-child", async (): Promise<never> => {
    throw new Error("child failed");
  }),
);
