/**
 * schema/transitions.yaml: the status sets and the transition table are checked against the enums (a
 * typo or a missing (type, action) pair fails generation) and generated into enums.ts, where the runtime
 * and the local service read them; so is the action that starts an operation (`startAction`).
 */
import { describe, expect, it } from "vitest";
import { CHAINED_INVOKE_DONE_STATUSES, CHAINED_INVOKE_SUCCEEDED_STATUS, EVENT_OPERATION_STATUS, STEP_RETRY_STATUS, WAIT_ELAPSED_STATUS, OPERATION_START_ACTION, OPERATION_TRANSITIONS, OperationTypeValidActions, SERVICE_TRANSITIONS, TERMINAL_OPERATION_STATUSES, operationTransition } from "../../src/generated/index";
import { emitEnums } from "../src/emit/enums";
import { copySchema, editYaml, expectLines, irOf, print, REAL_SCHEMA, realSchemaProblemsAfter, schemaProblems } from "./helpers";

const FILE = "schema/transitions.yaml";
const problemsAfter = (edit: (d: any) => void) => realSchemaProblemsAfter("transitions.yaml", edit);

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
        const { toConstant: _named, ...row } = d.transitions[0];
        d.transitions.push(row);
      }),
    ).toEqual([{ file: FILE, path: "transitions[15]", reason: "duplicate transition STEP START" }]);
    expect(problemsAfter((d) => (d.transitions[0].form = ["new"]))).toEqual([{ file: FILE, path: "transitions[0]", reason: 'unknown key "form"' }]);
  });
});

describe("status constants of the table (toConstant)", () => {
  it("hold the `to` of their row, which the runtime compares a stored status with", () => {
    expect(STEP_RETRY_STATUS).toBe(OPERATION_TRANSITIONS.STEP.RETRY.to);
    expect(STEP_RETRY_STATUS).toBe("PENDING");
    expect(WAIT_ELAPSED_STATUS).toBe(SERVICE_TRANSITIONS.waitElapsed.to);
    expect(CHAINED_INVOKE_SUCCEEDED_STATUS).toBe(SERVICE_TRANSITIONS.chainedInvokeSucceeded.to);
  });

  it("follow the row when the schema changes", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "transitions.yaml", (d: any) => {
      const row = d.transitions.find((t: any) => t.toConstant === "STEP_RETRY_STATUS");
      row.to = "READY";
    });
    const { ir } = irOf(copy);
    expect(ir.protocol!.transitions.find((t) => t.toConstant === "STEP_RETRY_STATUS")!.to).toBe("READY");
  });

  it("a badly named constant, one named twice and one that takes a status set's name fail generation", () => {
    expect(problemsAfter((d) => (d.transitions[0].toConstant = "StepStarted"))).toEqual([
      { file: FILE, path: "transitions[0].toConstant", reason: "must be an UPPER_SNAKE_CASE constant name ending in _STATUS" },
    ]);
    expect(problemsAfter((d) => (d.transitions[1].toConstant = d.transitions[0].toConstant))).toEqual([
      { file: FILE, path: "transitions[1].toConstant", reason: '"STEP_STARTED_STATUS" is already declared by transitions[0]' },
    ]);
    const last = (d: any) => d.serviceTransitions.length - 1;
    let at = -1;
    expect(
      problemsAfter((d) => {
        at = last(d);
        d.serviceTransitions[at].toConstant = "ACTIVE_STEP_STATUS";
        d.statusSets.push({ name: "ACTIVE_STEP_STATUS", summary: "Clash.", statuses: ["STARTED"] });
      }),
    ).toEqual([{ file: FILE, path: `serviceTransitions[${at}].toConstant`, reason: `"ACTIVE_STEP_STATUS" is already declared by statusSets[8]` }]);
  });

  it("one that takes any other generated name (here a limit's) fails generation, naming both modules", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d: any) => d.limits.push({ name: "STEP_RETRY_STATUS", value: 1, summary: "Clash.", source: "this test" }));
    expect(() => irOf(copy)).toThrow("generated name STEP_RETRY_STATUS is declared twice (in ./types and ./enums)");
  });

  it("a name that a shared checkpoint section generates is claimed once, yet a clash with another entry still fails", () => {
    expect(() => irOf(copySchema(REAL_SCHEMA))).not.toThrow();
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "types.yaml", (d: any) => d.types.push({ name: "PromiseCombinatorSucceedFields", summary: "Clash.", alias: "string" }));
    expect(() => irOf(copy)).toThrow("generated name PromiseCombinatorSucceedFields is declared twice (in ./types and ./updates)");
  });
});

