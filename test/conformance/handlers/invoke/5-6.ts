// 5-6 Invoke target fails, caught: the handler returns a fallback value.
import { withDurableExecution } from "../../../../src/index.js";
import { FAILING_FUNCTION, failingTarget } from "../shared.js";

export const targets = { [FAILING_FUNCTION]: failingTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    return await context.invoke(FAILING_FUNCTION);
  } catch {
    return "fallback";
  }
});
