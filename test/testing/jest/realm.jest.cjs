/* Runs under real Jest (see ../jest-realm.test.ts): the runner's values belong to the test file's realm,
   and the runner works with Jest's fake timers installed. `./bundle.cjs` is our SDK + testing entry,
   bundled to CommonJS next to this file by the vitest test that starts Jest. */
const { sdk, testing } = require("./bundle.cjs");

const { LocalDurableTestRunner } = testing;
const FAKE_NOW = Date.UTC(2001, 0, 2, 3, 4, 5);

const workflow = sdk.withDurableExecution(async (event, context) => {
  const seen = await context.step("read-clock", async () => Date.now());
  await context.wait("nap", { seconds: 30 });
  const [result] = await context.createCallback("approval", { timeout: { minutes: 5 } });
  return { seen, input: event, approval: JSON.parse(await result) };
});

/** Every Date-like value (by its internal tag, whatever its realm) inside `value`. */
function datesIn(value, found = []) {
  if (Object.prototype.toString.call(value) === "[object Date]") found.push(value);
  else if (typeof value === "object" && value !== null) for (const key of Object.keys(value)) datesIn(value[key], found);
  return found;
}

async function runWorkflow() {
  const runner = new LocalDurableTestRunner({ handlerFunction: workflow });
  const execution = runner.run({ payload: { order: 7 } });
  const callback = runner.getOperation("approval");
  await callback.waitForData();
  await callback.sendCallbackSuccess(JSON.stringify({ ok: true }));
  return { runner, result: await execution };
}

describe("LocalDurableTestRunner under Jest", () => {
  afterEach(async () => {
    jest.useRealTimers();
    await LocalDurableTestRunner.teardownTestEnvironment();
  });

  test("returns Dates and objects of the test's realm", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const { runner, result } = await runWorkflow();
    expect(result.getStatus()).toBe("SUCCEEDED");
    const output = result.getResult();
    expect(output).toEqual({ seen: expect.any(Number), input: { order: 7 }, approval: { ok: true } });
    expect(output).toBeInstanceOf(Object);

    const events = result.getHistoryEvents();
    expect(events).toBeInstanceOf(Array);
    const eventDates = datesIn(events);
    expect(eventDates.length).toBeGreaterThan(events.length);
    for (const date of eventDates) expect(date).toBeInstanceOf(Date);
    for (const event of events) expect(event.EventTimestamp).toBeInstanceOf(Date);

    const invocations = result.getInvocations();
    expect(invocations.length).toBeGreaterThan(0);
    for (const invocation of invocations) {
      expect(invocation.startTimestamp).toBeInstanceOf(Date);
      expect(invocation.endTimestamp).toBeInstanceOf(Date);
    }

    const nap = runner.getOperation("nap");
    expect(nap.getStartTimestamp()).toBeInstanceOf(Date);
    expect(nap.getEndTimestamp()).toBeInstanceOf(Date);
    expect(nap.getWaitDetails().scheduledEndTimestamp).toBeInstanceOf(Date);
    const operationDates = datesIn(nap.getOperationData());
    expect(operationDates.length).toBeGreaterThan(1);
    for (const date of operationDates) expect(date).toBeInstanceOf(Date);
    for (const op of result.getOperations()) {
      for (const date of datesIn(op.getOperationData())) expect(date).toBeInstanceOf(Date);
    }
  });

  test("works with jest.useFakeTimers() installed; the handler sees the fake clock", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    jest.useFakeTimers();
    jest.setSystemTime(FAKE_NOW);
    const { runner, result } = await runWorkflow();
    expect(result.getResult()).toEqual({ seen: FAKE_NOW, input: { order: 7 }, approval: { ok: true } });
    const nap = runner.getOperation("nap");
    expect(nap.getStartTimestamp()).toBeInstanceOf(Date);
    expect(nap.getStartTimestamp().getTime()).toBeGreaterThan(FAKE_NOW + 10 * 365 * 86400000);
    // 30 s skipped, plus the handler's own real milliseconds (time skips only while nothing runs).
    const took = nap.getEndTimestamp().getTime() - nap.getStartTimestamp().getTime();
    expect(took).toBeGreaterThanOrEqual(30000);
    expect(took).toBeLessThan(31000);
    expect(Date.now()).toBe(FAKE_NOW);
  });

  test("works with jest.useFakeTimers() in real time (no skipTime)", async () => {
    const handler = sdk.withDurableExecution(async (_event, context) => {
      await context.wait("second", { seconds: 1 });
      return context.step("after", async () => Date.now());
    });
    jest.useFakeTimers({ now: FAKE_NOW });
    const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(result.getResult()).toBe(FAKE_NOW);
  });
});
