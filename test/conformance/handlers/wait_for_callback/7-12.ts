// 7-12 waitForCallback with a 5-second heartbeat timeout and no heartbeat.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(
    event,
    async () => {
      // the callback id would be handed to an external system here
    },
    { heartbeatTimeout: { seconds: 5 } },
  ),
);
