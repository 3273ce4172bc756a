// 8-18 Parallel with minSuccessful 3 and toleratedFailureCount 1: the tolerance is exceeded first.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "combined",
    [
      failingBranch("branch 0 failed"),
      failingBranch("branch 1 failed"),
      async () => "ok-2",
      async () => "ok-3",
    ],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 3, toleratedFailureCount: 1 } },
  );
  return project(result, ["completionReason", "successCount", "failureCount", "totalCount"]);
});
