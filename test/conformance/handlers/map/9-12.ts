// 9-12 Map with FLAT nesting: no per-item contexts; each item's step sits under the Map context.
import { NestingType, withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("flat", ["fa", "fb"], async (item, value) => item.step(async () => value), {
    maxConcurrency: 1,
    nesting: NestingType.FLAT,
  });
  return result.getResults();
});
