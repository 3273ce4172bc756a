// 5-7 Invoke with a large payload (just under the 256 KB asynchronous invoke limit); the target
// reports what it received and the handler returns a small summary.
import { withDurableExecution } from "../../../../src/index.js";
import type { TargetFunction } from "../../handler-module.js";

const MEASURE_FUNCTION = "conformance-measure";
const PAYLOAD_CHARS = 250 * 1024;

const measureTarget: TargetFunction = {
  kind: "durable",
  handler: withDurableExecution(async (event: { data: string }) => ({ receivedChars: event.data.length })),
};

export const targets = { [MEASURE_FUNCTION]: measureTarget };

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const received = await context.invoke<{ data: string }, { receivedChars: number }>(MEASURE_FUNCTION, { data: "x".repeat(PAYLOAD_CHARS) });
  return { sentChars: PAYLOAD_CHARS, receivedChars: received.receivedChars };
});
