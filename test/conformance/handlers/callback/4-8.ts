// 4-8 Callback with a 5-second timeout, then a step, then await: the callback times out.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 5 } });
  await context.step(async () => "work done while waiting");
  return await result;
});
