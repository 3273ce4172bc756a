// 7-15 waitForCallback completed with success but no payload; the (empty) result is returned.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(event, async () => {
    // the callback id would be handed to an external system here
  }),
);
