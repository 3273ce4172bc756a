// 5-12 Invoke then step: the step processes the invoke result.
import { withDurableExecution } from "../../../../src/index.js";
import { ECHO_FUNCTION, echoTarget } from "../shared.js";

export const targets = { [ECHO_FUNCTION]: echoTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const echoed = await context.invoke<{ value: number }, { value: number }>(ECHO_FUNCTION, { value: 21 });
  return context.step(async () => ({ processed: echoed.value * 2 }));
});
