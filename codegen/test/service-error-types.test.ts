/**
 * Each ErrorType the local service records (`serviceErrorObjects:` in errors.yaml) is generated as a named
 * constant (`constant:`), which the error-object builders and the service's code use instead of the string.
 */
import { describe, expect, it } from "vitest";
import { emitServiceErrors } from "../src/emit/service-errors";
import { copySchema, expectLines, irOf, print, REAL_SCHEMA, realSchemaProblemsAfter } from "./helpers";

function problemsAfter(edit: (data: any) => void) {
  return realSchemaProblemsAfter("errors.yaml", edit);
}

describe("service ErrorType constants", () => {
  const out = print(emitServiceErrors(irOf(copySchema(REAL_SCHEMA)).ir));

  it("emits RUNTIME_EXIT_ERROR_TYPE and RUNTIME_OUT_OF_MEMORY_ERROR_TYPE, and the builders use them", () => {
    expectLines(out, 'export const RUNTIME_EXIT_ERROR_TYPE = "Runtime.ExitError" as const;');
    expectLines(out, 'export const RUNTIME_OUT_OF_MEMORY_ERROR_TYPE = "Runtime.OutOfMemory" as const;');
    expect(out).toContain("runtimeKilled: (requestId: string): ErrorObject => ({ ErrorType: RUNTIME_OUT_OF_MEMORY_ERROR_TYPE,");
    // The string itself is written once: in its constant.
    expect(out.match(/"Runtime\.ExitError"/g)).toHaveLength(1);
  });

  it("a missing constant, a badly named one and one used twice fail generation", () => {
    expect(problemsAfter((d) => delete d.serviceErrorObjects[0].constant)).toEqual([
      { file: "schema/errors.yaml", path: "serviceErrorObjects[0].constant", reason: expect.stringMatching(/required|expected string/i) },
    ]);
    expect(problemsAfter((d) => (d.serviceErrorObjects[0].constant = "CallbackTimeout"))).toEqual([
      { file: "schema/errors.yaml", path: "serviceErrorObjects[0].constant", reason: "must be an UPPER_SNAKE_CASE constant name ending in _ERROR_TYPE" },
    ]);
    expect(problemsAfter((d) => (d.serviceErrorObjects[1].constant = d.serviceErrorObjects[0].constant))).toEqual([
      { file: "schema/errors.yaml", path: "serviceErrorObjects[1].constant", reason: '"CALLBACK_TIMEOUT_ERROR_TYPE" already holds the ErrorType "Callback.Timeout"' },
    ]);
  });

  it("executionStatus gives EXECUTION_STATUS_ERROR_TYPES, an ExecutionStatus → ErrorType constant table", () => {
    expect(out).toContain("export const EXECUTION_STATUS_ERROR_TYPES: Readonly<Partial<Record<ExecutionStatus, string>>> = {");
    expectLines(out, "  TIMED_OUT: EXECUTION_TIMED_OUT_ERROR_TYPE,");
    expectLines(out, "  STOPPED: EXECUTION_STOPPED_ERROR_TYPE,");
    expectLines(out, 'import type { ExecutionStatus } from "./enums";');
  });

  it("an executionStatus that is not an ExecutionStatus, or a status given two ErrorTypes, fails generation", () => {
    // The problems of giving DurableExecution.Stopped's entry another executionStatus, and that entry's path.
    const stoppedFallsBackOn = (status: string) => {
      let index = -1;
      const problems = problemsAfter((d) => {
        index = d.serviceErrorObjects.findIndex((x: any) => x.constant === "EXECUTION_STOPPED_ERROR_TYPE");
        d.serviceErrorObjects[index].executionStatus = status;
      });
      return { problems, path: `serviceErrorObjects[${index}].executionStatus` };
    };
    const halted = stoppedFallsBackOn("HALTED");
    expect(halted.problems).toEqual([{ file: "schema/errors.yaml", path: halted.path, reason: '"HALTED" is not an ExecutionStatus (one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED)' }]);
    const twice = stoppedFallsBackOn("TIMED_OUT");
    expect(twice.problems).toEqual([{ file: "schema/errors.yaml", path: twice.path, reason: 'TIMED_OUT already falls back to the ErrorType "DurableExecution.TimedOut"' }]);
  });
});
