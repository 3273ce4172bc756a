// 7-6 waitForCallback whose callback fails; the handler catches it and returns "recovered".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  try {
    return await context.waitForCallback(event, async () => {
      // the callback id would be handed to an external system here
    });
  } catch {
    return "recovered";
  }
});
