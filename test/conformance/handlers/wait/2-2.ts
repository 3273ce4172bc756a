// 2-2 Wait with name: a 2-second wait named "custom_wait_name".
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait("custom_wait_name", { seconds: 2 });
});
