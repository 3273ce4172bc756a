// 3-14 Child context with custom serdes: the child's serdes stores its result upper-cased.
import { withDurableExecution } from "../../../../src/index.js";
import { upperCaseTextSerdes } from "../shared.js";

export const handler = withDurableExecution(async (event: string, context) =>
  context.runInChildContext("serdes-child", async (child) => child.step(async () => event), { serdes: upperCaseTextSerdes }),
);
