// 9-7 Map with minSuccessful 2 over four items: stops after items 0 and 1.
import { withDurableExecution } from "../../../../src/index.js";
import { project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("min-successful", ["a", "b", "c", "d"], async (_item, value) => `done-${value}`, {
    maxConcurrency: 1,
    completionConfig: { minSuccessful: 2 },
  });
  return project(result, ["completionReason", "successCount", "totalCount"]);
});
