// 9-18 A 1-second wait after a map with one tolerated failure; the result is projected after replay.
import { withDurableExecution } from "../../../../src/index.js";
import { project, TaskFailure } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    "fail-then-wait",
    ["ok", "fail"],
    async (_item, value) => {
      if (value === "fail") throw new TaskFailure("item failed");
      return value;
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  await context.wait({ seconds: 1 });
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
