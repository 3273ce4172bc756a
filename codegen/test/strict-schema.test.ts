/**
 * The meta-schema rejects unknown keys everywhere, and the sections that name wire facts (`checkpoints:`,
 * `replay:`) are checked against the schema's own enums and wire types: a typo anywhere fails generation
 * with the file and the key path.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as meta from "../src/meta-schema";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems, type SchemaCopy } from "./helpers";

/** Every object schema reachable from `schema`, with its path inside the meta-schema. */
function objectSchemas(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): { path: string; schema: z.ZodObject }[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  const children: [string, z.ZodType][] = [];
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) children.push([`${path}.${key}`, child]);
      break;
    case "array":
      children.push([`${path}[]`, def.element]);
      break;
    case "optional":
    case "nullable":
    case "default":
      children.push([path, def.innerType]);
      break;
    case "union":
      (def.options as z.ZodType[]).forEach((o, i) => children.push([`${path}|${i}`, o]));
      break;
    case "pipe":
      children.push([path, def.in], [path, def.out]);
      break;
  }
  const own = def.type === "object" ? [{ path, schema: schema as z.ZodObject }] : [];
  return [...own, ...children.flatMap(([p, c]) => objectSchemas(c, p, seen))];
}

const FILE_SCHEMAS = {
  enums: meta.enumsFileSchema,
  types: meta.typesFileSchema,
  errors: meta.errorsFileSchema,
  shared: meta.sharedFileSchema,
  operation: meta.operationFileSchema,
  context: meta.contextFileSchema,
  execution: meta.executionFileSchema,
};

describe("meta-schema strictness", () => {
  it("every object of every file schema rejects unknown keys", () => {
    const objects = Object.entries(FILE_SCHEMAS).flatMap(([name, s]) => objectSchemas(s, name));
    expect(objects.length).toBeGreaterThan(20);
    const loose = objects.filter((o) => {
      const catchall = (o.schema as unknown as { _zod: { def: { catchall?: { _zod: { def: { type: string } } } } } })._zod.def.catchall;
      return catchall?._zod.def.type !== "never";
    });
    expect(loose.map((o) => o.path)).toEqual([]);
  });

  it("the walker would notice a loose object (the check can fail)", () => {
    const loose = z.strictObject({ inner: z.array(z.object({ a: z.string() })) });
    const found = objectSchemas(loose, "x").filter((o) => (o.schema as any)._zod.def.catchall?._zod.def.type !== "never");
    expect(found.map((o) => o.path)).toEqual(["x.inner[]"]);
  });
});

const WFC = "schema/operations/wait-for-callback.yaml";
const EXECUTION = "schema/execution.yaml";
const STEP = "schema/operations/step.yaml";

/** The real schema with one edit; returns the problems generation reports. */
function realProblemsAfter(file: string, edit: (data: any) => void) {
  const copy: SchemaCopy = copySchema(REAL_SCHEMA);
  editYaml(copy, file, edit);
  return schemaProblems(() => irOf(copy));
}

