// 4-19 Create callbacks A and B, then wait for B first, then for A.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: [string, string], context) => {
  const [a] = await context.createCallback(event[0]);
  const [b] = await context.createCallback(event[1]);
  const resultB = await b;
  const resultA = await a;
  return { a: resultA, b: resultB };
});
