// 8-21 Parallel whose single branch runs a nested parallel of two steps.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const outer = await context.parallel(
    "outer",
    [
      async (branchA) => {
        const inner = await branchA.parallel(
          "inner",
          [async (b) => b.step(async () => "i1"), async (b) => b.step(async () => "i2")],
          { maxConcurrency: 1 },
        );
        return inner.getResults();
      },
    ],
    { maxConcurrency: 1 },
  );
  return outer.getResults();
});
