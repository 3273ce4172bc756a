/**
 * Service limits (issue 14, defect 8), enforced with the Lambda API's error shape
 * (InvalidParameterValueException, 400, naming the field and the limit): updates per checkpoint,
 * payload and result sizes, Duration bounds, name lengths. Each case was accepted before.
 */
import { describe, expect, it } from "vitest";
import { OperationStatus } from "../../src/generated/index.js";
import {
  MAX_DURATION_SECONDS,
  MAX_OPERATION_ID_LENGTH,
  MAX_OPERATION_NAME_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_UPDATES_PER_CHECKPOINT,
} from "../../src/local/service-limits.js";
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
    expectInvalid(() => h.send([wait(1e15)]), /WaitOptions\.WaitSeconds of operation w is 1000000000000000 seconds; at most 31622400/);
    expectInvalid(() => h.send([step("r", "RETRY", { StepOptions: { NextAttemptDelaySeconds: MAX_DURATION_SECONDS + 1 } })]), /StepOptions\.NextAttemptDelaySeconds/);
    const callback = { Id: "c", Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: { TimeoutSeconds: 1e12 } } as never;
    expectInvalid(() => h.send([callback]), /CallbackOptions\.TimeoutSeconds/);
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

describe("result size", () => {
  it("a handler result over 6 MiB fails the invocation with Function.ResponseSizeTooLarge", () => {
    const h = createHarness();
    h.store.completeInvocation(h.record, { kind: "returned", output: { Status: "SUCCEEDED", Result: `"${"r".repeat(MAX_PAYLOAD_BYTES)}"` } });
    const completed = h.events().filter((e) => e.EventType === "InvocationCompleted").at(-1)!;
    expect(completed.InvocationCompletedDetails!.Error!.Payload).toMatchObject({ ErrorType: "Function.ResponseSizeTooLarge" });
    expect(h.record.isRunning).toBe(true);
  });
});
