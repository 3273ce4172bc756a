// 5-3 Invoke returning a complex object: the echo target returns the nested input unchanged.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (event: Record<string, unknown>, context) => context.invoke(ECHO_FUNCTION, event));
