// 3-16 Child context returning null: no durable operation inside, the child returns null.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.runInChildContext("null-child", async () => null),
);
