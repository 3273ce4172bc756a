// 1-4 Returning complex object: the step returns {user: {name, tags}, count}.
import { withDurableExecution } from "../../../../src/index.js";

export const handler = withDurableExecution(async (event: { name: string; tags: string[] }, context) =>
  context.step(async () => ({ user: { name: event.name, tags: event.tags }, count: event.tags.length })),
);
