/**
 * schema/execution.yaml: the execution's configuration (fields and typed defaults, generated as
 * DURABLE_EXECUTION_DEFAULTS; the interface stays hand-written) and the EXECUTION operation's own
 * updates (generated as executionUpdates). The generated values follow the schema, the update keeps the
 * wire bytes the runtime always sent, and entries that cannot become a constant or a builder fail
 * generation. (Unknown keys: strict-schema.test.ts.)
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import { DURABLE_EXECUTION_DEFAULTS } from "../../src/generated/types";
import { executionUpdates, type ExecutionSucceedFields } from "../../src/generated/updates";
import type { OperationUpdate } from "../../src/generated/types";
import { copySchema, editYaml, generateCopy, irOf, outputDirs, REAL_SCHEMA, realSchemaProblemsAfter, writtenValidators } from "./helpers";

const EXECUTION = "schema/execution.yaml";
const schemaData = parse(readFileSync(join(REAL_SCHEMA, "execution.yaml"), "utf8"));

/** The generated validators.ts of the real schema with one edit to execution.yaml, written to disk so the generated module can be imported. */
const validatorsAfter = (edit: (d: any) => void): { text: string; file: string } => {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, "execution.yaml", edit);
  return writtenValidators(copy);
};

/** The real schema with one edit to execution.yaml; returns the problems generation reports. */
const problemsAfter = (edit: (d: any) => void) => realSchemaProblemsAfter("execution.yaml", edit);

describe("the generated execution defaults and update", () => {
  it("DURABLE_EXECUTION_DEFAULTS holds the schema's defaults, nested as the fields are", () => {
    type Field = { name: string; default?: { value: unknown }; fields?: Field[] };
    const defaults = (fields: Field[]): Record<string, unknown> =>
      Object.fromEntries(
        fields.flatMap((f): [string, unknown][] => {
          if (f.default) return [[f.name, f.default.value]];
          const nested = f.fields ? defaults(f.fields) : {};
          return Object.keys(nested).length ? [[f.name, nested]] : [];
        }),
      );
    expect(DURABLE_EXECUTION_DEFAULTS).toStrictEqual(defaults(schemaData.execution.config.fields));
    // The figures the runtime relies on (and the reference behaviour they keep).
    expect(DURABLE_EXECUTION_DEFAULTS).toStrictEqual({ pluginsConfig: { childOperationsDepth: 0 }, checkpointRetryBudgetSeconds: 12 });
  });

  it("executionUpdates.succeed: Id first, then Type and Action from the schema, then the listed fields (the bytes the runtime sent)", () => {
    const update = executionUpdates.succeed("0123456789abcdef", { payload: '"big"' });
    expect(Object.keys(update)).toEqual(["Id", "Type", "Action", "Payload"]);
    expect(JSON.stringify(update)).toBe('{"Id":"0123456789abcdef","Type":"EXECUTION","Action":"SUCCEED","Payload":"\\"big\\""}');
    expectTypeOf(executionUpdates.succeed).returns.toEqualTypeOf<OperationUpdate>();
    expectTypeOf<ExecutionSucceedFields>().toEqualTypeOf<{ payload: string | undefined }>();
    // @ts-expect-error a field the schema does not list for the execution's SUCCEED
    executionUpdates.succeed("id", { payload: "1", error: undefined });
  });

  it("the IR: one builder method per checkpoint entry, the config's fields and defaults", () => {
    const { execution } = irOf(copySchema(REAL_SCHEMA)).ir;
    expect(execution?.updateBuilderName).toBe("executionUpdates");
    expect(execution?.checkpoints.map((c) => [c.builderMethod, c.operationType, c.updateFields.map((f) => f.param)])).toEqual([["succeed", "EXECUTION", ["payload"]]]);
    expect(execution?.config.defaultsName).toBe("DURABLE_EXECUTION_DEFAULTS");
    expect(execution?.config.fields.map((f) => [f.name, f.default?.expr, f.fields?.map((n) => [n.name, n.default?.expr])])).toEqual([
      ["client", undefined, undefined],
      ["durableExecutionClient", undefined, undefined],
      ["plugins", undefined, undefined],
      ["pluginsConfig", undefined, [["childOperationsDepth", "0"]]],
      ["checkpointRetryBudgetSeconds", "12", undefined],
    ]);
  });

  it("a schema without execution.yaml generates neither the constant nor the builder", () => {
    const copy = copySchema(REAL_SCHEMA);
    rmSync(join(copy.schemaDir, "execution.yaml"));
    const dirs = outputDirs(copy.root);
    const files = generateCopy(copy, dirs);
    const text = (name: string) => files.get(join(dirs.outDir, name))!;
    expect(text("types.ts")).not.toContain("DURABLE_EXECUTION_DEFAULTS");
    expect(text("updates.ts")).not.toContain("executionUpdates");
    expect(text("index.ts")).not.toContain("executionUpdates");
  });
});

