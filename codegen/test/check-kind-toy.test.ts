/**
 * A new check kind is one entry of codegen/src/check-kinds.ts: with a toy kind added to the table (and
 * nothing else), a schema field may name it, the validators define and use its predicate, its texts and
 * type follow, and a literal default is tested by it.
 */
import { describe, expect, it, vi } from "vitest";
import type * as CheckKinds from "../src/check-kinds";
import { emitConfigs } from "../src/emit/configs";
import { emitValidators } from "../src/emit/validators";
import { expectLines, minimalIr, print, schemaProblems, writeYaml, type SchemaCopy } from "./helpers";

vi.mock("../src/check-kinds", async (importOriginal) => {
  const real = await importOriginal<typeof CheckKinds>();
  const evenInteger: CheckKinds.CheckKind = {
    expected: "an even whole number",
    predicate: "isEvenInteger",
    source: "const isEvenInteger = (value: unknown): boolean => isNonNegativeInteger(value) && (value as number) % 2 === 0;",
    literal: "number",
  };
  const kinds = { ...real.CHECK_KINDS, evenInteger };
  return { ...real, CHECK_KINDS: kinds, LITERAL_TESTS: real.literalTests(kinds) };
});

const pairsConfig = (value: number) => (copy: SchemaCopy) =>
  writeYaml(copy, "shared/pairs.yaml", {
    configs: [{ name: "PairsConfig", fields: [{ name: "size", type: "number", optional: true, check: "evenInteger", default: { value }, summary: "Pair size.", fix: "Use an even whole number." }] }],
  });

describe("a toy check kind added to the table only", () => {
  it("is a check a schema field may name, whose predicate the validators define and use, with its expected text", () => {
    const { ir, index } = minimalIr(pairsConfig(4));
    const field = ir.sharedConfigs.find((c) => c.name === "PairsConfig")!.fields[0]!;
    expect(field.expected).toBe("an even whole number");
    const validators = print(emitValidators(ir, index));
    expectLines(validators, "const isEvenInteger = (value: unknown): boolean => isNonNegativeInteger(value) && (value as number) % 2 === 0;");
    expect(validators).toMatch(/const PAIRS_CONFIG: ConfigTable = \{ rules: \[\["size", isEvenInteger, \d+, \d+\]\] \};/);
    // Its type is a literal's (number): the validator input compares number with the interface's type.
    expectLines(validators, "  size?: number | undefined;");
    expectLines(print(emitConfigs(ir, index)), "    size: config?.size ?? 4,");
  });

  it("tests a literal default with its predicate", () => {
    expect(schemaProblems(() => minimalIr(pairsConfig(3)))).toEqual([
      { file: "schema/shared/pairs.yaml", path: "configs[0].fields[0].default.value", reason: "must be an even whole number (the field's check), got 3" },
    ]);
  });
});
