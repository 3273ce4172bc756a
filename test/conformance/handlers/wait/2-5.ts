// 2-5 Wait with long duration: a wait of one hour (3600 s).
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait({ hours: 1 });
});
