/**
 * The test runner at its edges and under misuse, side by side: the same scenario on the reference SDK
 * + reference LocalDurableTestRunner and on ours + our runner (skipTime unless a case says otherwise),
 * each side in its own test environment. What is recorded is what a test author sees: whether a call
 * throws, returns a rejected promise or stays pending, the error's class and message (callback ids
 * and times normalised), and the TestResult's status, result, error and operation count.
 *
 * `expect(ours).toEqual(reference)` where both behave alike; where they differ, both behaviours are
 * pinned (`{ reference, ours }`), each with the reason ours is kept (docs/guide/switching.md, Testing).
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as referenceTesting from "@aws/durable-execution-sdk-js-testing";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import { httpGetText, startSlowServer } from "../support/slow-server.js";

type Side = "reference" | "ours";
const sides: [Side, any, any][] = [
  ["reference", referenceSdk, referenceTesting],
  ["ours", ourSdk, ourTesting],
];

const normalise = (message: unknown) => String(message).replace(/Callback [\w.-]{40,} is/g, "Callback <id> is");
const failure = (error: any) => ({ class: error?.constructor?.name, message: normalise(error?.message) });

/** What the test sees of a value: a TestResult or an operation summarised, anything else as JSON. */
function seen(value: any): unknown {
  if (value && typeof value.getOperations === "function") {
    const status = value.getStatus();
    return {
      status,
      result: status === "SUCCEEDED" ? value.getResult() : undefined,
      error: status === "SUCCEEDED" ? undefined : { ...value.getError(), stackTrace: undefined },
      operations: value.getOperations().length,
    };
  }
  if (value && typeof value.getStatus === "function" && typeof value.getName === "function") {
    return { operation: value.getName(), status: value.getStatus() };
  }
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value), (_key, field) => (typeof field === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(field) ? "<time>" : field));
}

/** Calls `thunk`: a throw, a returned value, or (for a promise) how it settles within `ms` real milliseconds. */
async function outcome(thunk: () => unknown, ms = 300): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = thunk();
  } catch (error) {
    return { threw: failure(error) };
  }
  if (!(value instanceof Object) || typeof (value as Promise<unknown>).then !== "function") return { returned: seen(value) };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise((resolve) => (timer = setTimeout(() => resolve({ pending: true }), ms)));
  try {
    return (await Promise.race([
      (value as Promise<unknown>).then((resolved) => ({ resolved: seen(resolved) }), (error) => ({ rejected: failure(error) })),
      pending,
    ])) as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
  }
}

/** `row` for every entry, all at once (each on its own runner), as { name: row }. */
async function table<V>(entries: [string, V][], row: (value: V) => Promise<unknown>): Promise<Record<string, any>> {
  return Object.fromEntries(await Promise.all(entries.map(async ([name, value]) => [name, await row(value)] as const)));
}

/** Runs `scenario` on the reference, then on ours, each inside its own setup/teardown. */
async function bothSides<T>(
  scenario: (sdk: any, testing: any) => Promise<T>,
  environment: { skipTime: boolean } | undefined = { skipTime: true },
): Promise<Record<Side, T>> {
  const observed = {} as Record<Side, T>;
  for (const [side, sdk, testing] of sides) {
    if (environment) await testing.LocalDurableTestRunner.setupTestEnvironment(environment);
    try {
      observed[side] = await scenario(sdk, testing);
    } finally {
      await testing.LocalDurableTestRunner.teardownTestEnvironment();
    }
  }
  return observed;
}

const oneStep = (sdk: any) => sdk.withDurableExecution(async (_event: unknown, context: any) => context.step("s", async () => 1));
const stepThenWait = (sdk: any) =>
  sdk.withDurableExecution(async (_event: unknown, context: any) => {
    await context.step("s", async () => 1);
    await context.wait("w", { seconds: 1 });
    return "done";
  });
const callbackThenStep = (sdk: any, options: object = {}) =>
  sdk.withDurableExecution(async (_event: unknown, context: any) => {
    const [answer] = await context.createCallback("cb", { timeout: { minutes: 5 }, ...options });
    await context.step("s", async () => 1);
    return await answer;
  });
const succeeded = (result: unknown, operations: number) => ({ resolved: { status: "SUCCEEDED", result, error: undefined, operations } });
const usage = (message: string) => ({ class: "TestRunnerUsageError", message });
const NOT_TEXT = "sendCallbackSuccess(result): result must be a string (e.g. JSON.stringify(value)) or its UTF-8 bytes as a Buffer, Uint8Array or ArrayBuffer";

