// 8-16 Parallel where all three branches fail within a tolerance of 3.
import { withDurableExecution } from "../../../../src/index.js";
import { failingBranch, project } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const branches = [0, 1, 2].map((index) => failingBranch(`branch ${index} failed`));
  const result = await context.parallel("all-fail", branches, { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 3 } });
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
