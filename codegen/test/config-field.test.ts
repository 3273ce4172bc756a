/**
 * One place to edit: adding a config field to a copy of the real schema changes the interface, its TSDoc,
 * the generated validator, the field-rule table and the docs page, and nothing else.
 */
import { describe, expect, it } from "vitest";
import { REAL_SCHEMA, copySchema, editYaml, expectLines, generateCopy, outputDirs } from "./helpers";

describe("adding a config field to schema/operations/step.yaml", () => {
  const copy = copySchema(REAL_SCHEMA);
  const dirs = outputDirs(copy.root);
  const before = generateCopy(copy, dirs);
  editYaml(copy, "operations/step.yaml", (op) =>
    op.config.fields.push({
      name: "timeoutSeconds",
      type: "number",
      optional: true,
      check: "positiveInteger",
      default: { unset: "no timeout" },
      summary: "Longest time one attempt may run.",
      description: "The attempt fails with a StepError when it is exceeded.",
      fix: "Use a whole number of seconds, at least 1.",
    }),
  );
  const after = generateCopy(copy, dirs);
  const file = (dir: string, name: string) => after.get(`${dir}/${name}`)!;

  it("changes exactly configs.ts, validators.ts and step.md", () => {
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
    expect(changed.map((path) => path.slice(copy.root.length + 1))).toEqual([
      "out/generated/configs.ts",
      "out/generated/validators.ts",
      "out/docs/step.md",
    ]);
  });

  it("adds the field, with its TSDoc, to the StepConfig interface", () => {
    expectLines(
      file(dirs.outDir, "configs.ts"),
      `  serdes?: Serdes<T>;
  /**
   * Longest time one attempt may run.
   *
   * The attempt fails with a StepError when it is exceeded.
   *
   * Default: no timeout.
   *
   * @generated from schema/operations/step.yaml, config StepConfig.timeoutSeconds
   */
  timeoutSeconds?: number;
}`,
    );
  });

  it("adds it to the generated validator's rule table, its checked type and the field rules", () => {
    const validators = file(dirs.outDir, "validators.ts");
    expectLines(
      validators,
      `const STEP_CONFIG_RULES: readonly Rule[] = [["retryStrategy", isFunction, OPTIONAL], ["semantics", (v: unknown) => v === "AT_MOST_ONCE_PER_RETRY" || v === "AT_LEAST_ONCE_PER_RETRY", OPTIONAL], ["serdes", isSerdes, OPTIONAL], ["timeoutSeconds", isPositiveInteger, OPTIONAL]];`,
    );
    expectLines(validators, `  serdes?: Serdes<unknown> | undefined;\n  timeoutSeconds?: number | undefined;\n};`);
    // Its rule: indexes into RULE_TEXTS pointing at the field's expectation and fix.
    const texts = JSON.parse(/const RULE_TEXTS: readonly string\[\] = (\[[\s\S]*?\]);/.exec(validators)![1]!.replace(/,\s*\]$/, "]")) as string[];
    const row = /^ {2}"step\.config\.timeoutSeconds": \[(\d+), (\d+)\],$/m.exec(validators);
    expect(row, "a FIELD_RULES row for the new field").not.toBeNull();
    expect([texts[Number(row![1])], texts[Number(row![2])]]).toEqual(["a whole number of at least 1", "Use a whole number of seconds, at least 1."]);
  });

  it("adds a row to the config table of the docs page", () => {
    expectLines(
      file(dirs.docsDir, "step.md"),
      "| `timeoutSeconds` (optional) | `number` | no timeout | Longest time one attempt may run. Must be a whole number of at least 1. |\n\n## What it checkpoints",
    );
  });
});
