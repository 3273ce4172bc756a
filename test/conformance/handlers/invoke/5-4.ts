// 5-4 Invoke returning null: the echo target receives null and returns null.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => context.invoke(ECHO_FUNCTION, null));
