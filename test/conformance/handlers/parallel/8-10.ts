// 8-10 Parallel tolerating one failure: two failures exceed it, branch 2 never starts.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "tolerated-exceeded",
    [
      failingBranch("branch 0 failed"),
      failingBranch("branch 1 failed"),
      async () => "ok-2",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  return project(result, ["completionReason", "successCount", "failureCount", "totalCount"]);
});
