// 9-5 Map fail-fast (toleratedFailureCount 0): item 1 fails, item 2 never starts.
import { withDurableExecution } from "../../../../src/index.js";
import { project, TaskFailure } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    "failfast",
    ["i0", "i1", "i2"],
    async (_item, value, index) => {
      if (index === 1) throw new TaskFailure(`item ${value} failed`);
      return "ok";
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
