/**
 * The golden fixture: `fixtures/golden/schema/` uses every schema feature (execution.yaml and the wire type
 * OperationUpdate included, so updates.ts and wire-parsers.ts are generated too), and its whole generated
 * output is committed under `golden/` (TypeScript in `golden/generated/`, type-checked by `npm run typecheck`;
 * Markdown in `golden/docs/`).
 *
 * After an intended generator change, refresh the committed output (no npm script needed) with
 *
 *     UPDATE_GOLDEN=1 npx vitest run codegen/test/golden.test.ts
 *
 * and review its diff like any other change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { checkSchema, EVENT_CHECKS, INVOCATION_PHASES, type Check } from "../src/meta-schema";
import { loadSchema } from "../src/load";
import { buildIr } from "../src/ir";
import { diffOutput, generate, writeOutput } from "../src/generate";
import { REPO_ROOT, TEMPLATES_DIR } from "./helpers";

const FIXTURE_ROOT = join(REPO_ROOT, "codegen/test/fixtures/golden");
const SCHEMA_DIR = join(FIXTURE_ROOT, "schema");
const GOLDEN_TS = join(REPO_ROOT, "codegen/test/golden/generated");
const GOLDEN_DOCS = join(REPO_ROOT, "codegen/test/golden/docs");

const generateGolden = () =>
  generate({ schemaDir: SCHEMA_DIR, outDir: GOLDEN_TS, docsDir: GOLDEN_DOCS, templatesDir: TEMPLATES_DIR, root: FIXTURE_ROOT });

describe("golden fixture", () => {
  it("matches the committed output (UPDATE_GOLDEN=1 rewrites it)", () => {
    const files = generateGolden();
    if (process.env.UPDATE_GOLDEN === "1") writeOutput(files, [GOLDEN_TS, GOLDEN_DOCS]);
    const diffs = diffOutput(files, [GOLDEN_TS, GOLDEN_DOCS]);
    // Show the first changed file as a text diff before failing on the list.
    const changed = diffs.find((d) => d.kind === "changed");
    if (changed) expect(readFileSync(changed.path, "utf8")).toBe(files.get(changed.path));
    expect(diffs, "run UPDATE_GOLDEN=1 npx vitest run codegen/test/golden.test.ts").toEqual([]);
    expect([...files.keys()].map((p) => p.slice(REPO_ROOT.length + 1)).sort()).toEqual([
      "codegen/test/golden/docs/call.md",
      "codegen/test/golden/docs/errors.md",
      "codegen/test/golden/docs/fan-out.md",
      "codegen/test/golden/docs/index.md",
      "codegen/test/golden/docs/limits.md",
      "codegen/test/golden/docs/promise-all.md",
      "codegen/test/golden/docs/sidebar.ts",
      "codegen/test/golden/docs/task.md",
      "codegen/test/golden/docs/troubleshooting.md",
      "codegen/test/golden/generated/configs.ts",
      "codegen/test/golden/generated/context-methods.ts",
      "codegen/test/golden/generated/context.ts",
      "codegen/test/golden/generated/enums.ts",
      "codegen/test/golden/generated/errors.ts",
      "codegen/test/golden/generated/index.ts",
      "codegen/test/golden/generated/service-errors.ts",
      "codegen/test/golden/generated/types.ts",
      "codegen/test/golden/generated/updates.ts",
      "codegen/test/golden/generated/validators.ts",
      "codegen/test/golden/generated/wire-parsers.ts",
    ]);
  });

  it("exercises every schema feature", () => {
    const schema = loadSchema(SCHEMA_DIR, FIXTURE_ROOT);
    const ir = buildIr(schema);
    const ops = schema.operations.map((f) => f.data);
    const types = ir.types;
    const errors = ir.errors;
    const configs = [...ir.sharedConfigs, ...ir.configs];
    const execution = ir.execution;
    const checks = execution?.config.invocationChecks ?? [];

    // Every `check` the meta-schema allows: the simple names, `{ enum }` and `{ config }`.
    const [simple] = checkSchema.options;
    const checkName = (check: Check) => (typeof check === "string" ? check : `{${Object.keys(check)[0]}}`);
    const used = new Set(
      [
        ...ops.flatMap((op) => [op.method, ...(op.method.alternatives ?? [])].flatMap((sig) => sig.params)),
        ...ops.flatMap((op) => op.config?.fields ?? []),
        ...schema.shared.flatMap((s) => (s.data.configs ?? []).flatMap((c) => c.fields)),
        ...schema.shared.flatMap((s) => (s.data.functions ?? []).flatMap((f) => f.params)),
      ].map((p) => checkName(p.check)),
    );
    expect([...used].sort()).toEqual([...simple.options, "{config}", "{enum}"].sort());

    const features: Record<string, boolean> = {
      "enum value differing from its name": ir.enums.some((e) => e.values.some((v) => v.value !== v.name)),
      "enum with a description": ir.enums.some((e) => e.description),
      "enum relation table": ir.enums.some((e) => e.relation),
      "alias type with type params": types.some((t) => t.alias && t.typeParams.length),
      "type param with constraint": types.some((t) => t.typeParams.some((p) => p.constraint)),
      "type param with default": types.some((t) => t.typeParams.some((p) => p.default)),
      "interface that extends": types.some((t) => t.extends),
      "index signature": types.some((t) => t.fields?.some((f) => f.name.startsWith("["))),
      "method field": types.some((t) => t.fields?.some((f) => f.method)),
      "optional method field": types.some((t) => t.fields?.some((f) => f.method && f.optional)),
      "readonly field": types.some((t) => t.fields?.some((f) => f.readonly)),
      "second types file": schema.types.length > 1,
      "context property and method members": ir.context.members.some((m) => m.method) && ir.context.members.some((m) => !m.method),
      ...Object.fromEntries(
        (["operation", "unrecoverable", "standalone"] as const).map((family) => [`${family} error`, errors.some((e) => e.family === family)]),
      ),
      "abstract operation base": errors.some((e) => e.family === "operation" && e.abstract),
      "abstract unrecoverable bases with scope and prefix": errors.filter((e) => e.abstract && e.scope && e.messagePrefix).length === 2,
      "concrete error with a child": errors.some((e) => !e.abstract && errors.some((c) => c.extends === e.name)),
      "leadingParams with a templated default message": errors.some((e) => e.leadingParams.length && e.defaultMessage?.includes("${")),
      "terminationReason": errors.some((e) => e.terminationReason),
      "error not rebuilt from the wire": errors.some((e) => !e.rebuild),
      "error message template with params": errors.some((e) => e.messages.some((m) => m.params.length)),
      "service exception with a field": ir.serviceExceptions.some((x) => x.fields.length),
      "service error object with and without params": ir.serviceErrorObjects.some((x) => x.messages.some((m) => m.params.length) && x.messages.some((m) => !m.params.length)),
      "service error object an ExecutionStatus falls back to": ir.serviceErrorObjects.some((x) => x.executionStatus !== undefined),
      "termination message with and without params": ir.terminationMessages.some((m) => m.params.length) && ir.terminationMessages.some((m) => !m.params.length),
      "plain Error message with and without params": ir.plainErrorMessages.some((m) => m.params.length) && ir.plainErrorMessages.some((m) => !m.params.length),
      "service message with and without params": ir.serviceExceptions.some((x) => x.messages.some((m) => m.params.length) && x.messages.some((m) => !m.params.length)),
      "standalone message + options params": errors.some((e) => e.family === "standalone" && e.params.some((p) => p.name === "message")),
      "standalone field with default": errors.some((e) => e.family === "standalone" && e.fields.some((f) => f.default)),
      "standalone details object": errors.some((e) => e.params.some((p) => p.name === "details")),
      "shared config with exclusive groups": ir.sharedConfigs.some((c) => c.exclusive.length > 1),
      "operation config with exclusive groups": ir.configs.some((c) => c.exclusive.length > 1),
      "config with description": configs.some((c) => c.description),
      "config field with default": configs.some((c) => c.fields.some((f) => f.default)),
      "required config field": configs.some((c) => c.fields.some((f) => !f.optional)) || ir.operations.some((o) => o.args.some((a) => !a.optional && a.name !== "name")),
      "group promise": ir.operations.some((o) => o.group === "promise"),
      "shared checkpoint section": ir.operations.some((o) => o.sharedCheckpoints),
      "shared function's argument rules, with a nested config": ir.functions.some((f) => f.params.some((p) => p.check.kind === "config")),
      "reusesSubType": ops.some((o) => o.reusesSubType),
      "itemSubType": ir.operations.some((o) => o.itemSubType),
      "service limit": ir.limits.length > 0,
      "itemNamePrefix (and its placeholder)": ir.operations.some((o) => o.itemNamePrefix !== undefined && o.description?.includes(o.itemNamePrefix)),
      "alternatives": ops.some((o) => o.method.alternatives?.length),
      "leading-string discriminator": ir.operations.some((o) => o.discriminator === "leading-string"),
      "second-arg-string discriminator": ir.operations.some((o) => o.discriminator === "second-arg-string"),
      "name of type string": ir.operations.some((o) => o.nameParam?.type === "string"),
      "optional params": ir.operations.some((o) => o.overloads.some((ov) => ov.params.some((p) => p.optional))),
      "operation without config": ir.operations.some((o) => !o.config),
      "since, deprecated, remarks, description": ir.operations.some((o) => o.since && o.deprecated && o.remarks && o.description),
      "several examples": ir.operations.some((o) => o.examples.length > 1),
      // execution.yaml: the defaults, the wrap-time table, the invocation checks and the EXECUTION updates.
      "execution config default at the top level and in a settings object": !!execution?.config.fields.some((f) => f.default) && !!execution?.config.fields.some((f) => f.fields?.some((n) => n.default)),
      "execution config field with an items rule": !!execution?.config.fields.some((f) => f.items),
      "execution config field with a wrap-time check": !!execution?.config.fields.some((f) => f.rule && !(f.rule.check.kind === "simple" && f.rule.check.name === "any")),
      "invocation check in every phase": Object.keys(INVOCATION_PHASES).every((when) => checks.some((k) => k.when === when)),
      "invocation check notBoth": checks.some((k) => k.check.kind === "notBoth"),
      "invocation check param from the value": checks.some((k) => [...k.messageParams, ...k.fixParams].some((p) => p.from === "value")),
      "invocation check param from the default": checks.some((k) => [...k.messageParams, ...k.fixParams].some((p) => p.from === "default")),
      "invocation check with and without composedWith": checks.some((k) => k.composedWith) && checks.some((k) => !k.composedWith),
      "execution update with fields": !!execution?.checkpoints.some((c) => c.updateFields.length),
      "event check of every rule": Object.keys(EVENT_CHECKS).every((rule) => execution?.event?.checks.some((k) => k.check === rule)),
      "event check message with a path param and without params": !!execution?.event?.checks.some((k) => k.messageParams.length) && !!execution?.event?.checks.some((k) => !k.messageParams.length),
      "event field of a record field and of an inline object type": ["Origin.FunctionName", "State.Items"].every((field) => execution?.event?.checks.some((k) => k.field === field)),
    };
    expect(Object.entries(features).filter(([, ok]) => !ok).map(([name]) => name)).toEqual([]);
  });

  it("a validator that drifts from its interface fails to compile (its …MatchesValidator assertion)", () => {
    // The golden output itself is type-checked by `npm run typecheck`. Here one program holds the real
    // validators.ts (the control: no errors) and a copy in which one validator admits another type for a
    // field (its …ValidatorInput, derived from the field's check), as if the check and the interface
    // disagreed; only the copy's assertion may fail.
    const config = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const validators = join(GOLDEN_TS, "validators.ts");
    const drifted = join(GOLDEN_TS, "validators-drifted.ts");
    const text = readFileSync(validators, "utf8");
    const driftedText = text.replace("  label?: string | undefined;", "  label?: number | undefined;");
    expect(driftedText).not.toBe(text);
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists } = host;
    host.fileExists = (fileName) => fileName === drifted || fileExists(fileName);
    host.getSourceFile = (fileName, languageVersion, onError) =>
      fileName === drifted ? ts.createSourceFile(fileName, driftedText, languageVersion) : getSourceFile(fileName, languageVersion, onError);
    const program = ts.createProgram({ rootNames: [validators, drifted], options: config.options, host });
    const errorsIn = (fileName: string) =>
      program.getSemanticDiagnostics(program.getSourceFile(fileName)).map((d) => ({
        line: d.file!.getLineAndCharacterOfPosition(d.start!).line + 1,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0],
      }));

    expect(errorsIn(validators)).toEqual([]);
    const line = driftedText.split("\n").findIndex((l) => l.startsWith("export type TaskConfigMatchesValidator")) + 1;
    expect(errorsIn(drifted)).toEqual([{ line, message: "Type 'false' does not satisfy the constraint 'true'." }]);
  });
});
