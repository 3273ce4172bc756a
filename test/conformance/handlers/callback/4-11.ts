// 4-11 Callback with a 3-second timeout, then a 6-second wait, then await: it times out during the wait.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 3 } });
  await context.wait({ seconds: 6 });
  return await result;
});
