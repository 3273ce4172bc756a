// 7-9 Two sequential waitForCallback operations, "first" and "second"; returns the second result.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.waitForCallback("first", async () => {
    // the callback id would be handed to an external system here
  });
  return context.waitForCallback("second", async () => {
    // the callback id would be handed to an external system here
  });
});
