// 5-2 Invoke with name: the invoke is named from the input and sends the input's payload.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (event: { name: string; payload: string }, context) =>
  context.invoke(event.name, ECHO_FUNCTION, event.payload),
);
