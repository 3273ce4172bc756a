/**
 * One place to edit: adding a config field to a copy of the real schema changes the interface, its TSDoc,
 * the generated validator, the field-rule table and the docs page, and nothing else.
 */
import { describe, expect, it } from "vitest";
import { REAL_SCHEMA, addStepTimeoutField, copySchema, expectLines, generateCopy, outputDirs } from "./helpers";

describe("adding a config field to schema/operations/step.yaml", () => {
  const copy = copySchema(REAL_SCHEMA);
  const dirs = outputDirs(copy.root);
  const before = generateCopy(copy, dirs);
  addStepTimeoutField(copy);
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
   * @defaultValue no timeout
   * @generated from schema/operations/step.yaml, config StepConfig.timeoutSeconds
   */
  timeoutSeconds?: number;
}`,
    );
  });

  it("adds it to the generated validator's rule table, its checked type and the field rules", () => {
    const validators = file(dirs.outDir, "validators.ts");
    // The new field's rule comes last, after the existing fields (its text indexes are checked below).
    expect(validators).toMatch(
      /^const STEP_CONFIG: ConfigTable = \{ rules: \[\["retryStrategy", isFunction, \d+, \d+\], \["semantics", \(v: unknown\) => v === "AT_MOST_ONCE_PER_RETRY" \|\| v === "AT_LEAST_ONCE_PER_RETRY", \d+, \d+\], \["serdes", isSerdes, \d+, \d+\], \["timeoutSeconds", isPositiveInteger, \d+, \d+\]\] \};$/m,
    );
    expectLines(validators, `  serdes?: Serdes<unknown> | undefined;\n  timeoutSeconds?: number | undefined;\n};`);
    // Its rule: indexes into RULE_TEXTS pointing at the field's expectation and fix. Each line of RULE_TEXTS is
    // one text, except a spread of configObjectTexts (two) and DURATION_RULE's texts (named, not written).
    const lines = /const RULE_TEXTS: readonly string\[\] = \[\n([\s\S]*?)\n\];/.exec(validators)![1]!.split("\n").map((l) => l.trim().replace(/,$/, ""));
    const texts = lines.flatMap((l) => (l.startsWith("...configObjectTexts(") ? [l, l] : [l.startsWith("DURATION_RULE.") ? l : (JSON.parse(l) as string)]));
    const row = /\["timeoutSeconds", isPositiveInteger, (\d+), (\d+)\]/.exec(validators);
    expect(row, "a rule for the new field").not.toBeNull();
    expect([texts[Number(row![1])], texts[Number(row![2])]]).toEqual(["a whole number of at least 1", "Use a whole number of seconds, at least 1."]);
  });

  it("adds a row to the config table of the docs page", () => {
    expectLines(
      file(dirs.docsDir, "step.md"),
      "| `timeoutSeconds` (optional) | `number` | no timeout | Longest time one attempt may run. Must be a whole number of at least 1. |\n\nAn optional field set to `null` is read as left out, as the reference SDK reads it: its default applies and no `null` is sent. A field marked *Not `null`* throws `DurableValidationError` instead, because the reference reads its `null` as a value.\n\n## What it checkpoints",
    );
  });
});
