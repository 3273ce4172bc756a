// 2-4 Wait with different duration units: a wait of one minute (60 s).
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait({ minutes: 1 });
});
