// 4-16 A custom deserializer turns the callback payload into a number.
import { withDurableExecution, type Serdes } from "../../../../src/index.js";

const numberSerdes: Serdes<number> = {
  serialize: async (value) => (value === undefined ? undefined : String(value)),
  deserialize: async (data) => (data === undefined ? undefined : Number(data)),
};

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { serdes: numberSerdes });
  const count = (await result) as number;
  return { count, doubled: count * 2 };
});
