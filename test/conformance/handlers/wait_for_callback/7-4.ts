// 7-4 waitForCallback whose callback fails; not caught, so the execution fails.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(event, async () => {
    // the callback id would be handed to an external system here
  }),
);
