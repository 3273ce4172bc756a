// 4-5 Heartbeat keeps a callback (10-second heartbeat timeout) alive until it succeeds.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { heartbeatTimeout: { seconds: 10 } });
  return await result;
});
