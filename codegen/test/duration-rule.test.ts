/**
 * `durationRule:` of schema/types.yaml: the messages give the longest total in days only when the rule
 * has a days unit and the bound is a whole number of them, from the rule's own day length.
 */
import { describe, expect, it } from "vitest";
import { DURATION_RULE } from "../../src/generated/index.js";
import { copySchema, editYaml, irOf, REAL_SCHEMA } from "./helpers";

const ruleWith = (edit: (rule: Record<string, unknown>) => void) => {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, "types.yaml", (d) => edit(d.durationRule));
  return irOf(copy).ir.durationRule!;
};

describe("the Duration rule's bound in days", () => {
  it("is the real schema's 366 days, in the generated rule and its expected text", () => {
    expect(DURATION_RULE.maxInDays).toBe(" (366 days)");
    expect(DURATION_RULE.expected).toContain("at most 31622400 seconds (366 days) in total");
  });

  it("is singular for one day and computed from the rule's own day length", () => {
    expect(ruleWith((r) => (r.maxSeconds = 86_400)).maxInDays).toBe(" (1 day)");
    const custom = ruleWith((r) => {
      r.unitSeconds = { days: 1000, minutes: 60, seconds: 1 };
      r.maxSeconds = 3000;
    });
    expect(custom.maxInDays).toBe(" (3 days)");
    expect(custom.expected).toContain("at most 3000 seconds (3 days) in total");
  });

  it("is left out when the bound is not whole days or the rule has no days unit", () => {
    expect(ruleWith((r) => (r.maxSeconds = 90_000)).maxInDays).toBe("");
    const noDays = ruleWith((r) => {
      r.unitSeconds = { hours: 3600, minutes: 60, seconds: 1 };
      r.maxSeconds = 86_400;
    });
    expect(noDays.maxInDays).toBe("");
    expect(noDays.expected).toContain("at most 86400 seconds in total");
  });
});
