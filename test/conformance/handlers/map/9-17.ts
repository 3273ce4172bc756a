// 9-17 A 1-second wait after a successful map; on replay the map is not re-run.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map("then-wait", ["a", "b"], async (_item, value) => value.toUpperCase(), { maxConcurrency: 1 });
  await context.wait({ seconds: 1 });
  return result.getResults();
});
