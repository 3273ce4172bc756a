// 5-13 Invoke inside a child context; the child returns the invoke result.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.runInChildContext(async (child) => child.invoke(ECHO_FUNCTION, { from: "child" })),
);
