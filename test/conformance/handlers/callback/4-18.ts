// 4-18 Create callbacks A and B, then wait for A, then for B.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: [string, string], context) => {
  const [a] = await context.createCallback(event[0]);
  const [b] = await context.createCallback(event[1]);
  const resultA = await a;
  const resultB = await b;
  return { a: resultA, b: resultB };
});
