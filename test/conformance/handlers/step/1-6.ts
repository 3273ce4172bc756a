// 1-6 Custom serdes (per-step): the step's serdes upper-cases string values when serializing.
import { withDurableExecution } from "../../../../src/index.js";
import { upperCaseJsonSerdes } from "../shared.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.step(async () => event, { serdes: upperCaseJsonSerdes<string>() }),
);
