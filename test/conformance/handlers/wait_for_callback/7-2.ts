// 7-2 waitForCallback with the static name "approval".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCallback("approval", async () => {
    // the callback id would be handed to an external system here
  }),
);
