// 4-6 The external system reports failure; the handler does not catch it, so the execution fails.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  return await result;
});
