// 7-1 waitForCallback basic: named after the input; the submitter does nothing durable.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.waitForCallback(event, async () => {
    // the callback id would be handed to an external system here
  }),
);
