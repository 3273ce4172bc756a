/**
 * emitConfigs / emitValidators: a config's interface, its plain validator and the compile-time assertion
 * that the two agree all come from the same IR node.
 */
import { describe, expect, it } from "vitest";
import { emitConfigs } from "../src/emit/configs";
import { ts } from "ts-morph";
import { configObjectTextsFunction, emitValidators } from "../src/emit/validators";
import { article, nestedConfigTexts, withArticleFunction } from "../src/ir";
import { editYaml, expectLines, minimalIr, print, schemaProblems, writeYaml, type SchemaCopy } from "./helpers";

describe("config emitters", () => {
  const { ir, index } = minimalIr((copy) => {
    editYaml(copy, "enums.yaml", (file) =>
      file.enums.push({
        name: "StepSemantics",
        summary: "How often.",
        values: [
          { name: "AtMostOnce", value: "AT_MOST_ONCE", summary: "At most once." },
          { name: "AtLeastOnce", value: "AT_LEAST_ONCE", summary: "At least once." },
        ],
      }),
    );
    editYaml(copy, "operations/step.yaml", (op) => {
      op.method.params.push({ name: "config", type: "StepConfig<TOutput>", optional: true, check: "config", summary: "Options." });
      op.config = {
        name: "StepConfig",
        typeParams: [{ name: "T" }],
        exclusive: [["semantics"], ["maxAttempts"]],
        fields: [
          {
            name: "semantics",
            type: "StepSemantics",
            optional: true,
            check: { enum: "StepSemantics" },
            default: { value: "AT_LEAST_ONCE" },
            summary: "Whether an attempt may run twice.",
            fix: "Use StepSemantics.AtMostOnce or StepSemantics.AtLeastOnce.",
          },
          { name: "maxAttempts", type: "number", optional: true, check: "positiveInteger", summary: "Attempts in total.", fix: "Use a whole number of at least 1." },
          { name: "initial", type: "T", check: "defined", summary: "First value.", description: "May be null.", fix: "Pass a value." },
        ],
      };
    });
  });
  const configs = print(emitConfigs(ir, index));
  const validators = print(emitValidators(ir, index));

  it("emits the interface with TSDoc per field, including the default and provenance", () => {
    expectLines(
      configs,
      `/**
 * Options of \`context.step\`.
 *
 * @generated from schema/operations/step.yaml, config StepConfig
 */
export interface StepConfig<T> {
  /**
   * Whether an attempt may run twice.
   *
   * @defaultValue \`StepSemantics.AtLeastOnce\`
   * @generated from schema/operations/step.yaml, config StepConfig.semantics
   */
  semantics?: StepSemantics;
  /**
   * Attempts in total.
   *
   * @generated from schema/operations/step.yaml, config StepConfig.maxAttempts
   */
  maxAttempts?: number;
  /**
   * First value.
   *
   * May be null.
   *
   * @generated from schema/operations/step.yaml, config StepConfig.initial
   */
  initial: T;
}`,
    );
    expect(configs.split("\n").filter((l) => l.startsWith("import "))).toEqual(['import { StepSemantics } from "./enums";']);
  });

  it("emits the resolved type: a field with a literal default becomes required, the others keep their optionality", () => {
    expectLines(
      configs,
      `export interface ResolvedStepConfig<T> {
  /**
   * Whether an attempt may run twice.
   *
   * @generated from schema/operations/step.yaml, config StepConfig.semantics
   */
  semantics: StepSemantics;
  /**
   * Attempts in total.
   *
   * @generated from schema/operations/step.yaml, config StepConfig.maxAttempts
   */
  maxAttempts?: number;`,
    );
  });

  it("emits the resolver: the literal default as an enum member; a config with a required field is itself required", () => {
    expectLines(
      configs,
      `export function resolveStepConfig<T>(config: StepConfig<T>): ResolvedStepConfig<T> {
  return {
    semantics: config.semantics ?? StepSemantics.AtLeastOnce,
    maxAttempts: config.maxAttempts ?? undefined,
    initial: config.initial,
  };
}`,
    );
    expect(configs).not.toContain("StepConfigRuntimeDefaults");
  });

  it("emits the unread-field guard once: a type check with an empty body that bundlers drop", () => {
    expect(configs.match(/export function everyConfigFieldRead\(_unread: \{ readonly \[field: string\]: never \}, _configName: string\): void \{\n\}/g)).toHaveLength(1);
    expect(configs).toMatch(/\/\* @__NO_SIDE_EFFECTS__ \*\/ \/\*\*\n \* Called by a runtime operation/);
  });

  it("emits the plain validator from the same fields: fields in order, then unknown keys, then the exclusive groups", () => {
    // One rule per field, in declaration order, with its texts (indexes into RULE_TEXTS): the interpreter
    // reports the first failing field, then unknown keys (any key without a rule), then the exclusive groups.
    expectLines(
      validators,
      `const STEP_CONFIG: ConfigTable = { rules: [["semantics", (v: unknown) => v === "AT_MOST_ONCE" || v === "AT_LEAST_ONCE", 0, 1], ["maxAttempts", isPositiveInteger, 2, 3], ["initial", isDefined, 4, 5, REQUIRED]], exclusive: [["semantics"], ["maxAttempts"]] };`,
    );
    expectLines(
      validators,
      `export function validateStepConfig(input: unknown): ValidationIssue | undefined {
  return checkFields(input, STEP_CONFIG.rules, STEP_CONFIG);
}`,
    );
    expect(validators).not.toMatch(/zod|\bz\./);
  });

  it("emits the type the validator admits and the assertion that it equals the interface", () => {
    expectLines(
      validators,
      `type StepConfigValidatorInput = {
  semantics?: StepSemantics | undefined;
  maxAttempts?: number | undefined;
  initial: unknown;
};
/** Fails to compile when validateStepConfig and StepConfig disagree. */
export type StepConfigMatchesValidator = Assert<Exact<StepConfig<unknown>, StepConfigValidatorInput>>;`,
    );
  });

  it("emits the argument validator and the texts used in error messages", () => {
    // The arguments' table holds the nested config's table, so checkArguments finds the rule (and its
    // texts) of any field by walking the path.
    expectLines(
      validators,
      `export const STEP_ARGS_RULES: readonly Rule[] = [["name", isString, 6, 7], ["fn", isFunction, 8, 9, REQUIRED], ["config", STEP_CONFIG, 10, 11]];`,
    );
    expectLines(
      validators,
      `export function validateStepArgs(input: unknown): ValidationIssue | undefined {
  return checkFields(input, STEP_ARGS_RULES);
}`,
    );
    // Each field refers to its texts by index: a text shared by several fields is written once, and the
    // default texts of a nested config field are built from its name.
    expectLines(
      validators,
      `const RULE_TEXTS: readonly string[] = [
  "one of \\"AT_MOST_ONCE\\", \\"AT_LEAST_ONCE\\"",
  "Use StepSemantics.AtMostOnce or StepSemantics.AtLeastOnce.",
  "a whole number of at least 1",
  "Use a whole number of at least 1.",
  "a value other than undefined",
  "Pass a value.",
  "a string",
  "Pass a string name, or leave the name out.",
  "a function",
  "Pass a function.",
  ...configObjectTexts("StepConfig"),
];`,
    );
    expect(validators).not.toContain("FIELD_RULES");
  });

  it("declares a nested shared validator before the validator that uses it", () => {
    const nested = minimalIr((copy) =>
      writeYaml(copy, "shared/retry.yaml", {
        configs: [
          {
            name: "RetryConfig",
            fields: [{ name: "backoff", type: "BackoffConfig", optional: true, check: { config: "BackoffConfig" }, summary: "Backoff.", fix: "Pass a BackoffConfig." }],
          },
          { name: "BackoffConfig", fields: [{ name: "rate", type: "number", check: "number", summary: "Rate.", fix: "Pass a number." }] },
        ],
      }),
    );
    const text = print(emitValidators(nested.ir, nested.index));
    expect(text.match(/^export function validate\w+Config\b/gm)).toEqual(["export function validateBackoffConfig", "export function validateRetryConfig"]);
    expectLines(text, `const RETRY_CONFIG: ConfigTable = { rules: [["backoff", BACKOFF_CONFIG, 2, 3]] };`);
    expectLines(text, "  backoff?: BackoffConfigValidatorInput | undefined;");
  });

  it("builds a nested config's texts at run time exactly as the field rules word them", () => {
    // The generated function, compiled and run, against the codegen's own wording for the same names.
    const js = ts.transpileModule(`${withArticleFunction()}\n${configObjectTextsFunction()}\nexport { configObjectTexts };`, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const exports: { configObjectTexts?: (config: string) => string[] } = {};
    new Function("exports", js)(exports);
    for (const name of ["InvokeConfig", "StepConfig", "ErrorFilterConfig", "uConfig", "UpdateConfig", "UserConfig", "zConfig", ""]) {
      const { expected, fix } = nestedConfigTexts(name);
      expect(exports.configObjectTexts!(name)).toEqual([expected, fix]);
    }
    expect(nestedConfigTexts("InvokeConfig")).toEqual({ expected: "an InvokeConfig object", fix: "Pass an InvokeConfig object (see its fields) or leave it out." });
  });

  it("picks the article at run time by the codegen's own rule, a U by how it sounds", () => {
    const js = ts.transpileModule(`${withArticleFunction()}\nexport { withArticle };`, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const exports: { withArticle?: (name: string) => string } = {};
    new Function("exports", js)(exports);
    const cases: [string, string][] = [
      ["InvokeConfig", "an InvokeConfig"],
      ["OrderConfig", "an OrderConfig"],
      ["Set", "a Set"],
      ["Uint8Array", "a Uint8Array"],
      ["Uint16Array", "a Uint16Array"],
      ["URL", "a URL"],
      ["URLSearchParams", "a URLSearchParams"],
      ["User", "a User"],
      ["Utility", "a Utility"],
      ["Unit", "a Unit"],
      ["Union", "a Union"],
      ["U", "a U"],
      ["Update", "an Update"],
      ["Unknown", "an Unknown"],
      ["Upper", "an Upper"],
      ["uplink", "an uplink"],
      ["ArrayBuffer", "an ArrayBuffer"],
      ["", "a "],
    ];
    for (const [name, expected] of cases) {
      expect(exports.withArticle!(name), name).toBe(expected);
      expect(`${article(name)} ${name}`, name).toBe(expected);
    }
  });
});

describe("a default filled in only when no field is set (CompletionConfig's fail fast)", () => {
  const batchConfig = (toleratedDefault: object) => (copy: SchemaCopy) =>
    writeYaml(copy, "shared/batch.yaml", {
      configs: [
        {
          name: "BatchConfig",
          fields: [
            { name: "minSuccessful", type: "number", optional: true, check: "nonNegativeInteger", summary: "Enough.", fix: "Use a whole number of at least 0." },
            { name: "tolerated", type: "number", optional: true, check: "nonNegativeInteger", default: toleratedDefault, summary: "Failures allowed.", fix: "Use a whole number of at least 0." },
          ],
        },
      ],
    });

  it("the resolver fills it only when every field is unset; the resolved field stays optional; docs say both cases", () => {
    const { ir, index } = minimalIr(batchConfig({ value: 0, whenNoFieldSet: true, otherwise: "unlimited" }));
    const text = print(emitConfigs(ir, index));
    expectLines(
      text,
      `export function resolveBatchConfig(config: BatchConfig | undefined): ResolvedBatchConfig {
  const noFieldSet = config?.minSuccessful == null && config?.tolerated == null;
  return {
    minSuccessful: config?.minSuccessful ?? undefined,
    tolerated: config?.tolerated ?? (noFieldSet ? 0 : undefined),
  };
}`,
    );
    expect(text).toContain("   * @defaultValue `0` when no field is set, otherwise unlimited\n");
    expect(text.match(/^ {2}tolerated\??: number;$/gm)).toEqual(["  tolerated?: number;", "  tolerated?: number;"]);
  });

  it("the value is checked like any literal default, and whenNoFieldSet needs its otherwise", () => {
    expect(schemaProblems(() => minimalIr(batchConfig({ value: -1, whenNoFieldSet: true, otherwise: "unlimited" })))).toEqual([
      { file: "schema/shared/batch.yaml", path: "configs[0].fields[1].default.value", reason: "must be a whole number of at least 0 (the field's check), got -1" },
    ]);
    expect(schemaProblems(() => minimalIr(batchConfig({ value: 0, whenNoFieldSet: true })))).toEqual([
      expect.objectContaining({ file: "schema/shared/batch.yaml", reason: expect.stringContaining("whenNoFieldSet and otherwise go together") }),
    ]);
  });
});

describe("null in a config: read as left out, unless the field checks it as a value (nullIsValue)", () => {
  /** A number field of CountConfig: optional, checked as a whole number of at least 0, unless `more` says otherwise. */
  const field = (name: string, more: object = {}) => ({ name, type: "number", optional: true, check: "nonNegativeInteger", summary: "A count.", fix: "Use a whole number of at least 0.", ...more });
  const countConfig = (count: object) => (copy: SchemaCopy) =>
    writeYaml(copy, "shared/count.yaml", {
      configs: [{ name: "CountConfig", fields: [field("limit"), field("count", count), field("label", { type: "() => string", check: "function", fix: "Pass a function." })] }],
    });

  it("marks the field NULL_CHECKED in the rule table and resolves its value as given; another scalar resolves null to undefined", () => {
    const { ir, index } = minimalIr(countConfig({ nullIsValue: "the reference reads null as 0." }));
    expectLines(
      print(emitValidators(ir, index)),
      'const COUNT_CONFIG: ConfigTable = { rules: [["limit", isNonNegativeInteger, 0, 1], ["count", isNonNegativeInteger, 0, 1, NULL_CHECKED], ["label", isFunction, 2, 3]] };',
    );
    expectLines(
      print(emitConfigs(ir, index)),
      `export function resolveCountConfig(config: CountConfig | undefined): ResolvedCountConfig {
  return {
    limit: config?.limit ?? undefined,
    count: config?.count,
    label: config?.label,
  };
}`,
    );
  });

  it("refuses nullIsValue on a required field (its null is always checked)", () => {
    expect(schemaProblems(() => minimalIr(countConfig({ optional: false, nullIsValue: "why." })))).toEqual([
      { file: "schema/shared/count.yaml", path: "configs[0].fields[1].nullIsValue", reason: "only an optional field may take null as a value (a required field's null is always checked)" },
    ]);
  });
});
