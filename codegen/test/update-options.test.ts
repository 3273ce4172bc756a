/**
 * schema/transitions.yaml `options`: the options a checkpoint update carries (STEP RETRY's StepOptions, the
 * START options of WAIT, CALLBACK and CHAINED_INVOKE), which fields of them the local service checks, their
 * bounds and the messages it refuses them with. The meta-schema rejects unknown keys and wrong values; the IR
 * checks the fields against the wire types and the messages against `refusedWith`'s; the generated table
 * carries them, typed, for src/local/validate-checkpoint.ts. The batch rules by operation type (EXECUTION once
 * and last, a ParentId naming a CONTEXT, an EXECUTION update referring to no stored operation) are OperationType
 * flags of enums.yaml, checked like every flag.
 */
import { describe, expect, it } from "vitest";
import { LAST_IN_CHECKPOINT_OPERATION_TYPES, NO_STORED_OPERATION_TYPES, OPERATION_TRANSITIONS, PARENT_OPERATION_TYPES } from "../../src/generated/index";
import { emitEnums } from "../src/emit/enums";
import { copySchema, editYaml, expectLines, irOf, print, readYaml, REAL_SCHEMA, schemaProblems } from "./helpers";

const FILE = "schema/transitions.yaml";
/** Rows of the real table: STEP RETRY, WAIT START, CALLBACK START, CHAINED_INVOKE START. */
const STEP_RETRY = 1;
const WAIT_START = 7;
const CALLBACK_START = 9;
const INVOKE_START = 11;

const problemsAfter = (edit: (d: any) => void, file = "transitions.yaml") => {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, file, edit);
  return schemaProblems(() => irOf(copy));
};

describe("transition options: the meta-schema", () => {
  it("the rows indexed here are the ones with options", () => {
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const rows = ir.protocol!.transitions;
    expect([STEP_RETRY, WAIT_START, CALLBACK_START, INVOKE_START].map((i) => `${rows[i]!.type} ${rows[i]!.action} ${rows[i]!.options?.field}`)).toEqual([
      "STEP RETRY StepOptions",
      "WAIT START WaitOptions",
      "CALLBACK START CallbackOptions",
      "CHAINED_INVOKE START ChainedInvokeOptions",
    ]);
    expect(rows.filter((t) => t.options)).toHaveLength(4);
  });

  it("a misspelt key of the options or of a check fails generation", () => {
    expect(problemsAfter((d) => (d.transitions[STEP_RETRY].options.requierd = d.transitions[STEP_RETRY].options.required))).toEqual([
      { file: FILE, path: `transitions[${STEP_RETRY}].options`, reason: 'unknown key "requierd"' },
    ]);
    expect(problemsAfter((d) => (d.transitions[WAIT_START].options.checks[0].minimum = 0))).toEqual([
      { file: FILE, path: `transitions[${WAIT_START}].options.checks[0]`, reason: 'unknown key "minimum"' },
    ]);
    expect(problemsAfter((d) => (d.refusedwith = "InvalidParameterValueException"))).toEqual([{ file: FILE, path: "", reason: 'unknown key "refusedwith"' }]);
  });

  it("a wrong value fails generation: a type other than number or string, a bound that is not a number, no checks", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[WAIT_START].options.checks[0].type = "integer";
        d.transitions[CALLBACK_START].options.checks[1].min = "0";
        d.transitions[INVOKE_START].options.checks = [];
        d.transitions[STEP_RETRY].options.field = "Step Options";
      }),
    ).toEqual([
      { file: FILE, path: `transitions[${STEP_RETRY}].options.field`, reason: "must be a TypeScript identifier" },
      { file: FILE, path: `transitions[${WAIT_START}].options.checks[0].type`, reason: 'Invalid option: expected one of "number"|"string"' },
      { file: FILE, path: `transitions[${CALLBACK_START}].options.checks[1].min`, reason: expect.stringContaining("expected number") },
      { file: FILE, path: `transitions[${INVOKE_START}].options.checks`, reason: expect.stringContaining(">=1") },
    ]);
  });

  it("a check names exactly one message: `required` or `invalid`", () => {
    expect(problemsAfter((d) => (d.transitions[WAIT_START].options.checks[0].invalid = "negativeSeconds"))).toEqual([
      { file: FILE, path: `transitions[${WAIT_START}].options.checks[0]`, reason: "give exactly one of `required` and `invalid`" },
    ]);
    expect(problemsAfter((d) => delete d.transitions[CALLBACK_START].options.checks[0].invalid)).toEqual([
      { file: FILE, path: `transitions[${CALLBACK_START}].options.checks[0]`, reason: "give exactly one of `required` and `invalid`" },
    ]);
  });
});

