// 7-5 waitForCallback with a 3-second timeout that nobody completes.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(
    event,
    async () => {
      // the callback id would be handed to an external system here
    },
    { timeout: { seconds: 3 } },
  ),
);