describe("the generated table", () => {
  it("has exactly the valid actions of each operation type", () => {
    for (const [type, actions] of Object.entries(OperationTypeValidActions)) {
      expect(Object.keys(OPERATION_TRANSITIONS[type as keyof typeof OPERATION_TRANSITIONS]).sort()).toEqual([...actions].sort());
    }
  });

  it("looks rows up by type and action", () => {
    expect(operationTransition("CHAINED_INVOKE", "CANCEL")).toEqual({ from: ["STARTED"], to: "STOPPED", rule: "Cannot cancel a CHAINED_INVOKE that is not STARTED", event: "ChainedInvokeStopped" });
    expect(operationTransition("STEP", "CANCEL")).toBeUndefined();
    expect(operationTransition(undefined, "START")).toBeUndefined();
    expect([...TERMINAL_OPERATION_STATUSES].sort()).toEqual(["CANCELLED", "FAILED", "STOPPED", "SUCCEEDED", "TIMED_OUT"]);
  });
});

describe("the events and batch rule of checkpoint transitions", () => {
  it("are in the generated table the local service applies", () => {
    expect(OPERATION_TRANSITIONS.STEP.RETRY).toEqual({
      from: ["new", "STARTED", "READY"],
      to: "PENDING",
      rule: "Invalid current STEP state to retry",
      event: "StepSucceeded",
      errorEvent: "StepFailed",
      afterStartInBatch: true,
      options: { field: "StepOptions", required: "stepRetryWithoutOptions", checks: [{ field: "NextAttemptDelaySeconds", type: "number", min: 0, invalid: "negativeSeconds" }] },
    });
    // No event: the history format has no CallbackCancelled; an EXECUTION update's event comes with the outcome.
    expect("event" in OPERATION_TRANSITIONS.CALLBACK.CANCEL).toBe(false);
    expect("event" in OPERATION_TRANSITIONS.EXECUTION.SUCCEED).toBe(false);
    const following = Object.entries(OPERATION_TRANSITIONS).flatMap(([type, rows]) =>
      Object.entries(rows)
        .filter(([, row]) => "afterStartInBatch" in row)
        .map(([action]) => `${type} ${action}`),
    );
    expect(following).toEqual(["STEP RETRY", "STEP SUCCEED", "STEP FAIL", "CONTEXT SUCCEED", "CONTEXT FAIL"]);
  });

  it("an event of another type or status, an unknown one, and misplaced keys fail generation", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[2].event = "StepFailed"; // STEP SUCCEED
        d.transitions[4].event = "StepStarted"; // CONTEXT START
        d.transitions[7].event = "WaitBegan"; // WAIT START
        d.transitions[0].afterStartInBatch = true; // STEP START
        delete d.transitions[10].event; // CALLBACK CANCEL has none
        d.transitions[10].errorEvent = "CallbackFailed";
      }),
    ).toEqual([
      { file: FILE, path: "transitions[0].afterStartInBatch", reason: "a START cannot follow a START of the same operation" },
      { file: FILE, path: "transitions[10].errorEvent", reason: "needs `event` (the event recorded when the update carries no Error)" },
      { file: FILE, path: "transitions[2].event", reason: "STEP SUCCEED leaves SUCCEEDED, which history.yaml records as StepSucceeded, not StepFailed" },
      { file: FILE, path: "transitions[4].event", reason: "StepStarted records STEP (history.yaml), not CONTEXT" },
      { file: FILE, path: "transitions[7].event", reason: 'unknown EventType "WaitBegan"' },
    ]);
  });
});

