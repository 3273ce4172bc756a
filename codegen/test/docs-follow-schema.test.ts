/**
 * The operation pages follow the schema: removing a config field from a temporary copy of schema/ and
 * generating into a temporary folder drops the field's row from that operation's page (and only that
 * row), and the freshness check behind `npm run generate:check` would flag the committed page as stale.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput } from "../src/generate";
import { REAL_SCHEMA, REPO_ROOT, copySchema, editYaml, generateCopy, outputDirs } from "./helpers";

const FIELD = "semantics";
const ROW = /^\| `semantics` \(optional\) \| `StepSemantics` \|/m;

/** The real schema (as is, or with StepConfig.semantics removed), generated into `dirs`. */
function generated(removeField: boolean, dirs: { outDir: string; docsDir: string }): Map<string, string> {
  const copy = copySchema(REAL_SCHEMA);
  if (removeField) {
    editYaml(copy, "operations/step.yaml", (step: { config: { fields: { name: string }[] } }) => {
      const before = step.config.fields.length;
      step.config.fields = step.config.fields.filter((f) => f.name !== FIELD);
      expect(step.config.fields).toHaveLength(before - 1);
    });
  }
  return generateCopy(copy, dirs);
}

describe("the operation page follows the schema", () => {
  it("removing a config field removes its row from the operation's page, and only that row", () => {
    const dirs = outputDirs();
    const page = join(dirs.docsDir, "step.md");
    const before = generated(false, dirs).get(page)!;
    const after = generated(true, dirs).get(page)!;

    expect(before).toMatch(ROW);
    expect(after).not.toMatch(ROW);
    // The other fields of StepConfig keep their rows; nothing else on the page changed.
    expect(after).toMatch(/^\| `retryStrategy` \(optional\) \|/m);
    expect(after).toMatch(/^\| `serdes` \(optional\) \|/m);
    const removed = before.split("\n").filter((line) => !after.split("\n").includes(line));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(ROW);
    // The TypeScript follows too: StepConfig loses the property.
    expect(generated(false, dirs).get(join(dirs.outDir, "configs.ts"))).toContain("semantics?: StepSemantics;");
    expect(generated(true, dirs).get(join(dirs.outDir, "configs.ts"))).not.toContain("semantics?: StepSemantics;");
  }, 120_000);

  it("the freshness check (npm run generate:check) flags the committed page as stale", () => {
    // Generated in memory against the committed folders: the unchanged schema matches them, the edited one does not.
    const real = { outDir: join(REPO_ROOT, "src/generated"), docsDir: join(REPO_ROOT, "docs/reference") };
    const changed = (files: Map<string, string>) => diffOutput(files, []).filter((d) => d.kind !== "extra").map((d) => d.path);
    expect(changed(generated(false, real))).toEqual([]);
    expect(changed(generated(true, real))).toEqual(expect.arrayContaining([join(real.docsDir, "step.md"), join(real.outDir, "configs.ts")]));
  }, 120_000);
});
