// 3-6 Nested child contexts: the outer child runs a step and an inner child with its own step.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("outer", async (outer) => {
    await outer.step(async () => event);
    return outer.runInChildContext("inner", async (inner) => inner.step(async () => event));
  }),
);
