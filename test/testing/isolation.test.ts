/**
 * A handler that ends its process (process.exit, an uncaught exception, running out of memory)
 * fails its invocation, as on Lambda, and the runner invokes again like the service does; the test
 * process lives. In process (handlerFunction) for exit and uncaught exceptions; in a worker thread
 * per invocation (handlerModule) for all three.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableContext } from "../../src/index.js";
import { RUNTIME_EXIT_ERROR_TYPE, RUNTIME_OUT_OF_MEMORY_ERROR_TYPE } from "../../src/local/index.js";
import { LocalDurableTestRunner, TestRunnerUsageError, type TestResult } from "../../src/testing.js";

const durable = <I = any, O = unknown>(fn: (event: I, context: DurableContext) => Promise<O>) => withDurableExecution(fn as never);
const FIXTURES = new URL("./fixtures/isolation-handlers.ts", import.meta.url);
const TS_LOADER = new URL("../support/register-tsx.mjs", import.meta.url);

let dir: string;
let markers = 0;
const marker = () => join(dir, `marker-${++markers}`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-isolation-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await LocalDurableTestRunner.teardownTestEnvironment();
});
beforeEach(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));

const invocationErrors = (result: TestResult) => result.getInvocations().map((invocation) => invocation.error);
const originalExit = process.exit;

function expectGuardRemoved(): void {
  expect(process.exit).toBe(originalExit);
  expect(process.hasUncaughtExceptionCaptureCallback()).toBe(false);
}

describe("in process (handlerFunction)", () => {
  it("process.exit() inside a step fails the invocation as Runtime.ExitError; the next invocation completes", async () => {
    let exits = 0;
    let after = 0;
    const handler = durable(async (_event, context) => {
      const value = await context.step("work", async () => {
        if (exits++ === 0) {
          process.exit(3);
          after++; // never reached: exit does not return
        }
        return "done";
      });
      return { value };
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run();
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ value: "done" });
    expect(after).toBe(0);
    const [first, second] = invocationErrors(result);
    expect(result.getInvocations()).toHaveLength(2);
    expect(first).toEqual({
      errorType: RUNTIME_EXIT_ERROR_TYPE,
      errorMessage: `RequestId: ${result.getInvocations()[0]!.requestId} Error: Runtime exited with error: exit status 3`,
      errorData: undefined,
      stackTrace: undefined,
    });
    expect(second).toBeUndefined();
    // The exit ended the invocation before the SDK could record the step as failed.
    expect(result.getHistoryEvents().filter((event) => event.EventType === "StepFailed")).toEqual([]);
    expectGuardRemoved();
  });

  it("a handler that always exits fails the execution after the service's consecutive-error limit", async () => {
    const handler = durable(async (_event, context) => context.step("work", async () => process.exit()));
    const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(result.getStatus()).toBe("FAILED");
    expect(invocationErrors(result).map((error) => error?.errorType)).toEqual([RUNTIME_EXIT_ERROR_TYPE, RUNTIME_EXIT_ERROR_TYPE, RUNTIME_EXIT_ERROR_TYPE]);
    expect(result.getError().errorType).toBe(RUNTIME_EXIT_ERROR_TYPE);
    expect(result.getError().errorMessage).toMatch(/exit status 0$/);
    expectGuardRemoved();
  });

  it("an uncaught exception thrown from a timer inside a step fails the invocation with that error; the next one completes", async () => {
    let throws = 0;
    const handler = durable(async (_event, context) =>
      context.step("work", async () => {
        if (throws++ === 0) {
          await new Promise(() =>
            setTimeout(() => {
              throw new RangeError("thrown from a timer");
            }, 1),
          );
        }
        return "done";
      }),
    );
    const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toBe("done");
    const [first, second] = invocationErrors(result);
    expect(first?.errorType).toBe("RangeError");
    expect(first?.errorMessage).toBe("thrown from a timer");
    expect(first?.stackTrace?.length).toBeGreaterThan(0);
    expect(second).toBeUndefined();
    expectGuardRemoved();
  });

  it("a registered plain function that exits fails the chained invoke, not the test", async () => {
    const handler = durable(async (_event, context) => {
      try {
        return await context.invoke("quitter", {});
      } catch (error) {
        return { failed: (error as Error).message };
      }
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    runner.registerFunction("quitter", async () => process.exit(9));
    const result = await runner.run();
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ failed: expect.stringMatching(/Runtime exited with error: exit status 9$/) });
    expectGuardRemoved();
  });

  it("two runs at once: each exit ends only its own invocation", async () => {
    const make = (code: number) => {
      let exits = 0;
      return durable(async (_event, context) => {
        await context.wait("pause", { seconds: 1 });
        return context.step("work", async () => {
          if (exits++ === 0) process.exit(code);
          return code;
        });
      });
    };
    const [a, b] = await Promise.all([
      new LocalDurableTestRunner({ handlerFunction: make(5) }).run(),
      new LocalDurableTestRunner({ handlerFunction: make(6) }).run(),
    ]);
    expect([a.getResult(), b.getResult()]).toEqual([5, 6]);
    expect(invocationErrors(a).filter(Boolean).map((error) => error!.errorMessage)).toEqual([expect.stringMatching(/exit status 5$/)]);
    expect(invocationErrors(b).filter(Boolean).map((error) => error!.errorMessage)).toEqual([expect.stringMatching(/exit status 6$/)]);
    expectGuardRemoved();
  });
});

describe("in a worker thread per invocation (handlerModule)", () => {
  const runner = (exportName: string, resourceLimits?: { maxOldGenerationSizeMb: number }) =>
    new LocalDurableTestRunner({ handlerModule: { module: FIXTURES, exportName, preload: [TS_LOADER], resourceLimits } });

  it("process.exit() fails the invocation as Runtime.ExitError and the run completes", async () => {
    const result = await runner("exitsOnce").run({ payload: { marker: marker() } });
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ value: "done" });
    expect(invocationErrors(result).map((error) => error?.errorMessage)).toEqual([expect.stringMatching(/exit status 4$/), undefined]);
  }, 60_000);

  it("an uncaught exception fails the invocation with its error and the run completes", async () => {
    const result = await runner("throwsFromTimerOnce").run({ payload: { marker: marker() } });
    expect(result.getResult()).toBe("done");
    const [first, second] = invocationErrors(result);
    expect(first?.errorMessage).toBe("thrown from a timer");
    expect(second).toBeUndefined();
  }, 60_000);

  it("running out of memory fails the invocation as Runtime.OutOfMemory and the run completes", async () => {
    const result = await runner("runsOutOfMemoryOnce", { maxOldGenerationSizeMb: 48 }).run({ payload: { marker: marker() } });
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toBe("fed");
    const [first, second] = invocationErrors(result);
    expect(first?.errorType).toBe(RUNTIME_OUT_OF_MEMORY_ERROR_TYPE);
    expect(first?.errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/);
    expect(second).toBeUndefined();
  }, 60_000);

  it("checks the option", () => {
    const module = { module: FIXTURES };
    expect(() => new LocalDurableTestRunner({ handlerModule: module, handlerFunction: durable(async () => 1) } as never)).toThrow(TestRunnerUsageError);
    expect(() => new LocalDurableTestRunner({ handlerModule: { module: 42 } } as never)).toThrow(/module must be a file URL or an absolute path/);
    expect(() => new LocalDurableTestRunner({ handlerModule: { module: FIXTURES, exportName: "" } })).toThrow(/exportName/);
    expect(() => new LocalDurableTestRunner({ handlerModule: { module: FIXTURES, preload: "tsx" } } as never)).toThrow(/preload must be an array/);
    expect(() => new LocalDurableTestRunner({ handlerModule: { module: FIXTURES, memory: 1 } } as never)).toThrow(/unknown option "memory"/);
  });
});
