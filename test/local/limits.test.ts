/**
 * Service limits (issue 14, defect 8), enforced with the Lambda API's error shape
 * (InvalidParameterValueException, 400, naming the field and the limit): updates per checkpoint,
 * payload and result sizes, Duration bounds, name lengths. Each case was accepted before.
 */
import { describe, expect, it } from "vitest";
import {
  MAX_CALLBACK_RESULT_BYTES,
  MAX_CALLBACK_TIMEOUT_SECONDS,
  MAX_FUNCTION_NAME_LENGTH,
  MAX_OPERATION_ID_LENGTH,
  MAX_OPERATION_NAME_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_UPDATES_PER_CHECKPOINT,
  OperationStatus,
} from "../../src/generated/index.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";
import { MAX_DURATION_SECONDS } from "../../src/local/service-limits.js";
import { createHarness, expectInvalid, step } from "./helpers.js";

const starts = (n: number) => Array.from({ length: n }, (_, i) => step(`s${i}`, "START"));

describe("limits of CheckpointDurableExecution", () => {
  it("at most 250 updates per checkpoint: 251 (or 100 000) are refused before anything is applied", () => {
    const h = createHarness();
    expectInvalid(() => h.send(starts(MAX_UPDATES_PER_CHECKPOINT + 1)), /at most 250 updates \(got 251\)/);
    expectInvalid(() => h.send(starts(100_000)), /at most 250 updates \(got 100000\)/);
    // Nothing was applied, and the token is still valid: the full 250 go through.
    expect(h.store.getOperations(h.arn)).toHaveLength(1);
    expect(h.send(starts(MAX_UPDATES_PER_CHECKPOINT)).NewExecutionState!.Operations).toHaveLength(MAX_UPDATES_PER_CHECKPOINT);
  });

  it("a step payload over 6 MiB is refused; exactly 6 MiB is accepted", () => {
    const h = createHarness();
    const big = `"${"x".repeat(MAX_PAYLOAD_BYTES - 1)}"`; // 6 MiB + 1 byte of JSON
    expectInvalid(() => h.send([step("a", "START"), step("a", "SUCCEED", { Payload: big })]), /Payload of operation a has 6291457 bytes; at most 6291456/);
    expectInvalid(() => h.send([step("b", "SUCCEED", { Payload: "y".repeat(15 * 1024 * 1024) })]), /at most 6291456 \(6 MiB\)/);
    h.send([step("c", "SUCCEED", { Payload: "z".repeat(MAX_PAYLOAD_BYTES) })]);
    expect(h.store.getOperations(h.arn).find((op) => op.Id === "c")!.Status).toBe(OperationStatus.SUCCEEDED);
  });

  it("durations above 366 days are refused (WaitSeconds = 1e15 no longer gives a null end)", () => {
    const h = createHarness();
    const wait = (seconds: number) => ({ Id: "w", Type: "WAIT", SubType: "Wait", Action: "START", WaitOptions: { WaitSeconds: seconds } }) as never;
    expectInvalid(() => h.send([wait(1e15)]), /WaitOptions\.WaitSeconds of operation w is 1000000000000000 seconds; at most 31622400 \(366 days\) is allowed/);
    expectInvalid(() => h.send([step("r", "RETRY", { StepOptions: { NextAttemptDelaySeconds: MAX_DURATION_SECONDS + 1 } })]), /StepOptions\.NextAttemptDelaySeconds/);
    const callback = { Id: "c", Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: { TimeoutSeconds: 1e12 } } as never;
    expectInvalid(() => h.send([callback]), /CallbackOptions\.TimeoutSeconds of operation c is 1000000000000 seconds; at most 99999999 is/);
    h.send([wait(MAX_DURATION_SECONDS)]);
    const scheduled = h.store.getOperations(h.arn).find((op) => op.Id === "w")!.WaitDetails!.ScheduledEndTimestamp!;
    expect(+new Date(scheduled)).toBe(h.clock.now() + MAX_DURATION_SECONDS * 1000);
  });

  it("Id, ParentId and Name lengths", () => {
    const h = createHarness();
    expectInvalid(() => h.send([step("i".repeat(MAX_OPERATION_ID_LENGTH + 1), "START")]), /Id of operation i+ has 65 characters; at most 64/);
    expectInvalid(() => h.send([step("n", "START", { Name: "n".repeat(MAX_OPERATION_NAME_LENGTH + 1) })]), /Name of operation n has 257 characters; at most 256/);
    expectInvalid(() => h.send([step("p", "START", { ParentId: "p".repeat(65) })]), /ParentId of operation p has 65 characters/);
    h.send([step("i".repeat(MAX_OPERATION_ID_LENGTH), "START", { Name: "n".repeat(MAX_OPERATION_NAME_LENGTH) })]);
  });

  it("errors carry the Lambda API's shape: InvalidParameterValueException, HTTP 400", () => {
    const h = createHarness();
    try {
      h.send(starts(251));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: "InvalidParameterValueException", Type: "User", $metadata: { httpStatusCode: 400 } });
    }
  });
});

