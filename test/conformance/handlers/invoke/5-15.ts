// 5-15 Invoke with a custom payload serdes: the payload is upper-cased when serialized.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget, upperCaseJsonSerdes } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (event: { data: string }, context) =>
  context.invoke(ECHO_FUNCTION, event, { payloadSerdes: upperCaseJsonSerdes<{ data: string }>() }),
);
