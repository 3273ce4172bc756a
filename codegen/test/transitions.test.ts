/**
 * schema/transitions.yaml: the status sets and the transition table are checked against the enums (a
 * typo or a missing (type, action) pair fails generation) and generated into enums.ts, where the runtime
 * and the local service read them.
 */
import { describe, expect, it } from "vitest";
import { OPERATION_TRANSITIONS, OperationTypeValidActions, TERMINAL_OPERATION_STATUSES, operationTransition } from "../../src/generated/index";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems } from "./helpers";

const FILE = "schema/transitions.yaml";
const problemsAfter = (edit: (d: any) => void) => {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, "transitions.yaml", edit);
  return schemaProblems(() => irOf(copy));
};

describe("transition table validation", () => {
  it("an unknown status in from/to or a status set", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[0].from = ["new", "REDY"];
        d.transitions[0].to = "START";
        d.statusSets[0].statuses.push("DONE");
      }),
    ).toEqual([
      { file: FILE, path: "statusSets[0].statuses[5]", reason: 'unknown OperationStatus "DONE"' },
      { file: FILE, path: "transitions[0].from[1]", reason: 'unknown status "REDY" (an OperationStatus, new or any)' },
      { file: FILE, path: "transitions[0].to", reason: 'unknown OperationStatus "START"' },
    ]);
  });

  it("an action the type does not accept, and the pair it leaves missing", () => {
    expect(problemsAfter((d) => (d.transitions[8].action = "RETRY"))).toEqual([
      { file: FILE, path: "transitions[8].action", reason: 'action "RETRY" is not valid for OperationType WAIT (enums.yaml validActions)' },
      { file: FILE, path: "transitions", reason: "missing transition WAIT CANCEL (valid by enums.yaml validActions)" },
    ]);
  });

  it("a duplicate row and an unknown key", () => {
    expect(
      problemsAfter((d) => {
        d.transitions.push({ ...d.transitions[0] });
      }),
    ).toEqual([{ file: FILE, path: "transitions[15]", reason: "duplicate transition STEP START" }]);
    expect(problemsAfter((d) => (d.transitions[0].form = ["new"]))).toEqual([{ file: FILE, path: "transitions[0]", reason: 'unknown key "form"' }]);
  });
});

describe("the generated table", () => {
  it("has exactly the valid actions of each operation type", () => {
    for (const [type, actions] of Object.entries(OperationTypeValidActions)) {
      expect(Object.keys(OPERATION_TRANSITIONS[type as keyof typeof OPERATION_TRANSITIONS]).sort()).toEqual([...actions].sort());
    }
  });

  it("looks rows up by type and action", () => {
    expect(operationTransition("CHAINED_INVOKE", "CANCEL")).toEqual({ from: ["STARTED"], to: "STOPPED", rule: "Cannot cancel a CHAINED_INVOKE that is not STARTED" });
    expect(operationTransition("STEP", "CANCEL")).toBeUndefined();
    expect(operationTransition(undefined, "START")).toBeUndefined();
    expect([...TERMINAL_OPERATION_STATUSES].sort()).toEqual(["CANCELLED", "FAILED", "STOPPED", "SUCCEEDED", "TIMED_OUT"]);
  });
});
