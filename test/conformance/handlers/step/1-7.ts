// 1-7 Step with context logger: the step logs through its step context logger before and after.
import { withDurableExecution } from "../../../../src/index.js";
import { greet } from "../shared.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.step(async (stepContext) => {
    stepContext.logger.info(`Greeting step started for: ${event}`);
    const greeting = greet(event);
    stepContext.logger.info(`Greeting step completed with: ${greeting}`);
    return greeting;
  }),
);
