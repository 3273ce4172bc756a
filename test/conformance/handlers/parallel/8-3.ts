// 8-3 Parallel with named branches "first" and "second".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel(
    "named",
    [
      { name: "first", func: async () => "one" },
      { name: "second", func: async () => "two" },
    ],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
