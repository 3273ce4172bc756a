// 1-1 Step basic: one step returns a greeting for the input.
import { withDurableExecution } from "../../../../src/index.js";
import { greet } from "../shared.js";

export const handler = withDurableExecution(async (event: string, context) => context.step(async () => greet(event)));
