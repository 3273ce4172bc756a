// 8-8 Parallel with minSuccessful 2: stops after branches 0 and 1 succeed.
import { withDurableExecution } from "../../../../src/index.js";
import { project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel(
    "min-successful",
    [async () => "b0", async () => "b1", async () => "b2", async () => "b3"],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 2 } },
  );
  return project(result, ["completionReason", "successCount", "totalCount"]);
});
