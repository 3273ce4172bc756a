// 5-16 Invoke with a custom result serdes: the result text is upper-cased when deserialized.
// A string payload needs the named form (invoke(a, b) with two strings reads b as the function).
import { withDurableExecution, type Serdes } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

const upperCaseResult: Serdes<string> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => data?.toUpperCase(),
};

export const handler = withDurableExecution(async (event: string, context) =>
  context.invoke("echo", ECHO_FUNCTION, event, { resultSerdes: upperCaseResult }),
);
