// 9-6 Map fail-fast whose result is asked to rethrow: the first item failure fails the execution.
import { withDurableExecution } from "../../../../src/index.js";
import { TaskFailure } from "../shared.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    "throwing",
    ["i0", "i1"],
    async (_item, value): Promise<string> => {
      throw new TaskFailure(`item ${value} failed`);
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  result.throwIfError();
  return result.getResults();
});