describe("execution.yaml entries that cannot become a constant or a builder fail generation", () => {
  it("an action the EXECUTION operation does not accept", () => {
    expect(problemsAfter((d) => (d.execution.checkpoints[0].action = "START"))).toEqual([
      { file: EXECUTION, path: "execution.checkpoints[0].action", reason: 'action "START" is not valid for OperationType EXECUTION (valid: SUCCEED, FAIL)' },
    ]);
  });

  it("a field that is not an OperationUpdate field path", () => {
    expect(problemsAfter((d) => (d.execution.checkpoints[0].fields = ["Paylod"]))).toEqual([
      { file: EXECUTION, path: "execution.checkpoints[0].fields[0]", reason: 'unknown OperationUpdate field "Paylod" (no "Paylod" in OperationUpdate)' },
    ]);
  });

  it("two entries for one action", () => {
    expect(problemsAfter((d) => d.execution.checkpoints.push({ ...d.execution.checkpoints[0] }))).toEqual([
      { file: EXECUTION, path: "execution.checkpoints[1]", reason: 'a second SUCCEED update (each action has one update builder, "succeed")' },
    ]);
  });

  it("an unknown operationType", () => {
    expect(problemsAfter((d) => (d.execution.operationType = "EXECUTON"))).toContainEqual({ file: EXECUTION, path: "execution.operationType", reason: 'unknown OperationType "EXECUTON"' });
  });

  it("a field with both a default and fields of its own", () => {
    expect(problemsAfter((d) => (d.execution.config.fields[3].default = { value: 1 }))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[3]", reason: "give a default or fields, not both (a settings object's defaults are its fields')" },
    ]);
  });

  it("a default that is not a literal", () => {
    expect(problemsAfter((d) => (d.execution.config.fields[4].default = { value: { seconds: 12 } }))).toEqual([
      expect.objectContaining({ file: EXECUTION, path: "execution.config.fields[4].default.value" }),
    ]);
  });

  it("a typed default that the field's wrap-time check refuses (it stands for the field left out, which the wrap accepts)", () => {
    // Without an invocation check of the field, only the wrap-time check can hold its default to it.
    const budgetChecked = (d: any, value: unknown) => {
      Object.assign(d.execution.config.fields[4], { check: "nonNegativeNumber", fix: "Pass a number of seconds.", default: { value } });
      d.execution.config.invocationChecks.pop();
    };
    const valid = copySchema(REAL_SCHEMA);
    editYaml(valid, "execution.yaml", (d) => budgetChecked(d, 12));
    expect(irOf(valid).ir.execution!.config.fields[4]!.default).toEqual({ value: 12, expr: "12" });
    expect(problemsAfter((d) => budgetChecked(d, -3))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[4].default.value", reason: "must be a finite number of at least 0 (the field's check), got -3" },
    ]);
    expect(problemsAfter((d) => (d.execution.config.fields[2].default = { value: 1 }))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[2].default", reason: 'a typed default is a literal: it goes with a boolean, number, string or enum check (or any), not "array"' },
    ]);
  });

  it("a field named twice", () => {
    expect(problemsAfter((d) => (d.execution.config.fields[1].name = "client"))).toContainEqual({
      file: EXECUTION,
      path: "execution.config.fields[1].name",
      reason: 'duplicate field "client"',
    });
    expect(problemsAfter((d) => d.execution.config.fields[3].fields.push({ name: "childOperationsDepth", type: "number", summary: "again" }))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[3].fields[1].name", reason: 'duplicate field "childOperationsDepth"' },
    ]);
  });

  it("a summary that restates its typed default", () => {
    expect(problemsAfter((d) => (d.execution.config.fields[4].summary = "Retry budget in seconds; default 12."))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[4].summary", reason: "states the default again: the typed default is generated into DURABLE_EXECUTION_DEFAULTS" },
    ]);
  });

  it("a config name that a generated declaration already takes", () => {
    expect(problemsAfter((d) => (d.execution.config.name = "StepConfig"))).toContainEqual({
      file: EXECUTION,
      path: "",
      reason: '"StepConfig" is declared twice (also in schema/operations/step.yaml)',
    });
  });
});

