// 4-4 Callback with a 5-second heartbeat timeout and no heartbeat: it times out on the heartbeat.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { heartbeatTimeout: { seconds: 5 } });
  return await result;
});
