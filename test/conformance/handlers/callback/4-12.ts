// 4-12 The callback resolves first, then a 2-second wait, then the callback result is returned.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  const value = await result;
  await context.wait({ seconds: 2 });
  return value;
});
