// 8-19 Parallel with maxConcurrency 0: rejected by validation before any branch runs.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel("bad-concurrency", [async () => "a", async () => "b"], { maxConcurrency: 0 });
  return result.getResults();
});
