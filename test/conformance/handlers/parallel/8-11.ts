// 8-11 Parallel with maxConcurrency 2: results come back in branch order.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel("concurrent", [async () => "r0", async () => "r1", async () => "r2"], { maxConcurrency: 2 });
  return result.getResults();
});