describe("transition options: checked against the wire types and the messages", () => {
  it("an options field that is not a record of OperationUpdate, or a checked field not in it, fails generation", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[STEP_RETRY].options.field = "StepOption";
        d.transitions[WAIT_START].options.field = "Payload";
        d.transitions[CALLBACK_START].options.checks[1].field = "HeartbeatSeconds";
        d.transitions[INVOKE_START].options.checks.push({ ...d.transitions[INVOKE_START].options.checks[0] });
      }),
    ).toEqual([
      { file: FILE, path: `transitions[${STEP_RETRY}].options.field`, reason: 'unknown OperationUpdate field "StepOption"' },
      { file: FILE, path: `transitions[${WAIT_START}].options.field`, reason: "OperationUpdate.Payload is a string, not a record of wire fields" },
      {
        file: FILE,
        path: `transitions[${CALLBACK_START}].options.checks[1].field`,
        reason: 'unknown CallbackOptions field "HeartbeatSeconds" (one of TimeoutSeconds, HeartbeatTimeoutSeconds)',
      },
      { file: FILE, path: `transitions[${INVOKE_START}].options.checks[1].field`, reason: '"FunctionName" is checked twice' },
    ]);
  });

  it("a check's type must be the field's wire type, and a string's least length a whole number", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[WAIT_START].options.checks[0].type = "string";
        d.transitions[INVOKE_START].options.checks[0].min = 0.5;
      }),
    ).toEqual([
      { file: FILE, path: `transitions[${WAIT_START}].options.checks[0].type`, reason: "WaitOptions.WaitSeconds is a number on the wire, not a string" },
      { file: FILE, path: `transitions[${INVOKE_START}].options.checks[0].min`, reason: "a string's least length is a whole number, 0 or more" },
    ]);
  });

  it("a message must be one of refusedWith's, taking the params the validator passes", () => {
    expect(
      problemsAfter((d) => {
        d.transitions[STEP_RETRY].options.required = "stepRetryWithoutOption";
        d.transitions[WAIT_START].options.checks[0].required = "negativeSeconds";
        d.transitions[CALLBACK_START].options.checks[0].invalid = "waitStartWithoutSeconds";
      }),
    ).toEqual([
      { file: FILE, path: `transitions[${STEP_RETRY}].options.required`, reason: 'unknown message "stepRetryWithoutOption" of InvalidParameterValueException (errors.yaml)' },
      { file: FILE, path: `transitions[${WAIT_START}].options.checks[0].required`, reason: "InvalidParameterValueException.negativeSeconds takes (field, id); this message is given (id)" },
      {
        file: FILE,
        path: `transitions[${CALLBACK_START}].options.checks[0].invalid`,
        reason: "InvalidParameterValueException.waitStartWithoutSeconds takes (id); this message is given (field, id)",
      },
    ]);
  });

  it("options need refusedWith, naming a service exception", () => {
    expect(problemsAfter((d) => delete d.refusedWith)).toEqual([
      { file: FILE, path: "refusedWith", reason: "missing: transitions with `options` name messages of the service exception given here" },
    ]);
    expect(problemsAfter((d) => (d.refusedWith = "InvalidParameterException"))).toEqual([
      { file: FILE, path: "refusedWith", reason: expect.stringMatching(/^unknown service exception "InvalidParameterException" \(one of .*InvalidParameterValueException/) },
    ]);
  });
});

describe("transition options: the generated table", () => {
  it("carries each row's options, in the schema's order", () => {
    expect(OPERATION_TRANSITIONS.STEP.RETRY.options).toEqual({
      field: "StepOptions",
      required: "stepRetryWithoutOptions",
      checks: [{ field: "NextAttemptDelaySeconds", type: "number", min: 0, invalid: "negativeSeconds" }],
    });
    expect(OPERATION_TRANSITIONS.CALLBACK.START.options.checks.map((c) => c.field)).toEqual(["TimeoutSeconds", "HeartbeatTimeoutSeconds"]);
    expect(OPERATION_TRANSITIONS.CHAINED_INVOKE.START.options.checks).toEqual([{ field: "FunctionName", type: "string", min: 1, required: "invokeStartWithoutFunction" }]);
    expect("options" in OPERATION_TRANSITIONS.WAIT.CANCEL).toBe(false);
  });

  it("types each message name as the union of the names the table uses, so tsc checks the validator's calls", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "transitions.yaml", (d) => {
      d.transitions[CALLBACK_START].options.checks[0] = { field: "TimeoutSeconds", type: "number", min: 1, required: "stepRetryWithoutOptions" };
      delete d.transitions[STEP_RETRY].options.required;
    });
    const text = print(emitEnums(irOf(copy).ir), "enums.ts");
    expectLines(text, '  readonly required?: "waitStartWithoutSeconds" | "stepRetryWithoutOptions" | "invokeStartWithoutFunction";');
    // No row requires its options object any more: nothing may be named there.
    expectLines(text, "  readonly required?: never;");
    expect(text).toContain('checks: [{ field: "TimeoutSeconds", type: "number", min: 1, required: "stepRetryWithoutOptions" }, { field: "HeartbeatTimeoutSeconds"');
  });

  it("leaves the options out of the row type when no row has any", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "transitions.yaml", (d) => d.transitions.forEach((t: any) => delete t.options));
    const text = print(emitEnums(irOf(copy).ir), "enums.ts");
    expect(text).not.toContain("UpdateOptionsRule");
    expect(text).not.toContain("options:");
  });
});

