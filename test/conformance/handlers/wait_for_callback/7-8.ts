// 7-8 waitForCallback inside a child context named "wrapper".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("wrapper", async (child) =>
    child.waitForCallback(event, async () => {
      // the callback id would be handed to an external system here
    }),
  ),
);