describe("limits checked against the Lambda API model (service-limits.ts cites the pages)", () => {
  const callback = (id: string, options: Record<string, number>) =>
    ({ Id: id, Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: options }) as never;

  it("callback timeouts go up to 99 999 999 s (API CallbackOptions), not 366 days", () => {
    const h = createHarness();
    h.send([callback("long", { TimeoutSeconds: MAX_DURATION_SECONDS + 1, HeartbeatTimeoutSeconds: MAX_CALLBACK_TIMEOUT_SECONDS })]);
    expect(h.store.getOperations(h.arn).find((op) => op.Id === "long")!.Status).toBe(OperationStatus.STARTED);
    expectInvalid(() => h.send([callback("over", { HeartbeatTimeoutSeconds: MAX_CALLBACK_TIMEOUT_SECONDS + 1 })]), /HeartbeatTimeoutSeconds of operation over is 100000000 seconds; at most 99999999/);
  });

  it("a chained invoke's FunctionName may be a 256-character ARN; 257 and a 257-character TenantId are refused", () => {
    const h = createHarness();
    const invoke = (id: string, options: Record<string, string>) =>
      ({ Id: id, Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Action: "START", ChainedInvokeOptions: options }) as never;
    h.send([invoke("ok", { FunctionName: "f".repeat(MAX_FUNCTION_NAME_LENGTH) })]);
    expectInvalid(() => h.send([invoke("long", { FunctionName: "f".repeat(257) })]), /ChainedInvokeOptions\.FunctionName of operation long has 257 characters; at most 256/);
    expectInvalid(() => h.send([invoke("tenant", { FunctionName: "f", TenantId: "t".repeat(257) })]), /ChainedInvokeOptions\.TenantId of operation tenant has 257 characters; at most 256/);
  });

  it("SendDurableExecutionCallbackSuccess takes a Result of at most 256 KiB", () => {
    const h = createHarness();
    h.send([callback("cb", {})]);
    const callbackId = h.store.getOperations(h.arn).find((op) => op.Id === "cb")!.CallbackDetails!.CallbackId!;
    expectInvalid(() => h.store.sendCallbackSuccess(callbackId, "x".repeat(MAX_CALLBACK_RESULT_BYTES + 1)), /262145 bytes; at most 262144 \(256 KiB\)/);
    expect(h.store.getOperations(h.arn).find((op) => op.Id === "cb")!.Status).toBe(OperationStatus.STARTED);
    h.store.sendCallbackSuccess(callbackId, new Uint8Array(MAX_CALLBACK_RESULT_BYTES).fill(0x61));
    expect(h.store.getOperations(h.arn).find((op) => op.Id === "cb")!.Status).toBe(OperationStatus.SUCCEEDED);
  });

  it("DurableExecutionName: 1 to 64 of a-z A-Z 0-9 - _ (API Invoke), with the field named", () => {
    const service = new LocalDurableService();
    service.registerFunction("fn", async () => ({ Status: "SUCCEEDED" }) as never);
    for (const bad of ["", "n".repeat(65), "has space", "dot.ted", "a/b"]) {
      expect(() => service.startExecution({ functionName: "fn", executionName: bad })).toThrow(/DurableExecutionName must be 1 to 64 characters of a-z, A-Z, 0-9, '-' and '_'/);
    }
    expect(service.startExecution({ functionName: "fn", executionName: `ok_${"n".repeat(61)}` })).toMatch(/durable-execution\/ok_n+\//);
  });
});

describe("result size", () => {
  it("a handler result over 6 MiB fails the invocation with Function.ResponseSizeTooLarge", () => {
    const h = createHarness();
    h.store.completeInvocation(h.record, { kind: "returned", output: { Status: "SUCCEEDED", Result: `"${"r".repeat(MAX_PAYLOAD_BYTES)}"` } });
    const completed = h.events().filter((e) => e.EventType === "InvocationCompleted").at(-1)!;
    expect(completed.InvocationCompletedDetails!.Error!.Payload).toEqual({
      ErrorType: "Function.ResponseSizeTooLarge",
      ErrorMessage: `Response payload size (${MAX_PAYLOAD_BYTES + 2} bytes) exceeded maximum allowed payload size (6291456 bytes). Checkpoint a large result instead of returning it (the SDK does this for a result above 6291406 bytes).`,
    });
    expect(h.record.isRunning).toBe(true);
  });
});