describe("the environment", () => {
  it("run() without setupTestEnvironment, and after teardownTestEnvironment: ours runs in real time, the reference rejects with its internals' words", async () => {
    const observed = {} as Record<Side, unknown>;
    for (const [side, sdk, testing] of sides) {
      const never = await outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) }).run(), 2000);
      await testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
      await testing.LocalDurableTestRunner.teardownTestEnvironment();
      const torn = await outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) }).run(), 2000);
      observed[side] = { never, torn };
    }
    expect(observed).toEqual({
      reference: {
        never: { rejected: { class: "Error", message: "CheckpointWorkerManager has not been created" } },
        torn: { rejected: { class: "Error", message: "Worker not initialized" } },
      },
      ours: { never: succeeded(1, 1), torn: succeeded(1, 1) },
    });
  });

  it("setupTestEnvironment twice: the reference's fake timers throw a TypeError, ours takes the second call's options; teardown without setup is a no-op on both", async () => {
    const observed = {} as Record<Side, unknown>;
    for (const [side, , testing] of sides) {
      const teardownFirst = await outcome(() => testing.LocalDurableTestRunner.teardownTestEnvironment());
      await testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
      const again = await outcome(() => testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
      await testing.LocalDurableTestRunner.teardownTestEnvironment();
      observed[side] = { teardownFirst, again };
    }
    expect(observed).toEqual({
      reference: {
        teardownFirst: { resolved: undefined },
        again: { rejected: { class: "TypeError", message: "Can't install fake timers twice on the same global object." } },
      },
      ours: { teardownFirst: { resolved: undefined }, again: { resolved: undefined } },
    });
  });

  it("teardownTestEnvironment during a run: ours rejects the run naming the teardown, the reference's run never settles", async () => {
    const observed = {} as Record<Side, unknown>;
    for (const [side, sdk, testing] of sides) {
      await testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: callbackThenStep(sdk) });
      const execution = runner.run();
      execution.catch(() => undefined);
      await runner.getOperation("cb").waitForData();
      await testing.LocalDurableTestRunner.teardownTestEnvironment();
      observed[side] = await outcome(() => execution);
    }
    expect(observed).toEqual({
      reference: { pending: true },
      ours: { rejected: usage("run(): the test environment was torn down (teardownTestEnvironment) while the execution was still running") },
    });
  });
});

describe("run() twice and reset()", () => {
  it("two concurrent runs on one runner: the reference resolves both, ours rejects the second", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const first = runner.run();
      const second = runner.run();
      second.catch(() => undefined);
      return { first: await outcome(() => first, 2000), second: await outcome(() => second, 2000) };
    });
    expect(observed).toEqual({
      reference: { first: succeeded(1, 1), second: succeeded(1, 1) },
      ours: {
        first: succeeded(1, 1),
        second: { rejected: usage("run(): this runner already has a run in progress; await it before calling run() again, or use a second runner") },
      },
    });
  });

  it("sequential runs without reset(): same results; the reference's invocations pile up from run to run, ours are each run's own", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const results = [await runner.run(), await runner.run(), await runner.run()];
      return { seen: results.map(seen), invocations: results.map((result: any) => result.getInvocations().length) };
    });
    expect(observed.ours.seen).toEqual(observed.reference.seen);
    expect({ reference: observed.reference.invocations, ours: observed.ours.invocations }).toEqual({ reference: [1, 2, 3], ours: [1, 1, 1] });
  });

  it("reset() before and after a run: handles taken before keep the old run, new lookups see nothing until the next run (same on both)", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const before = await outcome(() => runner.reset());
      const old = runner.getOperation("s");
      const run = await outcome(() => runner.run(), 2000);
      const after = await outcome(() => runner.reset());
      return { before, run, after, old: seen(old), fresh: seen(runner.getOperation("s")), again: await outcome(() => runner.run(), 2000) };
    });
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours.fresh).toEqual({ operation: undefined, status: undefined });
  });

  it("reset() during a run: ours rejects that run naming reset(), the reference's run never settles", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: callbackThenStep(sdk) });
      const execution = runner.run();
      execution.catch(() => undefined);
      await runner.getOperation("cb").waitForData();
      const reset = await outcome(() => runner.reset());
      return { reset, run: await outcome(() => execution) };
    });
    expect([observed.reference.reset, observed.ours.reset]).toEqual([{ returned: undefined }, { returned: undefined }]);
    const message = "run(): reset() was called while the execution was still running; await run() before reset(), or reset() a runner between runs";
    expect({ reference: observed.reference.run, ours: observed.ours.run }).toEqual({ reference: { pending: true }, ours: { rejected: usage(message) } });
  });
});

