// 5-10 Invoke replay re-throws: a failed invoke is caught, then a 1-second wait; on replay the
// cached error is thrown again and caught again.
import { withDurableExecution } from "../../../../src/index.js";
import { FAILING_FUNCTION, failingTarget } from "../shared.js";

export const targets = { [FAILING_FUNCTION]: failingTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    await context.invoke(FAILING_FUNCTION);
  } catch {
    // expected, on the first run and on replay
  }
  await context.wait({ seconds: 1 });
});
