// 1-8 Step and wait with replay: a step, then a 2-second wait; the replay skips the step.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.step(async () => "computed");
  await context.wait({ seconds: 2 });
  return result;
});