describe("lookups that find nothing", () => {
  it("getOperation / ByIndex / ByNameAndIndex / ById of nothing: a handle whose getters give undefined, before and after the run (same on both)", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const look = async () => {
        const handles = {
          missing: runner.getOperation("missing"),
          index99: runner.getOperationByIndex(99),
          nameIndex5: runner.getOperationByNameAndIndex("s", 5),
          nameIndexMinus1: runner.getOperationByNameAndIndex("s", -1),
          unknownId: runner.getOperationById("nope"),
        };
        const rows: Record<string, unknown> = {};
        for (const [name, handle] of Object.entries(handles)) {
          rows[name] = {
            seen: seen(handle),
            id: await outcome(() => handle.getId()),
            data: await outcome(() => handle.getOperationData()),
            stepDetails: await outcome(() => handle.getStepDetails()),
            children: await outcome(() => handle.getChildOperations()),
          };
        }
        return rows;
      };
      const before = await look();
      await runner.run();
      return { before, after: await look() };
    });
    expect(observed.ours).toEqual(observed.reference);
    const nothing = { seen: { operation: undefined, status: undefined }, id: { returned: undefined }, data: { returned: undefined }, stepDetails: { returned: undefined }, children: { returned: undefined } };
    expect(observed.ours.after.missing).toEqual(nothing);
    expect(observed.ours.after.nameIndexMinus1).toMatchObject({ seen: { operation: "s", status: "SUCCEEDED" } });
  });
});

describe("waitForData", () => {
  it("on operations never reached: run() resolves; the wait rejects at the end of the run (Error on the reference, OperationNotFoundError here)", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const byName = runner.getOperation("never").waitForData();
      const byIndex = runner.getOperationByIndex(7).waitForData(testing.WaitingOperationStatus.COMPLETED);
      byName.catch(() => undefined);
      byIndex.catch(() => undefined);
      const run = await outcome(() => runner.run(), 2000);
      return { run, byName: await outcome(() => byName), byIndex: await outcome(() => byIndex) };
    });
    expect(observed.ours.run).toEqual(observed.reference.run);
    const referenceMessage = (status: string) =>
      `Operation was not found after execution completion. Expected status: ${status}. This typically means the operation was never executed or the test is waiting for the wrong operation.`;
    const oursMessage = (status: string, what: string) =>
      `waitForData(${status}): the operation ${what} was never started before the execution finished (SUCCEEDED). Check the name/index, or whether the handler reaches that operation.`;
    expect({ reference: [observed.reference.byName, observed.reference.byIndex], ours: [observed.ours.byName, observed.ours.byIndex] }).toEqual({
      reference: [{ rejected: { class: "Error", message: referenceMessage("STARTED") } }, { rejected: { class: "Error", message: referenceMessage("COMPLETED") } }],
      ours: [
        { rejected: { class: "OperationNotFoundError", message: oursMessage("STARTED", 'named "never"') } },
        { rejected: { class: "OperationNotFoundError", message: oursMessage("COMPLETED", "at index 7") } },
      ],
    });
  });

  it("status arguments: the three statuses resolve alike after the run; an unknown status is a usage error here, a not-found at the end (string) or a wait forever (number) on the reference", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: oneStep(sdk) });
      const early = runner.getOperation("s").waitForData("DONE");
      early.catch(() => undefined);
      await runner.run();
      const statuses: Record<string, unknown> = {};
      for (const status of ["STARTED", "SUBMITTED", "COMPLETED", undefined]) statuses[String(status)] = await outcome(() => runner.getOperation("s").waitForData(status));
      return { statuses, early: await outcome(() => early), number: await outcome(() => runner.getOperation("s").waitForData(3)) };
    });
    expect(observed.ours.statuses).toEqual(observed.reference.statuses);
    expect(observed.ours.statuses.COMPLETED).toEqual({ resolved: { operation: "s", status: "SUCCEEDED" } });
    const unknown = (received: string) => ({ rejected: usage(`waitForData(status): status must be one of STARTED, SUBMITTED, COMPLETED (received ${received})`) });
    expect({ reference: [observed.reference.early, observed.reference.number], ours: [observed.ours.early, observed.ours.number] }).toEqual({
      reference: [
        {
          rejected: {
            class: "Error",
            message:
              "Operation was not found after execution completion. Expected status: DONE. This typically means the operation was never executed or the test is waiting for the wrong operation.",
          },
        },
        { pending: true },
      ],
      ours: [unknown('"DONE"'), unknown("number 3")],
    });
  });
});

