// 9-15 A 1-second wait in map item 1 suspends the execution; item 0 is not re-run on resume.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    "suspend",
    ["r0", "r1"],
    async (item, value, index) => {
      if (index === 1) await item.wait({ seconds: 1 });
      return item.step(async () => value);
    },
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
