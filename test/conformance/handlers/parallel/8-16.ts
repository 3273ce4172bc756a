// 8-16 Parallel where all three branches fail within a tolerance of 3.
import { withDurableExecution } from "../../../../src/index.js";
import { project, TaskFailure } from "../shared.js";

const fail = (index: number) => async (): Promise<string> => {
  throw new TaskFailure(`branch ${index} failed`);
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel("all-fail", [fail(0), fail(1), fail(2)], {
    maxConcurrency: 1,
    completionConfig: { toleratedFailureCount: 3 },
  });
  return project(result, ["completionReason", "status", "successCount", "failureCount", "totalCount"]);
});