describe("sending to callbacks", () => {
  it("misuse around one callback: before its data, to a step, twice, after it completed, after the run, heartbeats", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: callbackThenStep(sdk) });
      const callback = runner.getOperation("cb");
      const step = runner.getOperation("s");
      const early = await outcome(() => callback.sendCallbackSuccess('"x"'));
      const execution = runner.run();
      execution.catch(() => undefined);
      await callback.waitForData();
      const sends = {
        early,
        toMissing: await outcome(() => runner.getOperation("missing").sendCallbackSuccess('"x"')),
        heartbeat: await outcome(() => callback.sendCallbackHeartbeat()),
        first: await outcome(() => callback.sendCallbackSuccess('"ok"')),
        second: await outcome(() => callback.sendCallbackSuccess('"again"')),
        failureAfter: await outcome(() => callback.sendCallbackFailure({ errorMessage: "late" })),
      };
      await step.waitForData();
      const toStep = await outcome(() => step.sendCallbackSuccess('"x"'));
      const run = await outcome(() => execution, 2000);
      const afterRun = await outcome(() => callback.sendCallbackSuccess('"post"'));
      const { result, error } = callback.getCallbackDetails();
      return { sends, toStep, run, afterRun, details: { result, error } };
    });
    const closed = (what: string) => ({ rejected: { class: "CallbackTimeoutException", message: `Callback <id> is already closed (${what})` } });
    // The reference's runner takes every send, and which one the execution sees depends on the race between
    // its handler resuming and the later sends: mostly the last one (the failure sent after the success),
    // but on a loaded machine the handler resumes with the first. Ours refuses the later sends: always "ok".
    const lastSendWins = { resolved: { status: "FAILED", result: undefined, error: { errorType: "CallbackExternalError", errorMessage: "Callback failed", stackTrace: undefined }, operations: 2 } };
    expect([lastSendWins, succeeded('"ok"', 2)]).toContainEqual(observed.reference.run);
    expect(observed).toEqual({
      reference: {
        sends: {
          early: { threw: { class: "Error", message: "Could not find callback details" } },
          toMissing: { threw: { class: "Error", message: "Could not find callback details" } },
          heartbeat: { rejected: { class: "Error", message: "Could not find callback that requires heartbeat" } },
          first: { resolved: {} },
          second: { resolved: {} },
          failureAfter: { resolved: {} },
        },
        toStep: { threw: { class: "Error", message: "Operation with Type STEP and SubType Step is not a valid callback" } },
        run: observed.reference.run,
        afterRun: { resolved: {} },
        details: { result: undefined, error: { errorMessage: undefined, errorType: undefined, errorData: undefined, stackTrace: undefined } },
      },
      ours: {
        sends: {
          early: {
            rejected: { class: "OperationNotFoundError", message: 'sendCallbackSuccess(): the operation named "cb" has no data yet; await waitForData() before sending its callback' },
          },
          toMissing: {
            rejected: { class: "OperationNotFoundError", message: 'sendCallbackSuccess(): the operation named "missing" has no data yet; await waitForData() before sending its callback' },
          },
          heartbeat: { resolved: {} },
          first: { resolved: {} },
          second: closed("SUCCEEDED"),
          failureAfter: closed("SUCCEEDED"),
        },
        toStep: {
          rejected: { class: "OperationTypeMismatchError", message: 'sendCallbackSuccess(): the operation named "s" is a STEP (Step), not a CALLBACK or a waitForCallback context' },
        },
        run: succeeded('"ok"', 2),
        afterRun: closed("execution SUCCEEDED"),
        details: { result: "ok", error: undefined },
      },
    });
  });

  it("what sendCallbackSuccess accepts: a string, '' and undefined alike on both; other values a usage error here (the reference: a TypeError thrown at the call)", async () => {
    const values: [string, unknown][] = [["json", '{"a":1}'], ["empty", ""], ["undefined", undefined], ["number", 5], ["object", { a: 1 }], ["null", null]];
    const observed = await bothSides(async (sdk, testing) => {
      return table(values, async (value) => {
        const runner = new testing.LocalDurableTestRunner({
          handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
            const [answer] = await context.createCallback("cb", { timeout: { minutes: 5 } });
            const received = await answer;
            return { received, type: typeof received };
          }),
        });
        const execution = runner.run();
        const callback = runner.getOperation("cb");
        await callback.waitForData();
        const sent = await outcome(() => callback.sendCallbackSuccess(value));
        if (!("resolved" in sent)) await callback.sendCallbackSuccess('"fallback"');
        return { sent, result: seen(await execution) };
      });
    });
    for (const name of ["json", "empty", "undefined"]) expect([name, observed.ours[name]]).toEqual([name, observed.reference[name]]);
    expect(observed.ours.empty).toMatchObject({ result: { result: { type: "undefined" } } });
    const pick = (side: Side) => Object.fromEntries(["number", "object", "null"].map((name) => [name, (observed[side][name] as any).sent]));
    const typeError = (received: string) => ({
      threw: { class: "TypeError", message: `The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ${received}` },
    });
    const notText = (received: string) => ({ rejected: usage(`${NOT_TEXT} (received ${received})`) });
    expect({ reference: pick("reference"), ours: pick("ours") }).toEqual({
      reference: { number: typeError("type number (5)"), object: typeError("an instance of Object"), null: typeError("null") },
      ours: { number: notText("number 5"), object: notText("an object with a"), null: notText("null") },
    });
  });

  it("a result given as bytes (Buffer, Uint8Array, part of a Buffer, ArrayBuffer, empty, with a BOM): the handler receives the same text on both, from createCallback and waitForCallback", async () => {
    const bytes: [string, () => unknown][] = [
      ["buffer", () => Buffer.from('{"a":1}')],
      ["text", () => Buffer.from("plain é ✓")],
      ["uint8array", () => new TextEncoder().encode('"hi"')],
      ["subarray", () => Buffer.from('xx"mid"yy').subarray(2, 7)],
      ["arrayBuffer", () => new TextEncoder().encode('"ab"').buffer],
      ["empty", () => Buffer.alloc(0)],
      ["bom", () => Buffer.from('\uFEFF"b"')],
    ];
    const observed = await bothSides(async (sdk, testing) => {
      const receive = {
        createCallback: async (context: any) => {
          const [answer] = await context.createCallback("cb", { timeout: { minutes: 5 } });
          return answer;
        },
        waitForCallback: (context: any) => context.waitForCallback("cb", async () => undefined, { timeout: { minutes: 5 } }),
      };
      const rows: Record<string, unknown> = {};
      for (const [api, wait] of Object.entries(receive)) {
        Object.assign(rows, await table(bytes.map(([name, make]) => [`${api} ${name}`, make] as [string, () => unknown]), async (make) => {
          const runner = new testing.LocalDurableTestRunner({
            handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
              const received = await wait(context);
              return { received, type: typeof received };
            }),
          });
          const execution = runner.run();
          const callback = runner.getOperation("cb");
          await callback.waitForData();
          const sent = await outcome(() => callback.sendCallbackSuccess(make()));
          if (!("resolved" in sent)) await callback.sendCallbackSuccess('"fallback"');
          const result = seen(await execution) as any;
          return { sent, status: result.status, received: result.result, details: callback.getCallbackDetails()?.result };
        }));
      }
      return rows;
    });
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours["createCallback buffer"]).toEqual({ sent: { resolved: {} }, status: "SUCCEEDED", received: { received: '{"a":1}', type: "string" }, details: { a: 1 } });
    expect(observed.ours["waitForCallback subarray"]).toMatchObject({ received: { received: '"mid"', type: "string" } });
    expect(observed.ours["createCallback empty"]).toMatchObject({ received: { type: "undefined" } });
  });

  it("bytes that are not UTF-8 text, other typed arrays and arrays of numbers: ours rejects naming the fix; the reference sends replacement characters, each element's low byte, nothing, or the numbers as bytes", async () => {
    const values: [string, () => unknown][] = [
      ["notUtf8", () => Buffer.from([0x22, 0xff, 0xfe, 0x22])],
      ["uint16", () => new Uint16Array([0x2222, 0x4141])],
      ["dataView", () => new DataView(new TextEncoder().encode('"dv"').buffer)],
      ["numbers", () => [0x22, 0x68, 0x69, 0x22]],
    ];
    const observed = await bothSides(async (sdk, testing) => {
      return table(values, async (make) => {
        const runner = new testing.LocalDurableTestRunner({
          handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
            const [answer] = await context.createCallback("cb", { timeout: { minutes: 5 } });
            return { received: await answer };
          }),
        });
        const execution = runner.run();
        const callback = runner.getOperation("cb");
        await callback.waitForData();
        const sent = await outcome(() => callback.sendCallbackSuccess(make()));
        if (!("resolved" in sent)) await callback.sendCallbackSuccess('"fallback"');
        return { sent, received: (seen(await execution) as any).result.received };
      });
    });
    const notText = (received: string) => ({ sent: { rejected: usage(`${NOT_TEXT} (received ${received})`) }, received: '"fallback"' });
    expect(observed).toEqual({
      reference: {
        notUtf8: { sent: { resolved: {} }, received: '"\uFFFD\uFFFD"' },
        uint16: { sent: { resolved: {} }, received: '"A' },
        dataView: { sent: { resolved: {} }, received: undefined },
        numbers: { sent: { resolved: {} }, received: '"hi"' },
      },
      ours: {
        notUtf8: {
          sent: {
            rejected: usage(
              "sendCallbackSuccess(result): the bytes given (4 bytes) are not valid UTF-8; the handler receives the callback result as text, " +
                "so send a string, or its UTF-8 bytes (Buffer.from(text), new TextEncoder().encode(text))",
            ),
          },
          received: '"fallback"',
        },
        uint16: notText("a Uint16Array"),
        dataView: notText("a DataView"),
        numbers: notText("an array of 4"),
      },
    });
  });

  it("sendCallbackFailure with a non-object: the reference sends an error with no message, ours rejects naming the expected shape", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      return table<unknown>([["string", "boom"], ["null", null], ["Error", new Error("boom")]], async (value) => {
        const runner = new testing.LocalDurableTestRunner({
          handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
            const [answer] = await context.createCallback("cb", { timeout: { minutes: 5 } });
            try {
              return await answer;
            } catch (error: any) {
              return { caught: error.name, message: error.message, cause: error.cause?.message };
            }
          }),
        });
        const execution = runner.run();
        const callback = runner.getOperation("cb");
        await callback.waitForData();
        const sent = await outcome(() => callback.sendCallbackFailure(value));
        if (!("resolved" in sent)) await callback.sendCallbackFailure({ errorMessage: "fallback" });
        return { sent, result: (seen(await execution) as any).result };
      });
    });
    expect(observed.ours.Error).toEqual(observed.reference.Error);
    const shape = (received: string) => ({ rejected: usage(`sendCallbackFailure(error): error must be an object like { ErrorType: "Rejected", ErrorMessage: "…" } (received ${received})`) });
    const unnamed = { caught: "CallbackExternalError", message: "Callback failed", cause: "" };
    expect({ reference: [observed.reference.string, observed.reference.null], ours: [observed.ours.string, observed.ours.null] }).toEqual({
      reference: [{ sent: { resolved: {} }, result: unnamed }, { sent: { resolved: {} }, result: unnamed }],
      ours: [
        { sent: shape('"boom"'), result: { caught: "CallbackExternalError", message: "fallback", cause: "fallback" } },
        { sent: shape("null"), result: { caught: "CallbackExternalError", message: "fallback", cause: "fallback" } },
      ],
    });
  });

  it("a waitForCallback answered while its submitter still runs (STARTED, not yet SUBMITTED) completes alike on both", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const runner = new testing.LocalDurableTestRunner({
        handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) =>
          context.waitForCallback("review", async () => gate, { timeout: { minutes: 5 } }),
        ),
      });
      const execution = runner.run();
      const review = runner.getOperation("review");
      await review.waitForData(testing.WaitingOperationStatus.STARTED);
      const sent = await outcome(() => review.sendCallbackSuccess('"early"'));
      release();
      return { sent, run: seen(await execution) };
    });
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours.run).toMatchObject({ status: "SUCCEEDED", result: '"early"' });
  });
});

