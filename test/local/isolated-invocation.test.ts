import { describe, expect, it } from "vitest";
import { InvalidParameterValueException, LocalDurableService, RUNTIME_EXIT_ERROR_TYPE } from "../../src/local/index.js";
import type { HistoryEvent } from "../../src/local/index.js";
import { toImportSpecifier } from "../../src/local/isolated-invocation.js";
import { eventTypes, T0 } from "./helpers.js";

const HANDLERS = new URL("./fixtures/isolated-handlers.mjs", import.meta.url);
const SDK_HANDLER = new URL("./fixtures/isolated-sdk-handler.ts", import.meta.url);
const TS_LOADER = new URL("../support/register-tsx.mjs", import.meta.url);

function isolated(exportName: string, options: { timeoutMs?: number; maxErrors?: number } = {}) {
  const svc = new LocalDurableService({ startTime: T0, maxConsecutiveInvocationErrors: options.maxErrors });
  svc.registerIsolatedFunction("fn", HANDLERS, { exportName, timeoutMs: options.timeoutMs });
  return svc;
}

function invocationErrors(events: HistoryEvent[]) {
  return events
    .filter((e) => e.EventType === "InvocationCompleted")
    .map((e) => e.InvocationCompletedDetails?.Error?.Payload);
}

/** Captures what this thread writes to stdout while `run` is running (`lines()` reads it so far). */
async function captureStdout<T>(run: (lines: () => string[]) => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const original = process.stdout.write;
  let text = "";
  const lines = () => text.split("\n").filter((line) => line !== "");
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stdout.write;
  try {
    const value = await run(lines);
    return { value, lines: lines() };
  } finally {
    process.stdout.write = original;
  }
}

