// 7-3 waitForCallback with only a submitter and no name.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCallback(async () => {
    // the callback id would be handed to an external system here
  }),
);