describe("details of the wrong kind", () => {
  it("each details getter on a step or wait: the reference throws plain Errors, ours OperationTypeMismatchError naming the operation; a leaf has no children on both", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: stepThenWait(sdk) });
      await runner.run();
      const step = runner.getOperation("s");
      const wait = runner.getOperation("w");
      return {
        stepOnWait: await outcome(() => wait.getStepDetails()),
        waitOnStep: await outcome(() => step.getWaitDetails()),
        callbackOnStep: await outcome(() => step.getCallbackDetails()),
        contextOnStep: await outcome(() => step.getContextDetails()),
        invokeOnStep: await outcome(() => step.getChainedInvokeDetails()),
        children: await outcome(() => step.getChildOperations()),
      };
    });
    expect(observed.ours.children).toEqual(observed.reference.children);
    expect(observed.ours.children).toEqual({ returned: [] });
    const thrown = (side: Side) => Object.values(observed[side]).slice(0, 5);
    const plain = (message: string) => ({ threw: { class: "Error", message } });
    const mismatch = (message: string) => ({ threw: { class: "OperationTypeMismatchError", message } });
    expect({ reference: thrown("reference"), ours: thrown("ours") }).toEqual({
      reference: [
        plain("Operation type WAIT is not STEP"),
        plain("Operation type STEP is not WAIT"),
        plain("Operation with Type STEP and SubType Step is not a valid callback"),
        plain("Operation type STEP is not CONTEXT"),
        plain("Operation type STEP is not INVOKE"),
      ],
      ours: [
        mismatch('getStepDetails(): the operation named "w" is a WAIT (Wait), not a STEP'),
        mismatch('getWaitDetails(): the operation named "s" is a STEP (Step), not a WAIT'),
        mismatch('getCallbackDetails(): the operation named "s" is a STEP (Step), not a CALLBACK or a waitForCallback context'),
        mismatch('getContextDetails(): the operation named "s" is a STEP (Step), not a CONTEXT'),
        mismatch('getChainedInvokeDetails(): the operation named "s" is a STEP (Step), not a CHAINED_INVOKE'),
      ],
    });
  });
});

