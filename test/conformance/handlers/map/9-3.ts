// 9-3 Map function using the item and its index: item + index, without an inner step.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number[], context) => {
  const result = await context.map("indexed", event, async (_item, value, index) => value + index, { maxConcurrency: 1 });
  return result.getResults();
});