describe("a typo anywhere in the real schema fails generation", () => {
  it.each([
    ["operations/step.yaml", (d: any) => (d.config.fields[1].defualt = d.config.fields[1].default), STEP, "config.fields[1]", "defualt"],
    ["operations/step.yaml", (d: any) => (d.checkpoints[0].feilds = []), STEP, "checkpoints[0]", "feilds"],
    ["operations/step.yaml", (d: any) => (d.replay[0].behavior = "x"), STEP, "replay[0]", "behavior"],
    ["operations/step.yaml", (d: any) => (d.examples[0].titel = "x"), STEP, "examples[0]", "titel"],
    ["operations/step.yaml", (d: any) => (d.method.typeParams[0].constraints = "x"), STEP, "method.typeParams[0]", "constraints"],
    ["operations/wait-for-callback.yaml", (d: any) => (d.checkpoints[1].child.opType = "CALLBACK"), WFC, "checkpoints[1].child", "opType"],
    ["enums.yaml", (d: any) => (d.enums[0].relation.summery = "x"), "schema/enums.yaml", "enums[0].relation", "summery"],
    ["errors.yaml", (d: any) => (d.errors[0].retriable = true), "schema/errors.yaml", "errors[0]", "retriable"],
    ["errors.yaml", (d: any) => (d.serviceErrorObjects[0].errortype = "x"), "schema/errors.yaml", "serviceErrorObjects[0]", "errortype"],
    ["errors.yaml", (d: any) => (d.terminationMessages[0].templat = "x"), "schema/errors.yaml", "terminationMessages[0]", "templat"],
    ["errors.yaml", (d: any) => (d.plainErrorMessages[0].templat = "x"), "schema/errors.yaml", "plainErrorMessages[0]", "templat"],
    ["wire.yaml", (d: any) => (d.types[1].fields[0].optinal = true), "schema/wire.yaml", "types[1].fields[0]", "optinal"],
    ["shared/with-retry.yaml", (d: any) => (d.configs[0].fields[0].fixx = "x"), "schema/shared/with-retry.yaml", "configs[0].fields[0]", "fixx"],
    ["context.yaml", (d: any) => (d.context.promiseGroup.interfce = "x"), "schema/context.yaml", "context.promiseGroup", "interfce"],
    ["execution.yaml", (d: any) => (d.execution.summery = "x"), EXECUTION, "execution", "summery"],
    ["execution.yaml", (d: any) => (d.execution.config.fields[4].defualt = { value: 1 }), EXECUTION, "execution.config.fields[4]", "defualt"],
    ["execution.yaml", (d: any) => (d.execution.config.fields[3].fields[0].default.valeu = 1), EXECUTION, "execution.config.fields[3].fields[0].default", "valeu"],
    ["execution.yaml", (d: any) => (d.execution.checkpoints[0].feilds = []), EXECUTION, "execution.checkpoints[0]", "feilds"],
    ["execution.yaml", (d: any) => (d.execution.checkpoints[0].child = { operationType: "STEP", id: "x" }), EXECUTION, "execution.checkpoints[0]", "child"],
  ])("%s: an unknown key is reported with its path (%#)", (file, edit, source, path, key) => {
    expect(realProblemsAfter(file, edit)).toEqual([{ file: source, path, reason: `unknown key "${key}"` }]);
  });

  it("an unknown checkpoint action", () => {
    expect(realProblemsAfter("operations/step.yaml", (d) => (d.checkpoints[1].action = "SUCCEEDED"))).toEqual([
      { file: STEP, path: "checkpoints[1].action", reason: 'unknown OperationAction "SUCCEEDED" (one of CANCEL, FAIL, RETRY, START, SUCCEED)' },
    ]);
  });

  it("an action the operation type does not accept", () => {
    expect(realProblemsAfter("operations/step.yaml", (d) => (d.checkpoints[1].action = "CANCEL"))).toEqual([
      { file: STEP, path: "checkpoints[1].action", reason: 'action "CANCEL" is not valid for OperationType STEP (valid: START, FAIL, RETRY, SUCCEED)' },
    ]);
  });

  it("an action of a child operation is checked against the child's type", () => {
    expect(realProblemsAfter("operations/wait-for-callback.yaml", (d) => (d.checkpoints[1].action = "RETRY"))).toEqual([
      { file: WFC, path: "checkpoints[1].action", reason: 'action "RETRY" is not valid for OperationType CALLBACK (valid: START, CANCEL)' },
    ]);
  });

  it("a checkpoint field that is not an OperationUpdate field path", () => {
    expect(
      realProblemsAfter("operations/step.yaml", (d) => (d.checkpoints[2].fields = ["Error", "StepOptions.NextAttemptDelay", "Paylod"])),
    ).toEqual([
      { file: STEP, path: "checkpoints[2].fields[1]", reason: 'unknown OperationUpdate field "StepOptions.NextAttemptDelay" (no "NextAttemptDelay" in StepOptions)' },
      { file: STEP, path: "checkpoints[2].fields[2]", reason: 'unknown OperationUpdate field "Paylod" (no "Paylod" in OperationUpdate)' },
    ]);
  });

  it("a replay status that is not an OperationStatus", () => {
    expect(realProblemsAfter("operations/step.yaml", (d) => (d.replay[1].status = "SUCCEEDED or DONE (late)"))).toEqual([
      { file: STEP, path: "replay[1].status", reason: 'unknown OperationStatus "DONE" (one of none, CANCELLED, FAILED, PENDING, READY, STARTED, STOPPED, SUCCEEDED, TIMED_OUT)' },
    ]);
  });

  it("two service error objects with one name", () => {
    expect(realProblemsAfter("errors.yaml", (d) => (d.serviceErrorObjects[1].messages[0].name = d.serviceErrorObjects[0].messages[0].name))).toEqual([
      { file: "schema/errors.yaml", path: "serviceErrorObjects[1].messages[0].name", reason: '"callbackTimedOut" is already the name of another service error object' },
    ]);
  });

  it("the real schema passes every check", () => {
    expect(irOf(copySchema(REAL_SCHEMA)).ir.operations.length).toBeGreaterThan(10);
  });
});

describe("generated messages", () => {
  it("use the right article before a config name", () => {
    const rules = irOf(copySchema(REAL_SCHEMA)).ir.fieldRules;
    expect(rules.find((r) => r.path === "invoke.config")).toEqual({
      path: "invoke.config",
      expected: "an InvokeConfig object",
      fix: "Pass an InvokeConfig object (see its fields) or leave it out.",
    });
    expect(rules.find((r) => r.path === "step.config")?.expected).toBe("a StepConfig object");
  });
});
