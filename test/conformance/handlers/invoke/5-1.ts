// 5-1 Invoke basic: the echo target receives the input and returns it.
// A string payload needs the named form (invoke(a, b) with two strings reads b as the function).
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (event: string, context) => context.invoke("echo", ECHO_FUNCTION, event));
