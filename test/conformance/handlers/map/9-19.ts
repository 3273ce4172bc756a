// 9-19 Map with an operation-level serdes: the whole result is stored as "OPSERDE:" + the results.
import { withDurableExecution } from "../../../../src/index.js";
import { opSerdes } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("op-serde", ["x", "y"], async (_item, value) => value.toUpperCase(), {
    maxConcurrency: 1,
    serdes: opSerdes,
  });
  return result.getResults();
});
