// 6-11 waitForCondition with a custom serdes for its state: each check appends "x"; stops at length 2.
// The serializer stores the state as "encoded:<base64>", the deserializer decodes it.
import { withDurableExecution, type Serdes } from "../../../../src/index.js";

const PREFIX = "encoded:";

const encodedStringSerdes: Serdes<string> = {
  serialize: async (value) => (value === undefined ? undefined : PREFIX + Buffer.from(value, "utf8").toString("base64")),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    if (!data.startsWith(PREFIX)) throw new Error(`not an encoded state: ${data}`);
    return Buffer.from(data.slice(PREFIX.length), "base64").toString("utf8");
  },
};

export const handler = withDurableExecution(async (_event: unknown, context) =>
  context.waitForCondition(async (state: string) => `${state}x`, {
    initialState: "",
    serdes: encodedStringSerdes,
    waitStrategy: (state) => (state.length >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
  }),
);
