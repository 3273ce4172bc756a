// 3-17 Child context with durable logger only: the child logs the input through its logger and
// returns it; a wait follows. Replay logging is on, so a re-executed child body would log again.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: string, context) => {
  context.configureLogger({ modeAware: false });
  const value = await context.runInChildContext("logging-child", async (child) => {
    child.logger.info(event);
    return event;
  });
  await context.wait({ seconds: 1 });
  return value;
});