describe("what the handler does", () => {
  it("throws synchronously, rejects, throws a string or undefined: the same FAILED result on both", async () => {
    const bodies: Record<string, () => unknown> = {
      sync: () => {
        throw new RangeError("sync boom");
      },
      rejects: async () => {
        throw new RangeError("async boom");
      },
      string: async () => {
        throw "a string";
      },
      undefined: async () => {
        throw undefined;
      },
    };
    const observed = await bothSides((sdk, testing) =>
      table(Object.entries(bodies), (body) => outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: sdk.withDurableExecution(body) }).run(), 2000)),
    );
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours.sync).toEqual({
      resolved: { status: "FAILED", result: undefined, error: { errorType: "RangeError", errorMessage: "sync boom", stackTrace: undefined }, operations: 0 },
    });
  });

  it("returns values JSON turns into something else (a Date, a Map, NaN, undefined, a function, a symbol): the same result on both", async () => {
    const values: Record<string, unknown> = { Date: new Date(0), Map: new Map([[1, 2]]), NaN: Number.NaN, undefined: undefined, function: () => 1, symbol: Symbol("s") };
    const observed = await bothSides((sdk, testing) =>
      table(Object.entries(values), (value) => outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: sdk.withDurableExecution(async () => value) }).run(), 2000)),
    );
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours.Map).toEqual(succeeded({}, 0));
  });

  it("returns what JSON cannot serialize (a BigInt, a circular object): FAILED on both; ours says what failed and what to return", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const observed = await bothSides((sdk, testing) =>
      table(Object.entries({ bigint: 10n, circular }), async (value) => {
        const result = await new testing.LocalDurableTestRunner({ handlerFunction: sdk.withDurableExecution(async () => value) }).run();
        const { errorType, errorMessage } = result.getError();
        return { status: result.getStatus(), errorType, errorMessage: errorMessage.split("\n")[0] };
      }),
    );
    const ours = (detail: string) => `The handler's result could not be serialized as JSON: ${detail}`;
    expect(observed).toEqual({
      reference: {
        bigint: { status: "FAILED", errorType: "TypeError", errorMessage: "Do not know how to serialize a BigInt" },
        circular: { status: "FAILED", errorType: "TypeError", errorMessage: "Converting circular structure to JSON" },
      },
      ours: {
        bigint: {
          status: "FAILED",
          errorType: "SerdesFailedError",
          errorMessage: `${ours("Do not know how to serialize a BigInt")}. Return plain JSON data (no BigInt, no circular references).`,
        },
        circular: { status: "FAILED", errorType: "SerdesFailedError", errorMessage: ours("Converting circular structure to JSON") },
      },
    });
  });

  it("never settles, with nothing pending (before or after a step): the reference's run() stays pending; ours rejects after stallTimeout with an InvocationStalledError", async () => {
    const observed = await bothSides(
      async (sdk, testing) => {
        const never = new testing.LocalDurableTestRunner({ handlerFunction: sdk.withDurableExecution(() => new Promise(() => undefined)) });
        const afterStep = new testing.LocalDurableTestRunner({
          handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
            await context.step("s", async () => 1);
            return new Promise(() => undefined);
          }),
        });
        const [neverOutcome, afterStepOutcome] = await Promise.all([outcome(() => never.run(), 2500), outcome(() => afterStep.run(), 2500)]);
        return { never: neverOutcome, afterStep: afterStepOutcome };
      },
      // The reference ignores an option it does not know.
      { skipTime: true, stallTimeout: 500 } as { skipTime: boolean },
    );
    const stalled = (reached: string) => ({
      rejected: {
        class: "InvocationStalledError",
        message: expect.stringMatching(new RegExp(`^run\\(\\): the handler under test stalled: .*; ${reached}\\. It is awaiting a promise that never settles`)),
      },
    });
    expect(observed).toEqual({
      reference: { never: { pending: true }, afterStep: { pending: true } },
      ours: { never: stalled("it has not reached any operation"), afterStep: stalled('the last operation it reached is "s" \\(STEP SUCCEEDED\\)') },
    });
  });
});

