// 9-20 Map with the operation-level serdes of 9-19, then a 1-second wait: on replay the map result
// is rebuilt by the custom deserializer.
import { withDurableExecution } from "../../../../src/index.js";
import { opSerdes } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("op-serde-replay", ["x", "y"], async (_item, value) => value.toUpperCase(), {
    maxConcurrency: 1,
    serdes: opSerdes,
  });
  await context.wait({ seconds: 1 });
  return result.getResults();
});
