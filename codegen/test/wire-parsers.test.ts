/**
 * Request-body checkers generated from schema/wire.yaml (field names, types, optionality) and enums.yaml
 * (enum values): the first wrong field is reported with its full path; null counts as absent.
 */
import { describe, expect, it } from "vitest";
import { wireErrorObjectProblem, wireOperationUpdateProblem } from "../../src/generated/wire-parsers";
import { OperationAction } from "../../src/generated/enums";
import { emitWireParsers } from "../src/emit/wire-parsers";
import { emitHistory } from "../src/emit/history";
import { copySchema, irOf, print, REAL_SCHEMA } from "./helpers";

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

describe("the parsers' and the history records' TSDoc", () => {
  it("take the article of the type's name (an ErrorObject, an ExecutionStarted event)", () => {
    const { ir, index } = irOf(copySchema(REAL_SCHEMA));
    const parsers = print(emitWireParsers(ir));
    expect(parsers).toContain(" * The first field of an ErrorObject in a request body");
    expect(parsers).toContain(" * The first field of a CallbackOptions in a request body");
    const history = print(emitHistory(ir, index));
    expect(history).toContain(" * Details of an ExecutionStarted event:");
    expect(history).toContain(" * Details of a StepSucceeded event:");
    expect(`${parsers}\n${history}`).not.toMatch(/ (of|Details of) a [AEIOU]/);
  });
});
