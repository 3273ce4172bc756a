// 9-13 Map with an item namer: iterations are named "item-<item>".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: number[], context) => {
  const result = await context.map("named-items", event, async (_item, value) => value * 10, {
    maxConcurrency: 1,
    itemNamer: (value) => `item-${value}`,
  });
  return result.getResults();
});
