// 9-10 Map tolerating 25% failures of four items: two failures (50%) stop it.
import { withDurableExecution } from "../../../../src/index.js";
import { project, TaskFailure } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    "tolerated-pct",
    ["i0", "i1", "i2", "i3"],
    async (_item, value, index) => {
      if (index < 2) throw new TaskFailure(`item ${value} failed`);
      return "ok";
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return project(result, ["completionReason", "successCount", "failureCount", "totalCount"]);
});
