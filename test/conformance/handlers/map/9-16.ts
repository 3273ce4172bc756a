// 9-16 Map whose four ~70 KB results exceed the 256 KB checkpoint limit together.
import { withDurableExecution } from "../../../../src/index.js";
import { project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("large", ["a", "b", "c", "d"], async (_item, value) => value.repeat(70 * 1024), { maxConcurrency: 1 });
  return project(result, ["successCount", "totalCount"]);
});
