// 4-15 A custom deserializer parses the callback's JSON payload into a typed object whose ISO
// timestamp becomes epoch seconds.
import { withDurableExecution, type Serdes } from "../../../../src/index.js";

interface Received {
  id: string;
  message: string;
  timestamp: number;
}

const receivedSerdes: Serdes<Received> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    const raw = JSON.parse(data) as { id: string; message: string; timestamp: string };
    return { id: raw.id, message: raw.message, timestamp: Date.parse(raw.timestamp) / 1000 };
  },
};

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { serdes: receivedSerdes });
  return { received: await result };
});