describe("the batch rules by operation type (OperationType flags)", () => {
  it("are generated as sets: EXECUTION comes once and last, a ParentId names a CONTEXT", () => {
    expect([...LAST_IN_CHECKPOINT_OPERATION_TYPES]).toEqual(["EXECUTION"]);
    expect([...PARENT_OPERATION_TYPES]).toEqual(["CONTEXT"]);
  });

  it("a misspelt flag on an OperationType fails generation", () => {
    expect(
      problemsAfter((d) => {
        const execution = d.enums[0].values.find((v: { name: string }) => v.name === "EXECUTION");
        execution.flags = ["lastInBatch"];
      }, "enums.yaml"),
    ).toEqual([
      {
        file: "schema/enums.yaml",
        path: expect.stringMatching(/^enums\[0\]\.values\[\d+\]\.flags\[0\]$/),
        reason: 'unknown flag "lastInBatch" on OperationType.EXECUTION: enum OperationType declares "completedOutside", "lastInCheckpoint", "parent", "noStoredOperation"',
      },
      // And the rules are then carried by no type at all: that fails too, instead of emitting empty sets.
      {
        file: "schema/enums.yaml",
        path: "enums[0].flags[1]",
        reason: 'flag "lastInCheckpoint" is carried by no value of OperationType (add "flags: [lastInCheckpoint]" to the values it holds for)',
      },
      {
        file: "schema/enums.yaml",
        path: "enums[0].flags[3]",
        reason: 'flag "noStoredOperation" is carried by no value of OperationType (add "flags: [noStoredOperation]" to the values it holds for)',
      },
      // EXECUTION, no longer flagged noStoredOperation, would be created as an operation: it has no START row.
      { file: FILE, path: "startAction", reason: expect.stringMatching(/^OperationType EXECUTION has no START transition/) },
    ]);
  });
});

describe("an update that refers to no stored operation (the OperationType flag noStoredOperation)", () => {
  const flagOf = (d: any, type: string): { flags?: string[] } => d.enums[0].values.find((v: { name: string }) => v.name === type);

  it("is generated as NO_STORED_OPERATION_TYPES: EXECUTION, whose Id the local service does not look up", () => {
    expect([...NO_STORED_OPERATION_TYPES]).toEqual(["EXECUTION"]);
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    expect(ir.enums[0]!.flags.find((f) => f.name === "noStoredOperation")).toMatchObject({ setName: "NO_STORED_OPERATION_TYPES", values: ["EXECUTION"] });
  });

  it("a misspelt flag fails generation, naming the declared flags", () => {
    expect(
      problemsAfter((d) => {
        flagOf(d, "EXECUTION").flags = ["lastInCheckpoint", "noStoredOperations"];
      }, "enums.yaml"),
    ).toEqual([
      {
        file: "schema/enums.yaml",
        path: expect.stringMatching(/^enums\[0\]\.values\[\d+\]\.flags\[1\]$/),
        reason: 'unknown flag "noStoredOperations" on OperationType.EXECUTION: enum OperationType declares "completedOutside", "lastInCheckpoint", "parent", "noStoredOperation"',
      },
      { file: "schema/enums.yaml", path: "enums[0].flags[3]", reason: expect.stringMatching(/^flag "noStoredOperation" is carried by no value of OperationType/) },
      { file: FILE, path: "startAction", reason: expect.stringMatching(/^OperationType EXECUTION has no START transition/) },
    ]);
  });

  it("a flagged type's transitions accept any status (no stored status is looked up to check)", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "enums.yaml", (d) => {
      flagOf(d, "WAIT").flags = ["completedOutside", "noStoredOperation"];
    });
    const rows = readYaml(copy, "transitions.yaml").transitions as { type: string; action: string }[];
    const waitStart = rows.findIndex((t) => t.type === "WAIT" && t.action === "START");
    const waitCancel = rows.findIndex((t) => t.type === "WAIT" && t.action === "CANCEL");
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: FILE, path: `transitions[${waitStart}].from`, reason: "must be [any]: OperationType WAIT is flagged noStoredOperation in enums.yaml, so its update is checked against no stored status" },
      { file: FILE, path: `transitions[${waitCancel}].from`, reason: "must be [any]: OperationType WAIT is flagged noStoredOperation in enums.yaml, so its update is checked against no stored status" },
    ]);
  });
});
