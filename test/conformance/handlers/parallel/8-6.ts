// 8-6 Parallel fail-fast (toleratedFailureCount 0): branch 1 fails, branch 2 never starts.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "failfast",
    [
      async () => "ok",
      failingBranch("branch 1 failed"),
      async () => "never",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
