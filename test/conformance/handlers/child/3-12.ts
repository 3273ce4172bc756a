// 3-12 Child context interrupted and re-executed: the step inside the child crashes the process on
// the first invocation, after its START has reached the service; the next invocation re-runs it.
// Runs isolated (a worker per invocation); "first invocation" is a flag that outlives the crash.
import { withDurableExecution } from "../../../../src/index.js";
import { persistentFlag, sleep } from "../shared.js";

export const isolated = true;

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext(async (child) =>
    child.step(async () => {
      const crashed = persistentFlag("crashed");
      if (!crashed.isSet()) {
        crashed.set();
        // Long-running work: the at-least-once step's START is checkpointed before the crash.
        await sleep(500);
        process.exit(1);
      }
      return event;
    }),
  ),
);
