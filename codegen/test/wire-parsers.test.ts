/**
 * Request-body checkers generated from schema/wire.yaml (field names, types, optionality) and enums.yaml
 * (enum values): the first wrong field is reported with its full path; null counts as absent.
 */
import { describe, expect, it } from "vitest";
import { wireErrorObjectProblem, wireOperationUpdateProblem } from "../../src/generated/wire-parsers";
import { OperationAction } from "../../src/generated/enums";

describe("generated wire checkers", () => {
  it("accept a well-formed update, with null for absent members", () => {
    const update = { Id: "1", Type: "STEP", Action: "RETRY", Name: null, Error: { ErrorMessage: "x", StackTrace: ["a"] }, StepOptions: { NextAttemptDelaySeconds: 5 } };
    expect(wireOperationUpdateProblem(update, "Updates[0]")).toBeUndefined();
  });

  it("accept every OperationAction of enums.yaml and reject another value", () => {
    for (const action of Object.values(OperationAction)) expect(wireOperationUpdateProblem({ Action: action }, "u")).toBeUndefined();
    expect(wireOperationUpdateProblem({ Action: "FINISH" }, "u")).toEqual({ field: "u.Action", expected: "one of CANCEL, FAIL, RETRY, START, SUCCEED", got: '"FINISH"' });
    expect(wireOperationUpdateProblem({ Type: 7 }, "u")).toEqual({ field: "u.Type", expected: "a string", got: "number" });
  });

  it("name the nested field precisely", () => {
    expect(wireOperationUpdateProblem({ CallbackOptions: { HeartbeatTimeoutSeconds: 1.5 } }, "Updates[3]")).toEqual({
      field: "Updates[3].CallbackOptions.HeartbeatTimeoutSeconds",
      expected: "an integer",
      got: "number",
    });
    expect(wireOperationUpdateProblem({ ChainedInvokeOptions: "fn" }, "u")).toEqual({ field: "u.ChainedInvokeOptions", expected: "a ChainedInvokeOptions (a JSON object)", got: "string" });
    expect(wireErrorObjectProblem({ StackTrace: ["a", 2] }, "Error")).toEqual({ field: "Error.StackTrace", expected: "a list of strings", got: "array" });
  });
});
