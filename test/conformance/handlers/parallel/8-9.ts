// 8-9 Parallel tolerating one failure: ok, fail, ok all run.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "tolerated",
    [
      async () => "ok-0",
      failingBranch("branch 1 failed"),
      async () => "ok-2",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
