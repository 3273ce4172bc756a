/**
 * buildTestResult for a run that did not succeed and left no error of its own (an execution that timed
 * out, for instance): getError() and getResult() report the reference testing package's fallback text,
 * `Execution failed with status "<status>"` (its getErrorFromResult), now generated from errors.yaml.
 */
import { describe, expect, it } from "vitest";
import { ExecutionStatus } from "../../src/local/execution-record.js";
import { buildTestResult } from "../../src/testing/test-result.js";

const run = (status: ExecutionStatus, error?: { ErrorMessage?: string; ErrorType?: string }) =>
  buildTestResult({ status, result: undefined, error, events: [], historyEvents: () => [], operations: () => [] });

describe("a failed run without an error of its own", () => {
  it("getError() and getResult() name the status", () => {
    const result = run(ExecutionStatus.TIMED_OUT);
    expect(result.getError()).toEqual({ errorMessage: 'Execution failed with status "TIMED_OUT"', errorType: undefined, errorData: undefined, stackTrace: undefined });
    expect(() => result.getResult()).toThrow(new Error('Execution failed with status "TIMED_OUT"'));
  });

  it("an error with an empty message also falls back to the status (the error's own message otherwise)", () => {
    expect(() => run(ExecutionStatus.FAILED, { ErrorType: "Oops", ErrorMessage: "  " }).getResult()).toThrow(new Error('Execution failed with status "FAILED"'));
    expect(() => run(ExecutionStatus.FAILED, { ErrorType: "Oops", ErrorMessage: "kaput" }).getResult()).toThrow(new Error("kaput"));
  });
});
