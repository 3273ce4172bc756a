// 4-13 The callback fails, the handler catches it and keeps a message, waits 2 seconds, returns it.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  let message: string;
  try {
    message = await result;
  } catch (error) {
    message = `callback failed: ${(error as Error).message}`;
  }
  await context.wait({ seconds: 2 });
  return message;
});
