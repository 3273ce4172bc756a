// 8-1 Parallel basic: two branches, one step each, run one at a time.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel(
    "parallel",
    [async (branch) => branch.step(async () => "task-1"), async (branch) => branch.step(async () => "task-2")],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
