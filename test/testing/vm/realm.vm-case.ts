/**
 * Run by ../vm-realm.test.ts with Vitest's `vmForks` pool, where each test file runs in its own
 * vm context (realm): the runner's values must be of this file's realm.
 */
import { expect, it } from "vitest";
import { withDurableExecution, type DurableContext } from "../../../src/index.js";
import { LocalDurableTestRunner } from "../../../src/testing.js";

function datesIn(value: unknown, found: unknown[] = []): unknown[] {
  if (Object.prototype.toString.call(value) === "[object Date]") found.push(value);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) datesIn(item, found);
  return found;
}

it("the runner's Dates, arrays and objects are of the test file's realm", async () => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
    await context.wait("nap", { seconds: 30 });
    return context.step("done", async () => ({ ok: true }));
  });
  const runner = new LocalDurableTestRunner({ handlerFunction: handler });
  const result = await runner.run();
  expect(result.getResult()).toEqual({ ok: true });
  const events = result.getHistoryEvents();
  expect(events).toBeInstanceOf(Array);
  const dates = [...datesIn(events), ...datesIn(runner.getOperation("nap").getOperationData())];
  expect(dates.length).toBeGreaterThan(events.length);
  for (const date of dates) expect(date).toBeInstanceOf(Date);
  expect(runner.getOperation("nap").getWaitDetails()!.scheduledEndTimestamp).toBeInstanceOf(Date);
  await LocalDurableTestRunner.teardownTestEnvironment();
});
