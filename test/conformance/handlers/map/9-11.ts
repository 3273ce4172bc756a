// 9-11 Map with maxConcurrency 2: results come back in item order.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("concurrent", ["a", "b", "c"], async (_item, _value, index) => `r${index}`, { maxConcurrency: 2 });
  return result.getResults();
});
