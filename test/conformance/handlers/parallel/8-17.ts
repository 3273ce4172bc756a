// 8-17 Parallel with minSuccessful 3 that is never reached: ok, fail, ok.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "min-not-reached",
    [
      async () => "ok-0",
      failingBranch("branch 1 failed"),
      async () => "ok-2",
    ],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 3 } },
  );
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
