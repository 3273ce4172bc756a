// 8-10 Parallel tolerating one failure: two failures exceed it, branch 2 never starts.
import { withDurableExecution } from "../../../../src/index.js";
import { project, TaskFailure } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    "tolerated-exceeded",
    [
      async () => {
        throw new TaskFailure("branch 0 failed");
      },
      async () => {
        throw new TaskFailure("branch 1 failed");
      },
      async () => "ok-2",
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  return project(result, ["completionReason", "successCount", "failureCount", "totalCount"]);
});