describe("the start action (startAction)", () => {
  it("is generated as OPERATION_START_ACTION, typed as its OperationAction member and written as a literal (a member read would keep OperationAction in every bundle)", () => {
    expect(OPERATION_START_ACTION).toBe("START");
    const text = print(emitEnums(irOf(copySchema(REAL_SCHEMA)).ir), "enums.ts");
    expectLines(text, 'export const OPERATION_START_ACTION: typeof OperationAction.START = "START";');
  });

  it("is required, and a misspelt key fails generation", () => {
    expect(problemsAfter((d) => delete d.startAction)).toEqual([{ file: FILE, path: "startAction", reason: "missing required field" }]);
    expect(
      problemsAfter((d) => {
        d.startActoin = d.startAction;
        delete d.startAction;
      }),
    ).toEqual([
      { file: FILE, path: "startAction", reason: "missing required field" },
      { file: FILE, path: "", reason: 'unknown key "startActoin"' },
    ]);
  });

  it("must be an OperationAction that every type of stored operations has a row for", () => {
    expect(problemsAfter((d) => (d.startAction = "STRAT"))).toEqual([{ file: FILE, path: "startAction", reason: 'unknown OperationAction "STRAT"' }]);
    // SUCCEED: EXECUTION has its row, but not WAIT, CALLBACK or CHAINED_INVOKE; and a STEP or CONTEXT SUCCEED
    // row that may follow the start would follow itself.
    expect(problemsAfter((d) => (d.startAction = "SUCCEED"))).toEqual([
      { file: FILE, path: "transitions[2].afterStartInBatch", reason: "a SUCCEED cannot follow a SUCCEED of the same operation" },
      { file: FILE, path: "transitions[5].afterStartInBatch", reason: "a SUCCEED cannot follow a SUCCEED of the same operation" },
      { file: FILE, path: "startAction", reason: "OperationType CALLBACK has no SUCCEED transition: the service creates its operations in the status that row leaves (or flag the type noStoredOperation in enums.yaml)" },
      { file: FILE, path: "startAction", reason: "OperationType CHAINED_INVOKE has no SUCCEED transition: the service creates its operations in the status that row leaves (or flag the type noStoredOperation in enums.yaml)" },
      { file: FILE, path: "startAction", reason: "OperationType WAIT has no SUCCEED transition: the service creates its operations in the status that row leaves (or flag the type noStoredOperation in enums.yaml)" },
    ]);
  });
});

describe("service transitions and the operation each history event records", () => {
  it("are generated as tables the local service reads", () => {
    expect(SERVICE_TRANSITIONS.waitElapsed).toEqual({ type: "WAIT", from: ["STARTED"], to: "SUCCEEDED", event: "WaitSucceeded" });
    expect(SERVICE_TRANSITIONS.retryDue).toEqual({ type: "STEP", from: ["PENDING"], to: "READY" });
    expect(EVENT_OPERATION_STATUS.CallbackTimedOut).toEqual({ type: "CALLBACK", status: "TIMED_OUT" });
    expect("InvocationCompleted" in EVENT_OPERATION_STATUS).toBe(false);
  });

  it("every way a chained invoke can end has its transition and event (the local service looks them up by status)", () => {
    for (const status of CHAINED_INVOKE_DONE_STATUSES) {
      const t = Object.values(SERVICE_TRANSITIONS).find((x) => x.type === "CHAINED_INVOKE" && x.to === status);
      expect(t && "event" in t ? t.event : undefined, status).toBe(`ChainedInvoke${status === "TIMED_OUT" ? "TimedOut" : status.charAt(0) + status.slice(1).toLowerCase()}`);
    }
  });

  it("an unknown type or status, and a duplicate name, fail generation with their paths", () => {
    expect(
      problemsAfter((d) => {
        d.serviceTransitions[0].type = "WAITS";
        d.serviceTransitions[1].from = ["PENDNG"];
        d.serviceTransitions[2].to = "EXPIRED";
        d.serviceTransitions[3].name = d.serviceTransitions[4].name;
      }),
    ).toEqual([
      { file: FILE, path: "serviceTransitions[0].type", reason: 'unknown OperationType "WAITS"' },
      { file: FILE, path: "serviceTransitions[1].from[0]", reason: 'unknown OperationStatus "PENDNG"' },
      { file: FILE, path: "serviceTransitions[2].to", reason: 'unknown OperationStatus "EXPIRED"' },
      { file: FILE, path: "serviceTransitions[4].name", reason: 'duplicate service transition "callbackFailed"' },
      // The events' cross-check sees the changed type and status too.
      { file: FILE, path: "serviceTransitions[0].event", reason: "WaitSucceeded records WAIT SUCCEEDED (history.yaml), not WAITS SUCCEEDED" },
      { file: FILE, path: "serviceTransitions[2].event", reason: "CallbackTimedOut records CALLBACK TIMED_OUT (history.yaml), not CALLBACK EXPIRED" },
    ]);
  });

  it("a transition's event must record the same type and status in history.yaml", () => {
    expect(problemsAfter((d) => (d.serviceTransitions[0].event = "WaitCancelled"))).toEqual([
      { file: FILE, path: "serviceTransitions[0].event", reason: "WaitCancelled records WAIT CANCELLED (history.yaml), not WAIT SUCCEEDED" },
    ]);
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "history.yaml", (d) => (d.events.find((e: { type: string }) => e.type === "StepSucceeded").operation.status = "SUCCEDED"));
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: "schema/history.yaml", path: "events[12].operation.status", reason: expect.stringContaining('unknown OperationStatus "SUCCEDED"') },
    ]);
  });
});
