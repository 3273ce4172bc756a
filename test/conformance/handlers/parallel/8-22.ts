// 8-22 Parallel where the failure percentage equals the tolerated 25% and so does not stop it.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "pct-boundary",
    [
      failingBranch("branch 0 failed"),
      async () => "ok-1",
      async () => "ok-2",
      async () => "ok-3",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
