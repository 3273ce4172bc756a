// 8-5 Parallel with no branches.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<unknown>("empty", []);
  return result.getResults();
});