describe("isolated functions (one worker thread per invocation)", () => {
  it("the Lambda context's done() fails the invocation with the same message in a worker and in process", async () => {
    const expected = "context.done() is not supported by the local durable service; return a promise instead";
    const inWorker = isolated("callsDone", { maxErrors: 1 });
    const inProcess = new LocalDurableService({ startTime: T0, maxConsecutiveInvocationErrors: 1 });
    inProcess.registerFunction("fn", async (_event: unknown, context: { done(error?: unknown, result?: unknown): void }) => {
      context.done(undefined, "finished");
      return { Status: "SUCCEEDED" };
    });
    for (const svc of [inWorker, inProcess]) {
      const arn = svc.startExecution({ functionName: "fn" });
      await svc.waitForCompletion(arn);
      expect(invocationErrors(svc.getHistory(arn)).map((e) => [e?.ErrorType, e?.ErrorMessage])).toEqual([["Error", expected]]);
      svc.close();
    }
  });

  it("turns a process exit into Runtime.ExitError and re-invokes the execution", async () => {
    const svc = isolated("crashOnce");
    const arn = svc.startExecution({ functionName: "fn", input: "hi" });
    const { value: done } = await captureStdout(() => svc.waitForCompletion(arn));
    expect(done.Status).toBe("SUCCEEDED");
    expect(done.Result).toBe('"recovered"');
    const events = svc.getHistory(arn);
    // The START checkpointed before the crash is recorded; the crash ends the first invocation.
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "StepStarted", "InvocationCompleted", "InvocationCompleted", "ExecutionSucceeded"]);
    const [crash, second] = invocationErrors(events);
    const requestId = events[2].InvocationCompletedDetails!.RequestId;
    expect(crash).toEqual({
      ErrorType: RUNTIME_EXIT_ERROR_TYPE,
      ErrorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 7`,
    });
    expect(second).toBeUndefined();
  });

  it("fails the execution after the consecutive-error limit when every invocation crashes", async () => {
    const svc = isolated("alwaysExit", { maxErrors: 2 });
    const arn = svc.startExecution({ functionName: "fn" });
    const done = await svc.waitForCompletion(arn);
    expect(done.Status).toBe("FAILED");
    expect(done.Error?.ErrorType).toBe(RUNTIME_EXIT_ERROR_TYPE);
    expect(done.Error?.ErrorMessage).toMatch(/exit status 3$/);
    expect(invocationErrors(svc.getHistory(arn)).map((e) => e?.ErrorType)).toEqual([RUNTIME_EXIT_ERROR_TYPE, RUNTIME_EXIT_ERROR_TYPE]);
  });

  it("reports a thrown error as the handler's error, not as a crash", async () => {
    const svc = isolated("throws", { maxErrors: 1 });
    const arn = svc.startExecution({ functionName: "fn" });
    await svc.waitForCompletion(arn);
    const [error] = invocationErrors(svc.getHistory(arn));
    expect(error?.ErrorType).toBe("HandlerBlewUp");
    expect(error?.ErrorMessage).toBe("handler blew up");
    expect(error?.StackTrace?.length).toBeGreaterThan(0);
  });

  it("forwards the worker's output to this process before the invocation completes", async () => {
    const svc = isolated("crashOnce");
    const arn = svc.startExecution({ functionName: "fn" });
    const linesAtCompletion: string[][] = [];
    const { lines } = await captureStdout((soFar) => {
      svc.onHistoryEvent((_arn, event) => {
        if (event.EventType === "InvocationCompleted") linesAtCompletion.push(soFar());
      });
      return svc.waitForCompletion(arn);
    });
    expect(lines).toEqual(["about to crash", "second invocation"]);
    expect(linesAtCompletion).toEqual([["about to crash"], ["about to crash", "second invocation"]]);
  });

  it("times out a handler that does not finish and terminates its worker", async () => {
    const svc = isolated("hangs", { timeoutMs: 200, maxErrors: 1 });
    const arn = svc.startExecution({ functionName: "fn" });
    const started = Date.now();
    const done = await svc.waitForCompletion(arn);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(done.Error).toEqual({ ErrorType: "Sandbox.Timedout", ErrorMessage: "Task timed out after 0.20 seconds" });
  });

  it("answers the worker's checkpoint calls with service errors the SDK can classify", async () => {
    const svc = isolated("badToken");
    const arn = svc.startExecution({ functionName: "fn" });
    const done = await svc.waitForCompletion(arn);
    expect(done.Error).toEqual({ ErrorType: "InvalidParameterValueException", ErrorMessage: "client 400 true" });
  });

  it("hands the worker the standard event, a working client and the Lambda context", async () => {
    const svc = isolated("describeInvocation");
    const arn = svc.startExecution({ functionName: "fn", input: { order: 7 } });
    const done = await svc.waitForCompletion(arn);
    const seen = JSON.parse(done.Result!);
    expect(seen).toMatchObject({
      tag: "[object DurableExecutionInvocationInputWithClient]",
      input: '{"order":7}',
      operationsFromState: 1,
      functionName: "fn",
    });
    expect(seen.requestId).toBe(svc.getHistory(arn)[1].InvocationCompletedDetails!.RequestId);
    expect(seen.remaining).toBeGreaterThan(50_000);
    expect(seen.remaining).toBeLessThanOrEqual(60_000);
  });

  it("runs an SDK handler written in TypeScript when a loader is preloaded", async () => {
    const svc = new LocalDurableService({ startTime: T0 });
    svc.registerIsolatedFunction("sdk", SDK_HANDLER, { preload: [TS_LOADER] });
    const arn = svc.startExecution({ functionName: "sdk", input: "hello" });
    const done = await svc.waitForCompletion(arn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result!)).toBe("hello on attempt 2");
    const events = svc.getHistory(arn);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "InvocationCompleted",
      "StepFailed",
      "InvocationCompleted",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[2].InvocationCompletedDetails?.Error?.Payload?.ErrorType).toBe(RUNTIME_EXIT_ERROR_TYPE);
    expect(events[3].StepFailedDetails?.Error.Payload?.ErrorType).toBe("StepInterruptedError");
  });

  it("reports a module without the export as an invocation error", async () => {
    const svc = isolated("noSuchExport", { maxErrors: 1 });
    const arn = svc.startExecution({ functionName: "fn" });
    const done = await svc.waitForCompletion(arn);
    expect(done.Error?.ErrorType).toBe("TypeError");
    expect(done.Error?.ErrorMessage).toContain('has no function export named "noSuchExport"');
  });

  it("validates the registration and accepts paths as well as URLs", () => {
    const svc = new LocalDurableService({ startTime: T0 });
    expect(() => svc.registerIsolatedFunction("fn", HANDLERS, { exportName: "" })).toThrow(InvalidParameterValueException);
    expect(toImportSpecifier("/tmp/handler.mjs")).toBe("file:///tmp/handler.mjs");
    expect(toImportSpecifier(HANDLERS)).toBe(HANDLERS.href);
    expect(toImportSpecifier("file:///x/y.mjs")).toBe("file:///x/y.mjs");
  });
});
