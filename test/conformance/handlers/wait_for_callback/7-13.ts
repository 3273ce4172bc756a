// 7-13 waitForCallback with a 10-second heartbeat timeout: a heartbeat, then success.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(
    event,
    async () => {
      // the callback id would be handed to an external system here
    },
    { heartbeatTimeout: { seconds: 10 } },
  ),
);
