// 8-15 Parallel with an itemSerdes that stores each branch result as {"wrapped": value}.
import { withDurableExecution, type Serdes } from "../../../../src/index.js";

const wrapSerdes: Serdes<string> = {
  serialize: async (value) => JSON.stringify({ wrapped: value }),
  deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as { wrapped: string }).wrapped),
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel("serde", [async () => "x", async () => "y"], { maxConcurrency: 1, itemSerdes: wrapSerdes });
  return result.getResults();
});
