// 9-1 Map basic: one step per item returns a greeting; items run one at a time.
import { withDurableExecution } from "../../../../src/index.js";
import { greet } from "../shared.js";

export const handler = withDurableExecution(async (event: string[], context) => {
  const result = await context.map("map", event, async (item, name) => item.step(async () => greet(name)), { maxConcurrency: 1 });
  return result.getResults();
});
