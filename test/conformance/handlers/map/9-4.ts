// 9-4 Map over an empty list.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: unknown[], context) => {
  const result = await context.map("empty", event, async (_item, value) => value);
  return result.getResults();
});
