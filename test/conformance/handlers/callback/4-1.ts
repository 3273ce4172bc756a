// 4-1 Create callback basic: a callback named after the input; its result is returned.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  return await result;
});