describe("withDurableExecution's wrap-time checks follow execution.yaml", () => {
  const plugins = (d: any) => d.execution.config.fields.find((f: { name: string }) => f.name === "plugins");

  it("the IR: each field's wrap-time rule, the plugins entries' rule and the invocation checks", () => {
    const { execution } = irOf(copySchema(REAL_SCHEMA)).ir;
    const config = execution!.config;
    expect(config.validatorName).toBe("validateDurableExecutionConfig");
    expect(config.tableName).toBe("DURABLE_EXECUTION_CONFIG");
    expect(config.fields.map((f) => [f.name, f.type, f.rule?.check])).toEqual([
      ["client", "LambdaClientLike", { kind: "simple", name: "any" }],
      ["durableExecutionClient", "DurableExecutionClient", { kind: "simple", name: "any" }],
      ["plugins", "DurableInstrumentationPlugin[]", { kind: "simple", name: "array" }],
      ["pluginsConfig", "{ childOperationsDepth?: number }", { kind: "simple", name: "any" }],
      ["checkpointRetryBudgetSeconds", "number", { kind: "simple", name: "any" }],
    ]);
    expect(config.fields[2]!.items).toEqual({
      check: { kind: "simple", name: "object" },
      expected: "a plugin object",
      fix: "Pass an instance, e.g. plugins: [new MyPlugin()], not the class; to load a plugin module by name, list it in DURABLE_EXECUTION_PLUGINS.",
    });
    expect(config.invocationChecks.map((c) => [c.fields, c.check, c.message, c.messageParams, c.fixParams, c.composedWith, c.when, c.functionName])).toEqual([
      [["client", "durableExecutionClient"], { kind: "notBoth" }, "bothClients", [], [], "problemAndFix", "beforePlugins", "durableExecutionConfigIssueBeforePlugins"],
      [
        ["pluginsConfig.childOperationsDepth"],
        { kind: "simple", name: "nonNegativeIntegerOrInfinity" },
        "childOperationsDepthInvalid",
        [{ name: "received", from: "value" }],
        [],
        undefined,
        "afterInvocationStart",
        "durableExecutionConfigIssueAfterInvocationStart",
      ],
      [
        ["checkpointRetryBudgetSeconds"],
        { kind: "simple", name: "nonNegativeNumber" },
        "checkpointRetryBudgetInvalid",
        [{ name: "received", from: "value" }],
        [{ name: "defaultSeconds", from: "default" }],
        "problemAndFix",
        "afterInvocationStart",
        "durableExecutionConfigIssueAfterInvocationStart",
      ],
    ]);
  });

  it("a changed rule changes the generated validator: its table, its texts and what it refuses", async () => {
    const before = validatorsAfter(() => {});
    const after = validatorsAfter((d) => {
      // Plugins given as factories: each entry a function, with its own words.
      Object.assign(plugins(d).items, { check: "function", expected: "a plugin factory", fix: "Pass () => new MyPlugin()." });
    });
    const table = (text: string) => /^export const DURABLE_EXECUTION_CONFIG: ConfigTable = (.*);$/m.exec(text)![1];
    expect(table(before.text)).toMatch(/\["plugins", \{ each: \["", isObject, \d+, \d+\] \}, \d+, \d+\]/);
    expect(table(after.text)).toMatch(/\["plugins", \{ each: \["", isFunction, \d+, \d+\] \}, \d+, \d+\]/);
    expect(after.text).toContain('  "a plugin factory",\n  "Pass () => new MyPlugin().",');
    expect(after.text).not.toContain('"a plugin object"');
    // The generated module itself: what it accepts and the error checkOptions throws.
    const generated = (await import(after.file)) as typeof import("../../src/generated/validators");
    expect(generated.validateDurableExecutionConfig({ plugins: [() => ({})] })).toBeUndefined();
    expect(generated.validateDurableExecutionConfig({ plugins: [() => ({}), {}] })).toEqual({ kind: "invalid", path: ["plugins", 1] });
    expect(() => generated.checkOptions("withDurableExecution", generated.DURABLE_EXECUTION_CONFIG, { plugins: [{}] })).toThrow(
      expect.objectContaining({
        field: "withDurableExecution.config.plugins[0]",
        message: "withDurableExecution(): config.plugins[0] must be a plugin factory (received an empty object). Pass () => new MyPlugin().",
      }),
    );
  });

  it("a field checked when the handler is wrapped gets its rule; one every value passes is only a known key", () => {
    const { text } = validatorsAfter((d) => {
      Object.assign(d.execution.config.fields[4], { check: "nonNegativeInteger", fix: "Use whole seconds." });
    });
    expect(text).toMatch(/\["pluginsConfig"\], \["checkpointRetryBudgetSeconds", isNonNegativeInteger, \d+, \d+\]\] \};$/m);
  });

  it("entries that cannot become a rule fail generation, and the meta-schema refuses unknown keys", () => {
    expect(problemsAfter((d) => (plugins(d).item = plugins(d).items))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.config.fields[2]" }));
    expect(problemsAfter((d) => (plugins(d).items.chek = "object"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.config.fields[2].items" }));
    expect(problemsAfter((d) => (plugins(d).items.check = "objekt"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.config.fields[2].items.check" }));
    expect(problemsAfter((d) => delete plugins(d).fix)).toEqual([
      { file: EXECUTION, path: "execution.config.fields[2].fix", reason: "a checked field needs a fix (how to correct a bad value)" },
    ]);
    expect(problemsAfter((d) => (d.execution.config.fields[0].items = { check: "object", fix: "x" }))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[0].items", reason: "items go with check: array" },
    ]);
    expect(problemsAfter((d) => (d.execution.config.fields[0].fix = "Pass a client."))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[0]", reason: "a field every value passes has no expected or fix text (it is never reported)" },
    ]);
    expect(problemsAfter((d) => Object.assign(d.execution.config.fields[3], { check: "function", fix: "x" }))).toEqual([
      { file: EXECUTION, path: "execution.config.fields[3].check", reason: "a settings object is not checked when the handler is wrapped (check: any); its fields' checks are invocationChecks" },
    ]);
  });

  it("the handler's and the config's own checks: WITH_DURABLE_EXECUTION_ARGS_RULES from execution.handler and config.expected/fix", async () => {
    const before = validatorsAfter(() => {});
    expect(before.text).toMatch(/^export const WITH_DURABLE_EXECUTION_ARGS_RULES: readonly Rule\[\] = \[\["handler", isFunction, \d+, \d+, REQUIRED\], \["config", DURABLE_EXECUTION_CONFIG, \d+, \d+\]\];$/m);
    const after = validatorsAfter((d) => {
      Object.assign(d.execution.config, { expected: "a config object", fix: "Pass { plugins } or nothing." });
      d.execution.handler.fix = "Pass a handler function.";
    });
    const generated = (await import(after.file)) as typeof import("../../src/generated/validators");
    const check = (handler: unknown, config: unknown) => () => generated.checkArguments("withDurableExecution", generated.WITH_DURABLE_EXECUTION_ARGS_RULES, { handler, config });
    expect(check(() => 1, undefined)).not.toThrow();
    expect(check(() => 1, {})).not.toThrow();
    expect(check("h", {})).toThrow(expect.objectContaining({ field: "withDurableExecution.handler", message: 'withDurableExecution(): handler must be a function (received "h"). Pass a handler function.' }));
    // null is the config left out, and a null plugins no plugins, as the reference reads them (config?.plugins ?? []).
    expect(check(() => 1, null)).not.toThrow();
    expect(check(() => 1, { plugins: null })).not.toThrow();
    expect(check(() => 1, "c")).toThrow(expect.objectContaining({ field: "withDurableExecution.config", message: 'withDurableExecution(): config must be a config object (received "c"). Pass { plugins } or nothing.' }));
    expect(check(() => 1, { plugin: [] })).toThrow(expect.objectContaining({ field: "withDurableExecution.config", message: expect.stringContaining('has unknown option "plugin"') }));
    expect(problemsAfter((d) => delete d.execution.config.fix)).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.config.fix" }));
    expect(problemsAfter((d) => delete d.execution.handler.fix)).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.handler.fix" }));
    expect(problemsAfter((d) => (d.execution.handler = { check: "any", fix: "x" }))).toEqual([
      { file: EXECUTION, path: "execution.handler", reason: "a field every value passes has no expected or fix text (it is never reported)" },
    ]);
  });

  it("a changed invocation rule changes the generated functions: their code and what they refuse", async () => {
    const before = validatorsAfter(() => {});
    const after = validatorsAfter((d) => {
      const [, depth, budget] = d.execution.config.invocationChecks;
      // childOperationsDepth without Infinity; the budget checked before the plugins load, its message alone.
      depth.check = "nonNegativeInteger";
      Object.assign(budget, { when: "beforePlugins" });
      delete budget.composedWith;
    });
    const fn = (text: string, name: string) => new RegExp(`^export function ${name}\\(.*?^}$`, "ms").exec(text)?.[0] ?? "";
    expect(fn(before.text, "durableExecutionConfigIssueAfterInvocationStart")).toContain("!isNonNegativeIntegerOrInfinity(value)");
    expect(fn(after.text, "durableExecutionConfigIssueAfterInvocationStart")).toContain("!isNonNegativeInteger(value)");
    expect(fn(after.text, "durableExecutionConfigIssueAfterInvocationStart")).not.toContain("checkpointRetryBudgetSeconds");
    expect(fn(after.text, "durableExecutionConfigIssueBeforePlugins")).toContain("let value: unknown = config?.checkpointRetryBudgetSeconds;");

    const real = await import("../../src/generated/validators");
    const generated = (await import(after.file)) as typeof real;
    const infinite = { pluginsConfig: { childOperationsDepth: Infinity } };
    expect(real.durableExecutionConfigIssueAfterInvocationStart(infinite)).toBeUndefined();
    expect(generated.durableExecutionConfigIssueAfterInvocationStart(infinite)).toEqual({
      field: "config.pluginsConfig.childOperationsDepth",
      message: "pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity (received number Infinity).",
      fix: "Pass a non-negative integer or Infinity.",
      received: Infinity,
    });
    const budget = { checkpointRetryBudgetSeconds: -1 };
    expect(real.durableExecutionConfigIssueBeforePlugins(budget)).toBeUndefined();
    expect(real.durableExecutionConfigIssueAfterInvocationStart(budget)?.message).toBe(
      "checkpointRetryBudgetSeconds must be a finite number of seconds, 0 or more (received number -1). Leave it out for the default of 12.",
    );
    expect(generated.durableExecutionConfigIssueAfterInvocationStart(budget)).toBeUndefined();
    expect(generated.durableExecutionConfigIssueBeforePlugins(budget)).toEqual({
      field: "config.checkpointRetryBudgetSeconds",
      message: "checkpointRetryBudgetSeconds must be a finite number of seconds, 0 or more (received number -1)",
      fix: "Leave it out for the default of 12.",
      received: -1,
    });
    // Both clients still come first before the plugins load.
    expect(generated.durableExecutionConfigIssueBeforePlugins({ client: {}, durableExecutionClient: {}, ...budget })?.field).toBe("config.client");
    // null is the field left out, unless the check says it reads null as a value (nullIsValue).
    expect(real.durableExecutionConfigIssueAfterInvocationStart({ checkpointRetryBudgetSeconds: null })).toBeUndefined();
    expect(real.durableExecutionConfigIssueAfterInvocationStart({ pluginsConfig: { childOperationsDepth: null } })?.field).toBe("config.pluginsConfig.childOperationsDepth");
  });

  it("an invocation check's rule, message, params and phase are refused when they cannot be generated", () => {
    const at = (i: number, key?: string) => `execution.config.invocationChecks[${i}]${key ? `.${key}` : ""}`;
    const checks = (d: any) => d.execution.config.invocationChecks;
    // Unknown phase, unknown check, unknown param source: the meta-schema.
    expect(problemsAfter((d) => (checks(d)[1].when = "afterPlugins"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(1, "when") }));
    expect(problemsAfter((d) => (checks(d)[1].check = "nonNegativeIntegerOrInfinite"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(1, "check") }));
    expect(problemsAfter((d) => (checks(d)[1].params.received = "valeu"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(1, "params.received") }));
    // The rule and the fields it reads.
    expect(problemsAfter((d) => (checks(d)[0].fields = ["client"]))).toEqual([{ file: EXECUTION, path: at(0, "fields"), reason: "notBoth reads two fields" }]);
    expect(problemsAfter((d) => (checks(d)[0].nullIsValue = "why"))).toEqual([
      { file: EXECUTION, path: at(0, "nullIsValue"), reason: "notBoth reads a field as given when it is truthy, so null is never given" },
    ]);
    expect(problemsAfter((d) => (checks(d)[1].fields = ["pluginsConfig.childOperationsDepth", "checkpointRetryBudgetSeconds"]))).toEqual([
      { file: EXECUTION, path: at(1, "fields"), reason: 'check "nonNegativeIntegerOrInfinity" reads one field (notBoth reads two)' },
    ]);
    expect(problemsAfter((d) => (checks(d)[1].check = "any"))).toEqual([{ file: EXECUTION, path: at(1, "check"), reason: "an invocation check refuses something: a check of a value, or notBoth" }]);
    expect(problemsAfter((d) => (d.execution.config.fields[4].default = { value: -1 }))).toEqual([
      { file: EXECUTION, path: at(2, "check (the default of checkpointRetryBudgetSeconds).value"), reason: "must be a finite number of at least 0 (the field's check), got -1" },
    ]);
    // The message: a DurableValidationError message with a fix, each of whose params has a source.
    expect(problemsAfter((d) => (checks(d)[0].message = "problemAndFix"))).toContainEqual({ file: EXECUTION, path: at(0, "message"), reason: '"problemAndFix" has no fix (schema/errors.yaml): the invocation check reports one' });
    expect(problemsAfter((d) => delete checks(d)[2].params.defaultSeconds)).toEqual([
      { file: EXECUTION, path: at(2, "params"), reason: "no source for defaultSeconds (a param of checkpointRetryBudgetInvalid or its fix): value or default" },
    ]);
    expect(problemsAfter((d) => (checks(d)[2].params.seconds = "value"))).toEqual([
      { file: EXECUTION, path: at(2, "params.seconds"), reason: "not a param of checkpointRetryBudgetInvalid or its fix (received, defaultSeconds)" },
    ]);
    expect(problemsAfter((d) => (checks(d)[2].params.defaultSeconds = "value"))).toEqual([
      { file: EXECUTION, path: at(2, "params.defaultSeconds"), reason: "value gives a string (the field's value as describeReceived writes it), defaultSeconds is a number" },
    ]);
    expect(problemsAfter((d) => (checks(d)[1].params.received = "default"))).toEqual([
      { file: EXECUTION, path: at(1, "params.received"), reason: "the default of pluginsConfig.childOperationsDepth is a number, received is a string" },
    ]);
    expect(problemsAfter((d) => Object.assign(checks(d)[0], { message: "childOperationsDepthInvalid", params: { received: "value" } }))).toEqual([
      { file: EXECUTION, path: at(0, "params.received"), reason: "value needs a check of one field (notBoth reads two)" },
    ]);
    expect(problemsAfter((d) => Object.assign(checks(d)[0], { message: "childOperationsDepthInvalid", params: { received: "default" } }))).toContainEqual({
      file: EXECUTION,
      path: at(0, "params.received"),
      reason: "default needs one field with a typed default (client, durableExecutionClient has none)",
    });
    // The composer: a DurableValidationError message of (problem, fix).
    expect(problemsAfter((d) => (checks(d)[0].composedWith = "problemAndFixes"))).toEqual([
      { file: EXECUTION, path: at(0, "composedWith"), reason: '"problemAndFixes" is not a message of DurableValidationError (schema/errors.yaml)' },
    ]);
    expect(problemsAfter((d) => (checks(d)[0].composedWith = "unexpectedPayload"))).toEqual([
      { file: EXECUTION, path: at(0, "composedWith"), reason: '"unexpectedPayload" does not take (problem: string, fix: string)' },
    ]);
  });

  it("an invocation check names known fields and a DurableValidationError message", () => {
    expect(problemsAfter((d) => (d.execution.config.invocationChecks[1].fields = ["pluginsConfig.childOperationDepth"]))).toEqual([
      {
        file: EXECUTION,
        path: "execution.config.invocationChecks[1].fields[0]",
        reason: 'unknown field "pluginsConfig.childOperationDepth" (one of client, durableExecutionClient, plugins, pluginsConfig, pluginsConfig.childOperationsDepth, checkpointRetryBudgetSeconds)',
      },
    ]);
    expect(problemsAfter((d) => (d.execution.config.invocationChecks[0].message = "bothClient"))).toEqual([
      { file: EXECUTION, path: "execution.config.invocationChecks[0].message", reason: '"bothClient" is not a message of DurableValidationError (schema/errors.yaml)' },
    ]);
    expect(problemsAfter((d) => (d.execution.config.invocationChecks[0].wen = "later"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.config.invocationChecks[0]" }));
  });
});

describe("withDurableExecution's event checks follow execution.yaml `event`", () => {
  const EVENT_LINES = "Unexpected payload provided to start the durable execution.\nCheck your resource configurations to confirm the durability is set.";
  const FIX = "Invoke the function through the durable-execution service (or the local durable service), which sends DurableExecutionArn, CheckpointToken and InitialExecutionState.";
  const checks = (d: any) => d.execution.event.checks;
  const at = (i: number, key?: string) => `execution.event.checks[${i}]${key ? `.${key}` : ""}`;

  it("the IR: the event's type, the composer and each check's field, rule, message and params, in order", () => {
    const event = irOf(copySchema(REAL_SCHEMA)).ir.execution!.event!;
    expect([event.type, event.composedWith, event.functionName, event.issueTypeName]).toEqual(["DurableExecutionInvocationInput", "unexpectedPayload", "durableExecutionEventIssue", "DurableExecutionEventIssue"]);
    expect(event.checks.map((c) => [c.field, c.check, c.message, c.messageParams])).toEqual([
      ["DurableExecutionArn", "truthy", "eventFieldMissing", [{ name: "field", from: "path" }]],
      ["CheckpointToken", "truthy", "eventFieldMissing", [{ name: "field", from: "path" }]],
      ["InitialExecutionState.Operations", "arrayOrAbsent", "eventFieldNotArray", [{ name: "field", from: "path" }]],
    ]);
  });

  it("the generated function returns the first problem: the field, the composer's message of the check's message, the composer's fix and the field's value", async () => {
    const real = await import("../../src/generated/validators");
    expect(real.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: "t", InitialExecutionState: { Operations: [] } })).toBeUndefined();
    expect(real.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: "t" })).toBeUndefined();
    expect(real.durableExecutionEventIssue(null)).toEqual({ field: "event.DurableExecutionArn", message: `${EVENT_LINES}\nThe event has no DurableExecutionArn.`, fix: FIX, received: undefined });
    expect(real.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: "", InitialExecutionState: { Operations: 1 } })).toEqual({
      field: "event.CheckpointToken",
      message: `${EVENT_LINES}\nThe event has no CheckpointToken.`,
      fix: FIX,
      received: "",
    });
    expect(real.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: "t", InitialExecutionState: { Operations: {} } })).toEqual({
      field: "event.InitialExecutionState.Operations",
      message: `${EVENT_LINES}\nThe event's InitialExecutionState.Operations is not an array.`,
      fix: FIX,
      received: {},
    });
  });

  it("a changed rule changes the generated function: its code and what it refuses", async () => {
    const before = validatorsAfter(() => {});
    const after = validatorsAfter((d) => {
      // Operations required (truthy), checked before the token; the token must be an array or absent.
      const [arn, token, operations] = checks(d);
      Object.assign(operations, { check: "truthy", message: "eventFieldMissing" });
      Object.assign(token, { check: "arrayOrAbsent", message: "eventFieldNotArray" });
      d.execution.event.checks = [arn, operations, token];
    });
    const fn = (text: string) => /^export function durableExecutionEventIssue\(.*?^}$/ms.exec(text)?.[0] ?? "";
    expect(fn(before.text)).toContain("!Array.isArray((event as DurableExecutionEventRead).InitialExecutionState?.Operations ?? [])");
    expect(fn(after.text)).toContain("!(event as DurableExecutionEventRead).InitialExecutionState?.Operations");
    expect(fn(after.text)).toContain("!Array.isArray((event as DurableExecutionEventRead).CheckpointToken ?? [])");
    const generated = (await import(after.file)) as typeof import("../../src/generated/validators");
    // Left out: accepted before, refused now.
    expect(generated.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: ["t"] })).toEqual({
      field: "event.InitialExecutionState.Operations",
      message: `${EVENT_LINES}\nThe event has no InitialExecutionState.Operations.`,
      fix: FIX,
      received: undefined,
    });
    expect(generated.durableExecutionEventIssue({ DurableExecutionArn: "a", CheckpointToken: "t", InitialExecutionState: { Operations: [] } })).toEqual({
      field: "event.CheckpointToken",
      message: `${EVENT_LINES}\nThe event's CheckpointToken is not an array.`,
      fix: FIX,
      received: "t",
    });
    expect(generated.durableExecutionEventIssue({ DurableExecutionArn: "a", InitialExecutionState: { Operations: [] } })).toBeUndefined();
  });

  it("the meta-schema refuses a typo'd key, an unknown rule and an unknown param source", () => {
    expect(problemsAfter((d) => (checks(d)[0].feild = "DurableExecutionArn"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(0) }));
    expect(problemsAfter((d) => (d.execution.event.composedWit = "unexpectedPayload"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.event" }));
    expect(problemsAfter((d) => (checks(d)[1].check = "present"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(1, "check") }));
    expect(problemsAfter((d) => (checks(d)[1].params.field = "value"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(1, "params.field") }));
    expect(problemsAfter((d) => (checks(d)[2].field = "InitialExecutionState..Operations"))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: at(2, "field") }));
    expect(problemsAfter((d) => (d.execution.event.checks = []))).toContainEqual(expect.objectContaining({ file: EXECUTION, path: "execution.event.checks" }));
  });

  it("a field the event's wire type does not have, or a wire type that is not a record", () => {
    expect(problemsAfter((d) => (checks(d)[1].field = "CheckpointTokn"))).toEqual([
      { file: EXECUTION, path: at(1, "field"), reason: 'unknown field "CheckpointTokn" (no "CheckpointTokn" in DurableExecutionInvocationInput: DurableExecutionArn, CheckpointToken, InitialExecutionState, UpdatedOperationIds)' },
    ]);
    expect(problemsAfter((d) => (checks(d)[2].field = "InitialExecutionState.Operation"))).toEqual([
      { file: EXECUTION, path: at(2, "field"), reason: 'unknown field "InitialExecutionState.Operation" (no "Operation" in DurableExecutionInvocationInput.InitialExecutionState: Operations, NextMarker)' },
    ]);
    expect(problemsAfter((d) => (checks(d)[0].field = "DurableExecutionArn.length"))).toEqual([
      { file: EXECUTION, path: at(0, "field"), reason: 'unknown field "DurableExecutionArn.length" (DurableExecutionInvocationInput.DurableExecutionArn has no fields)' },
    ]);
    expect(problemsAfter((d) => (d.execution.event.type = "DurableExecutionInput"))).toEqual([
      { file: EXECUTION, path: "execution.event.type", reason: '"DurableExecutionInput" is not a record type of the schema (the event\'s wire type)' },
    ]);
  });

  it("messages: known DurableValidationError messages, each param with a source; the composer takes (problem) and has the fix", () => {
    expect(problemsAfter((d) => (checks(d)[0].message = "eventFieldMising"))).toEqual([
      { file: EXECUTION, path: at(0, "message"), reason: '"eventFieldMising" is not a message of DurableValidationError (schema/errors.yaml)' },
      { file: EXECUTION, path: at(0, "params.field"), reason: "not a param of eventFieldMising (none)" },
    ]);
    expect(problemsAfter((d) => delete checks(d)[0].params)).toEqual([{ file: EXECUTION, path: at(0, "params"), reason: "no source for field (a param of eventFieldMissing): path" }]);
    expect(problemsAfter((d) => (checks(d)[0].params.name = "path"))).toEqual([{ file: EXECUTION, path: at(0, "params.name"), reason: "not a param of eventFieldMissing (field)" }]);
    expect(problemsAfter((d) => Object.assign(checks(d)[0], { message: "itemNamerNotString", params: { returned: "path", index: "path" } }))).toContainEqual({
      file: EXECUTION,
      path: at(0, "params.index"),
      reason: "path gives a string (the field's path), index is a number",
    });
    // A message with a fix of its own: that fix would never be shown (the error's fix is the composer's).
    expect(problemsAfter((d) => Object.assign(checks(d)[0], { message: "completionDecisionInvalid", params: { received: "path" } }))).toEqual([
      { file: EXECUTION, path: at(0, "message"), reason: '"completionDecisionInvalid" has a fix (schema/errors.yaml), which is never shown: the error\'s fix is unexpectedPayload\'s' },
    ]);
    expect(problemsAfter((d) => (d.execution.event.composedWith = "problemAndFix"))).toEqual([
      { file: EXECUTION, path: "execution.event.composedWith", reason: '"problemAndFix" does not take (problem: string)' },
    ]);
    expect(problemsAfter((d) => (d.execution.event.composedWith = "unexpectedPayloads"))).toEqual([
      { file: EXECUTION, path: "execution.event.composedWith", reason: '"unexpectedPayloads" is not a message of DurableValidationError (schema/errors.yaml)' },
    ]);
  });
});
