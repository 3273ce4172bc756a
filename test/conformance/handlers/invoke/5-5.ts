// 5-5 Invoke target fails: the InvokeError is not caught, so the execution fails.
import { withDurableExecution } from "../../../../src/index.js";
import { FAILING_FUNCTION, failingTarget } from "../shared.js";

export const targets = { [FAILING_FUNCTION]: failingTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => context.invoke(FAILING_FUNCTION));
