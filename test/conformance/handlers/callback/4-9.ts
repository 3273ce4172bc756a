// 4-9 createCallback, then a 5-second wait, then await: the callback succeeds during the wait.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  await context.wait({ seconds: 5 });
  return await result;
});
