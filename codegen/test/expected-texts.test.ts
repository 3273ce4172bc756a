/**
 * Every check kind of the meta-schema has its "expected" text (what a valid value is, in words): EXPECTED
 * is typed by the check names, so a new check kind without a text fails `tsc`, as does a text for a kind
 * that does not exist.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { SimpleCheckName } from "../src/ir";
import { EXPECTED } from "../src/ir/configs";
import { checkSchema } from "../src/meta-schema";

describe("EXPECTED, the expected text of each check kind", () => {
  it("is typed by the meta-schema's check names: leaving one out or adding an unknown one is a type error", () => {
    expectTypeOf<keyof typeof EXPECTED>().toEqualTypeOf<SimpleCheckName>();
    // @ts-expect-error every check kind needs its text
    const incomplete: typeof EXPECTED = { function: "a function" };
    // @ts-expect-error a text for a check kind the meta-schema does not have
    const unknown: typeof EXPECTED = { ...EXPECTED, duraton: "a Duration" };
    expect([incomplete, unknown]).toHaveLength(2);
  });

  it("has one non-empty text per check name but config (which names the operation's own config)", () => {
    const names = checkSchema.options[0].options.filter((name) => name !== "config");
    expect(Object.keys(EXPECTED).sort()).toEqual([...names].sort());
    for (const name of names) expect(EXPECTED[name]).not.toBe("");
  });
});