describe("slow real work is no stall", () => {
  it("a handler awaiting a slow local HTTP server (fetch outside a step, node:http in a step body), a real setTimeout and a child process, each longer than our stallTimeout: both runners wait and succeed", async () => {
    const server = await startSlowServer();
    try {
      const url = `${server.url}?ms=1000`;
      const httpGet = () => httpGetText(url);
      const observed = await bothSides(
        async (sdk, testing) => {
          const handler = sdk.withDurableExecution(async (_event: unknown, context: any) => {
            const fetched = await (await fetch(url)).text();
            const stepped = await context.step("charge", httpGet);
            await new Promise((resolve) => setTimeout(resolve, 1000));
            const child = spawn(process.execPath, ["-e", "setTimeout(() => process.exit(3), 1000)"], { stdio: "ignore" });
            const [code] = await once(child, "exit");
            return { fetched, stepped, code };
          });
          return outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: handler }).run(), 20_000);
        },
        // Real time on both (the reference's skipTime fakes the handler's timers); the reference ignores stallTimeout.
        { skipTime: false, stallTimeout: 250 } as { skipTime: boolean },
      );
      const result = { fetched: "slow 1000", stepped: "slow 1000", code: 3 };
      expect(observed).toEqual({ reference: succeeded(result, 1), ours: succeeded(result, 1) });
    } finally {
      await server.stop();
    }
  });
});

