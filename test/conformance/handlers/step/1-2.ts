// 1-2 Step with name: the step is named "custom_step_name".
import { withDurableExecution } from "../../../../src/index.js";
import { greet } from "../shared.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.step("custom_step_name", async () => greet(event)),
);
