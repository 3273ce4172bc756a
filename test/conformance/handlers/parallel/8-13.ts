// 8-13 Parallel tolerating 25% failures of 4 branches: two failures (50%) stop it.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "tolerated-pct",
    [
      failingBranch("branch 0 failed"),
      failingBranch("branch 1 failed"),
      async () => "ok-2",
      async () => "ok-3",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return project(result, ["completionReason", "successCount", "failureCount", "totalCount"]);
});
