/**
 * An invalid schema stops generation with the file, the path inside it and the reason. Each test copies
 * the minimal valid schema (fixtures/minimal), breaks one thing and asserts the exact problems.
 */
import { describe, expect, it } from "vitest";
import { SchemaError } from "../src/load";
import { copySchema, editYaml, generateCopy, irOf, readYaml, schemaProblems, writeYaml, type SchemaCopy } from "./helpers";

/** Generation of the broken copy must throw; returns the reported problems. */
const problemsOf = (copy: SchemaCopy) => schemaProblems(() => generateCopy(copy));

/** Copies the minimal schema, changes one file with `edit`, and returns the problems generation reports. */
function problemsAfter(file: string, edit: (data: any) => void) {
  const copy = copySchema();
  editYaml(copy, file, edit);
  return problemsOf(copy);
}

const STEP = "schema/operations/step.yaml";
const ERRORS = "schema/errors.yaml";

describe("schema validation", () => {
  it("accepts the minimal schema", () => {
    expect(generateCopy(copySchema()).size).toBe(13); // 8 TypeScript files, step.md, errors.md, troubleshooting.md, index.md, sidebar.ts
  });

  it("reports an unknown key with the object that holds it", () => {
    expect(problemsAfter("operations/step.yaml", (op) => (op.method.params[0].optinal = true))).toEqual([
      { file: STEP, path: "method.params[0]", reason: 'unknown key "optinal"' },
    ]);
  });

  it("reports a missing required field", () => {
    expect(problemsAfter("errors.yaml", (file) => delete file.errors[1].retryable)).toEqual([
      { file: ERRORS, path: "errors[1].retryable", reason: "missing required field" },
    ]);
  });

  it("reports every problem of a file at once, and the SchemaError message lists them", () => {
    const copy = copySchema();
    editYaml(copy, "operations/step.yaml", (op) => {
      delete op.summary;
      op.subtype = op.subType;
    });
    let error: unknown;
    try {
      generateCopy(copy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).problems).toEqual([
      { file: STEP, path: "summary", reason: "missing required field" },
      { file: STEP, path: "", reason: 'unknown key "subtype"' },
    ]);
    expect((error as SchemaError).message).toBe(
      [
        "Invalid schema (2 problems):",
        `  ${STEP} at summary: missing required field`,
        `  ${STEP}: unknown key "subtype"`,
      ].join("\n"),
    );
  });

  describe("duplicate subtype", () => {
    /** A second operation `task` (sorted after `step`) with the same subType. */
    const withTask = (extra: Record<string, unknown> = {}): SchemaCopy => {
      const copy = copySchema();
      writeYaml(copy, "operations/task.yaml", { ...readYaml(copy, "operations/step.yaml"), operation: "task", ...extra });
      return copy;
    };
    const TASK = "schema/operations/task.yaml";

    it("is reported on the later operation, naming the owner", () => {
      expect(problemsOf(withTask())).toEqual([{ file: TASK, path: "subType", reason: 'duplicate subtype "Step" (also used by step)' }]);
    });

    it("is allowed with reusesSubType", () => {
      expect(irOf(withTask({ reusesSubType: true })).ir.operations.map((o) => [o.name, o.subType])).toEqual([
        ["step", "Step"],
        ["task", "Step"],
      ]);
    });

    it("counts itemSubType too, even with reusesSubType", () => {
      expect(problemsOf(withTask({ reusesSubType: true, itemSubType: "Step", itemNamePrefix: "task-item-" }))).toEqual([
        { file: TASK, path: "itemSubType", reason: 'duplicate subtype "Step" (also used by step)' },
      ]);
    });
  });

  it("reports an alternative signature whose parameters differ from the primary one", () => {
    const alternative = (name: string, check: string) => ({
      params: [{ name, type: "() => Promise<string>", check, summary: "A variant." }],
      returns: "DurablePromise<string>",
    });
    expect(problemsAfter("operations/step.yaml", (op) => (op.method.alternatives = [alternative("fn", "function"), alternative("body", "any")]))).toEqual([
      {
        file: STEP,
        path: "method.alternatives[1].params",
        reason: 'must have the names, optionality and checks of method.params (fn: "function"), got (body: "any")',
      },
    ]);
  });

  it("reports an enum relation naming an unknown member, or a value without its related list", () => {
    const ENUMS = "schema/enums.yaml";
    expect(
      problemsAfter("enums.yaml", (file) => {
        file.enums[0].relation = { name: "subTypes", enum: "OperationSubType", summary: "Subtypes per type." };
        file.enums[0].values[0].related = ["STEP", "NOPE"];
        file.enums[0].values.push({ name: "WAIT", summary: "A wait." });
      }),
    ).toEqual([
      { file: ENUMS, path: "enums[0].values[0].related[1]", reason: 'unknown OperationSubType member "NOPE"' },
      { file: ENUMS, path: "enums[0].values[1]", reason: 'missing "related" (enum OperationType declares relation subTypes)' },
    ]);
    expect(problemsAfter("enums.yaml", (file) => (file.enums[0].values[0].related = ["STEP"]))).toEqual([
      { file: ENUMS, path: "enums[0].values[0].related", reason: '"related" needs a "relation" on enum OperationType' },
    ]);
  });

  it("reports shared configs that nest in a cycle", () => {
    const copy = copySchema();
    const nests = (name: string, other: string) => ({
      name,
      fields: [{ name: "inner", type: other, optional: true, check: { config: other }, summary: "Nested.", fix: "Pass one." }],
    });
    writeYaml(copy, "shared/loop.yaml", { configs: [nests("AConfig", "BConfig"), nests("BConfig", "AConfig")] });
    expect(problemsOf(copy)).toEqual([
      { file: "schema/shared/loop.yaml", path: "configs[0]", reason: "shared configs nest in a cycle AConfig → BConfig → AConfig" },
      { file: "schema/shared/loop.yaml", path: "configs[1]", reason: "shared configs nest in a cycle BConfig → AConfig → BConfig" },
    ]);
  });

  it("reports a shared config declared again in another shared file, naming both sources", () => {
    const copy = copySchema();
    const config = (summary: string) => ({ name: "PollConfig", summary, fields: [{ name: "every", type: "number", optional: true, check: "number", summary: "How often.", fix: "Pass a number." }] });
    writeYaml(copy, "shared/a.yaml", { configs: [config("The first.")] });
    writeYaml(copy, "shared/b.yaml", { configs: [config("The second.")] });
    expect(problemsOf(copy)).toEqual([
      { file: "schema/shared/b.yaml", path: "configs[0].name", reason: '"PollConfig" is declared twice (also in schema/shared/a.yaml at configs[0])' },
    ]);
  });

  it("reports a problem of method.params once (the overloads and the arguments are built from the same params)", () => {
    expect(problemsAfter("operations/step.yaml", (op) => (op.method.params[0].check = { enum: "Colour" }))).toEqual([
      { file: STEP, path: "method.params[0].check", reason: 'unknown enum "Colour"' },
    ]);
    expect(problemsAfter("operations/step.yaml", (op) => (op.method.params[0].check = "config"))).toEqual([
      { file: STEP, path: "method.params[0].check", reason: "check `config` needs a `config` section" },
    ]);
  });

  describe("references", () => {
    it("reports an operation's `errors:` entry that names no error", () => {
      expect(problemsAfter("operations/step.yaml", (op) => (op.errors = ["StepError", "StepFailure"]))).toEqual([
        { file: STEP, path: "errors[1]", reason: 'unknown error "StepFailure" (not in schema/errors.yaml)' },
      ]);
    });

    it("reports a `raisedBy` entry that names no operation", () => {
      expect(problemsAfter("errors.yaml", (file) => (file.errors[1].raisedBy = ["step", "stepp"]))).toEqual([
        { file: ERRORS, path: "errors[1].raisedBy[1]", reason: 'unknown operation "stepp"' },
      ]);
    });

    it("reports a concrete error without the troubleshooting cause or fix (abstract bases need none)", () => {
      expect(problemsAfter("errors.yaml", (file) => {
        delete file.errors[1].cause;
        delete file.errors[1].fix;
        delete file.errors[0].cause;
      })).toEqual([
        { file: ERRORS, path: "errors[1].cause", reason: 'a concrete error needs "cause" (the usual reason it is thrown) for the troubleshooting page' },
        { file: ERRORS, path: "errors[1].fix", reason: 'a concrete error needs "fix" (what the user should change) for the troubleshooting page' },
      ]);
    });

    it("reports an error that extends an unknown error", () => {
      expect(problemsAfter("errors.yaml", (file) => (file.errors[1].extends = "DurableOperationErr"))).toEqual([
        { file: ERRORS, path: "errors[1].extends", reason: 'unknown base error "DurableOperationErr"' },
      ]);
    });

    it("reports a duplicate error once, and resolves later references to the first declaration (no cycle through the duplicate)", () => {
      // The second DurableOperationError extends StepError, which extends the first: the duplicate is the mistake, not StepError's base.
      const second = { name: "DurableOperationError", family: "operation", abstract: true, extends: "StepError", retryable: false, summary: "A second base." };
      expect(problemsAfter("errors.yaml", (file) => file.errors.push(second))).toEqual([
        { file: ERRORS, path: "errors[2].name", reason: 'duplicate error "DurableOperationError"' },
      ]);

    });

    it("reports an inheritance cycle instead of hanging", () => {
      expect(problemsAfter("errors.yaml", (file) => (file.errors[0].extends = "StepError"))).toEqual([
        { file: ERRORS, path: "errors[0].extends", reason: "inheritance cycle DurableOperationError → StepError → DurableOperationError" },
        { file: ERRORS, path: "errors[1].extends", reason: "inheritance cycle StepError → DurableOperationError → StepError" },
      ]);
    });
  });
});
