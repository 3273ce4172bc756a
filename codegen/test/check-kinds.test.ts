/**
 * The table of check kinds (codegen/src/check-kinds.ts) is the one place a kind is declared: the
 * meta-schema's names, the validators' predicates and their code, the expected texts and the tests of
 * literal defaults are all read from it. A literal default is tested by the predicate the validators
 * emit, so the generator refuses a default the runtime would refuse (2**60 is an integer, but not a
 * safe one, which the runtime's whole-number checks ask for).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { CHECK_KINDS, checkKindNames, literalTests, predicateSources, type CheckKind, type CheckKindName } from "../src/check-kinds";
import type { SimpleCheckName } from "../src/ir";
import { checkSchema } from "../src/meta-schema";
import { minimalIr, REPO_ROOT, schemaProblems, writeYaml, type SchemaCopy } from "./helpers";

/** A config of a schema copy with one optional field of `check`, and its `default`. */
const configWith = (check: string, value: unknown) => (copy: SchemaCopy) =>
  writeYaml(copy, "shared/limits.yaml", {
    configs: [{ name: "LimitsConfig", fields: [{ name: "limit", type: "number", optional: true, check, default: { value }, summary: "A limit.", fix: "Use a valid limit." }] }],
  });
const problemsOf = (check: string, value: unknown) => schemaProblems(() => minimalIr(configWith(check, value)));
const at = { file: "schema/shared/limits.yaml", path: "configs[0].fields[0].default.value" };

describe("the check kinds' table", () => {
  it("is the meta-schema's list of check names (and config, the operation's own config)", () => {
    expectTypeOf<CheckKindName>().toEqualTypeOf<SimpleCheckName>();
    expect(checkSchema.options[0].options).toEqual([...Object.keys(CHECK_KINDS), "config"]);
  });

  it("gives every kind a non-empty expected text, and every predicate a definition", () => {
    // @ts-expect-error a kind needs its expected text
    const noText: CheckKind = { predicate: "isOdd", source: "const isOdd = (value: unknown): boolean => value === 1;" };
    expect(noText.predicate).toBe("isOdd");
    const generated = readFileSync(join(REPO_ROOT, "src/generated/validators.ts"), "utf8");
    for (const name of checkKindNames(CHECK_KINDS)) {
      const kind = CHECK_KINDS[name];
      expect(kind.expected, name).not.toBe("");
      // Only `any` has no predicate; a predicate is defined by its own source, the Duration rule's code or the language.
      if (kind.predicate === undefined) expect(name).toBe("any");
      else if (kind.source === undefined) expect([["duration", "isDuration"], ["array", "Array.isArray"]]).toContainEqual([name, kind.predicate]);
      else {
        expect(kind.source, name).toMatch(new RegExp(`^(/\\*\\*[^]*?\\*/\\n)?const ${kind.predicate} = `));
        expect(generated, name).toContain(`\n${kind.source}\n`);
      }
    }
  });

  it("tests a literal default with the emitted predicate itself", () => {
    const tests = literalTests(CHECK_KINDS);
    expect([...tests.keys()].sort()).toEqual(checkKindNames(CHECK_KINDS).filter((n) => CHECK_KINDS[n].literal !== undefined).sort());
    expect(tests.get("positiveInteger")!(2 ** 53 - 1)).toBe(true);
    expect([2 ** 53, 2 ** 60, 0, 1.5, "1"].map(tests.get("positiveInteger")!)).toEqual([false, false, false, false, false]);
    expect([Infinity, 2 ** 60].map(tests.get("positiveIntegerOrInfinity")!)).toEqual([true, false]);
    expect([Infinity, NaN, 3].map(tests.get("number")!)).toEqual([false, false, true]);
  });
});

describe("a literal default the runtime's check would refuse is a schema problem", () => {
  it("refuses an integer beyond the safe range for the whole-number checks (the runtime tests Number.isSafeInteger)", () => {
    expect(problemsOf("positiveInteger", 2 ** 60)).toEqual([{ ...at, reason: `must be a whole number of at least 1 (the field's check), got ${2 ** 60}` }]);
    expect(problemsOf("nonNegativeInteger", 2 ** 53)).toEqual([{ ...at, reason: `must be a whole number of at least 0 (the field's check), got ${2 ** 53}` }]);
    expect(problemsOf("positiveIntegerOrInfinity", 2 ** 60)).toEqual([{ ...at, reason: `must be a whole number of at least 1, or Infinity (the field's check), got ${2 ** 60}` }]);
  });

  it("accepts what the runtime accepts: the largest safe integer, and any integer where the runtime tests Number.isInteger", () => {
    expect(() => minimalIr(configWith("positiveInteger", 2 ** 53 - 1))).not.toThrow();
    expect(() => minimalIr(configWith("nonNegativeIntegerOrInfinity", 2 ** 60))).not.toThrow();
  });
});

describe("a new check kind is one entry of the table", () => {
  const evenInteger: CheckKind = {
    expected: "an even whole number",
    predicate: "isEvenInteger",
    source: "const isEvenInteger = (value: unknown): boolean => isNonNegativeInteger(value) && (value as number) % 2 === 0;",
    literal: "number",
  };
  const kinds = { ...CHECK_KINDS, evenInteger };

  it("gives the meta-schema its name, the validators its code and a literal default its test", () => {
    expect(z.enum(checkKindNames(kinds)).safeParse("evenInteger").success).toBe(true);
    expect(predicateSources(kinds)).toBe(`${predicateSources(CHECK_KINDS)}\n${evenInteger.source}`);
    const test = literalTests(kinds).get("evenInteger")!;
    expect([4, 0, 3, -2, 2 ** 60].map(test)).toEqual([true, true, false, false, false]);
  });

  it("a kind that takes a literal default without a predicate to test it is refused", () => {
    expect(() => literalTests({ ...CHECK_KINDS, evenInteger: { expected: "an even whole number", literal: "number" } })).toThrow(
      'check kind "evenInteger" takes a literal default (literal: number) but has no predicate to test it with',
    );
  });
});
