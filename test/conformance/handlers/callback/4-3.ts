// 4-3 Callback with a 5-second timeout that nobody completes: it times out and the execution fails.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 5 } });
  return await result;
});