describe("run() input", () => {
  it("payloads JSON can carry (none, undefined, null, a string, 0, a Date, a large object, an undefined field): the handler sees the same event on both", async () => {
    const large = { items: Array.from({ length: 20_000 }, (_, i) => ({ i, text: "x".repeat(20) })) };
    const inputs: [string, unknown][] = [
      ["no params", undefined],
      ["{}", {}],
      ["payload undefined", { payload: undefined }],
      ["null", { payload: null }],
      ["string", { payload: "hello" }],
      ["JSON text", { payload: '{"a":1}' }],
      ["zero", { payload: 0 }],
      ["Date", { payload: new Date(0) }],
      ["large", { payload: large }],
      ["undefined field", { payload: { a: undefined, b: 1 } }],
      ["unknown key", { input: 1 }],
    ];
    const observed = await bothSides(async (sdk, testing) => {
      const handler = sdk.withDurableExecution(async (event: any) => ({ type: event === null ? "null" : typeof event, event: event?.items ? event.items.length : event }));
      return table(inputs, (params) => {
        const runner = new testing.LocalDurableTestRunner({ handlerFunction: handler });
        return outcome(() => (params === undefined ? runner.run() : runner.run(params)), 2000);
      });
    });
    expect(observed.ours).toEqual(observed.reference);
    expect(observed.ours["payload undefined"]).toEqual(succeeded({ type: "object", event: {} }, 0));
    expect(observed.ours.large).toEqual(succeeded({ type: "object", event: 20_000 }, 0));
  });

  it("payloads JSON cannot carry, and params that are not an object: ours rejects naming the field, the reference throws a TypeError (BigInt) or runs with {}", async () => {
    const inputs: [string, unknown][] = [
      ["bigint", { payload: 1n }],
      ["function", { payload: () => 1 }],
      ["symbol", { payload: Symbol("s") }],
      ["params string", "hello"],
      ["params null", null],
    ];
    const observed = await bothSides(async (sdk, testing) => {
      const handler = sdk.withDurableExecution(async (event: unknown) => event);
      return table(inputs, (params) => outcome(() => new testing.LocalDurableTestRunner({ handlerFunction: handler }).run(params), 2000));
    });
    const ranWithEmptyEvent = succeeded({}, 0);
    expect(observed).toEqual({
      reference: {
        bigint: { rejected: { class: "TypeError", message: "Do not know how to serialize a BigInt" } },
        function: ranWithEmptyEvent,
        symbol: ranWithEmptyEvent,
        "params string": ranWithEmptyEvent,
        "params null": ranWithEmptyEvent,
      },
      ours: {
        bigint: { rejected: usage("run({ payload }): payload must be JSON-serializable: Do not know how to serialize a BigInt") },
        function: { rejected: usage("run({ payload }): payload must be JSON-serializable (received a function)") },
        symbol: { rejected: usage("run({ payload }): payload must be JSON-serializable (received symbol Symbol(s))") },
        "params string": { rejected: usage('run(params): params must be { payload? } (received "hello")') },
        "params null": { rejected: usage("run(params): params must be { payload? } (received null)") },
      },
    });
  });

  it("the constructor without a handler: ours throws naming handlerFunction; the reference builds a runner (no handler) or throws a destructuring TypeError", async () => {
    const observed = await bothSides(async (_sdk, testing) => ({
      none: await outcome(() => new testing.LocalDurableTestRunner()),
      noHandler: await outcome(() => typeof new testing.LocalDurableTestRunner({})),
      stringHandler: await outcome(() => typeof new testing.LocalDurableTestRunner({ handlerFunction: "handler" })),
    }), undefined);
    expect(observed).toEqual({
      reference: {
        none: { threw: { class: "TypeError", message: "Cannot destructure property 'handlerFunction' of 'undefined' as it is undefined." } },
        noHandler: { returned: "object" },
        stringHandler: { returned: "object" },
      },
      ours: {
        none: { threw: usage("new LocalDurableTestRunner(params): params must be { handlerFunction } (received undefined)") },
        noHandler: { threw: usage("new LocalDurableTestRunner({ handlerFunction }): handlerFunction must be the function withDurableExecution returned (received undefined)") },
        stringHandler: {
          threw: usage('new LocalDurableTestRunner({ handlerFunction }): handlerFunction must be the function withDurableExecution returned (received "handler")'),
        },
      },
    });
  });
});

describe("skipTime: false", () => {
  it("a 1-second wait takes about a second of real time on both, with the same result", async () => {
    const observed = await bothSides(async (sdk, testing) => {
      const runner = new testing.LocalDurableTestRunner({
        handlerFunction: sdk.withDurableExecution(async (_event: unknown, context: any) => {
          await context.wait("w", { seconds: 1 });
          return "ok";
        }),
      });
      const started = Date.now();
      const result = await runner.run();
      return { seen: seen(result), took: Date.now() - started };
    }, { skipTime: false });
    expect(observed.ours.seen).toEqual(observed.reference.seen);
    expect(observed.ours.seen).toEqual(succeeded("ok", 1).resolved);
    for (const side of ["reference", "ours"] as const) expect([side, observed[side].took]).toEqual([side, expect.any(Number)]);
    expect(observed.ours.took).toBeGreaterThanOrEqual(990);
    expect(observed.reference.took).toBeGreaterThanOrEqual(990);
    expect(observed.ours.took).toBeLessThan(3000);
  });
});
