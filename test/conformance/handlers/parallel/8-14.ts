// 8-14 Parallel where branch 1 suspends on a 2-second wait; on resume branch 0 is not re-run.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel(
    "replay",
    [
      async (branch) => branch.step(async () => "b0"),
      async (branch) => {
        await branch.wait({ seconds: 2 });
        return "b1";
      },
    ],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
