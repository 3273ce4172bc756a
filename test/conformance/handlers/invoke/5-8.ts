// 5-8 Invoke with tenantId: the target is invoked for the input's tenant with the input's payload.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (event: { tenantId: string; payload: string }, context) =>
  context.invoke("tenant-echo", ECHO_FUNCTION, event.payload, { tenantId: event.tenantId }),
);
