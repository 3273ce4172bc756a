/**
 * `durationRule:` of schema/types.yaml: the messages give the longest total in days only when the rule
 * has a days unit and the bound is a whole number of them, from the rule's own day length.
 */
import { describe, expect, it } from "vitest";
import { DURATION_RULE } from "../../src/generated/index.js";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems, writeYaml } from "./helpers";

/** The real schema's Duration rule with `unitSeconds` and `maxSeconds` replaced. */
const ruleWith = (maxSeconds: number, unitSeconds?: Record<string, number>) => {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, "types.yaml", (d) => {
    d.durationRule.maxSeconds = maxSeconds;
    if (unitSeconds) d.durationRule.unitSeconds = unitSeconds;
  });
  return irOf(copy).ir.durationRule!;
};

describe("the Duration rule's bound in days", () => {
  it("is the real schema's 366 days, in the generated rule and its expected text (the docs')", () => {
    expect(DURATION_RULE.maxInDays).toBe(" (366 days)");
    expect(irOf(copySchema(REAL_SCHEMA)).ir.durationRule!.expected).toContain("at most 31622400 seconds (366 days) in total");
  });

  it.each<{ case: string; maxSeconds: number; unitSeconds: Record<string, number> | undefined; days: string }>([
    { case: "one day, singular", maxSeconds: 86_400, unitSeconds: undefined, days: " (1 day)" },
    { case: "the rule's own day length", maxSeconds: 3000, unitSeconds: { days: 1000, minutes: 60, seconds: 1 }, days: " (3 days)" },
    { case: "left out when not whole days", maxSeconds: 90_000, unitSeconds: undefined, days: "" },
    { case: "left out without a days unit", maxSeconds: 86_400, unitSeconds: { hours: 3600, minutes: 60, seconds: 1 }, days: "" },
  ])("$case", ({ maxSeconds, unitSeconds, days }) => {
    const rule = ruleWith(maxSeconds, unitSeconds);
    expect(rule.maxInDays).toBe(days);
    expect(rule.expected).toContain(`at most ${maxSeconds} seconds${days} in total`);
  });
});

describe("a schema that checks Durations declares the rule", () => {
  const missing = [{ file: "schema/types.yaml", path: "durationRule", reason: "the schema checks Durations but declares no durationRule (units, minSeconds, maxSeconds)" }];

  it("when a config field checks a Duration", () => {
    const copy = copySchema();
    writeYaml(copy, "shared/poll.yaml", {
      configs: [{ name: "PollConfig", summary: "Polling.", fields: [{ name: "every", type: "Duration", optional: true, check: "duration", summary: "How often." }] }],
    });
    expect(schemaProblems(() => irOf(copy))).toEqual(missing);
  });

  it("when a type field has a Duration default: reported at the default, which has no units to take without the rule", () => {
    const copy = copySchema();
    editYaml(copy, "types.yaml", (d) =>
      d.types.push({ name: "PollOptions", summary: "Polling.", fields: [{ name: "every", type: "Duration", optional: true, summary: "How often.", default: { value: { seconds: 5 } } }] }),
    );
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: "schema/types.yaml", path: "types[2].fields[0].default.value", reason: "a Duration default needs the schema's durationRule (its unitSeconds are the units a Duration is written in)" },
    ]);
  });

  it("when a method param checks a Duration (else its texts fall back to the defaults)", () => {
    const copy = copySchema();
    editYaml(copy, "operations/step.yaml", (op) => (op.method.params[0].check = "duration"));
    expect(schemaProblems(() => irOf(copy))).toEqual(missing);
  });
  it("when a withDurableExecution config field checks a Duration (the real schema, its other Durations and the rule taken out)", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "types.yaml", (d) => {
      delete d.durationRule;
      for (const t of d.types) {
        for (const f of t.fields ?? []) if (f.type === "Duration") delete f.default, delete f.maxSeconds;
        delete t.presets;
      }
    });
    for (const file of ["wait", "wait-for-callback", "create-callback"])
      editYaml(copy, `operations/${file}.yaml`, (op) => {
        for (const p of op.method.params) if (p.check === "duration") p.check = "any";
        for (const f of op.config?.fields ?? []) if (f.check === "duration") delete f.maxSeconds, Object.assign(f, { check: "any", fix: "Pass anything." });
      });
    expect(irOf(copy).ir.durationRule).toBeUndefined();
    editYaml(copy, "execution.yaml", (d) => Object.assign(d.execution.config.fields[0], { check: "duration", fix: "Pass a Duration." }));
    expect(schemaProblems(() => irOf(copy))).toEqual(missing);
  });
});

describe("a Duration field's own longest total (maxSeconds:)", () => {
  it("is the callback timeouts' MAX_CALLBACK_TIMEOUT_SECONDS and none for a strategy's initialDelay, increment and maxDelay in the real schema", () => {
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const callback = ir.configs.find((c) => c.name === "CreateCallbackConfig")!;
    for (const name of ["timeout", "heartbeatTimeout"]) {
      const field = callback.fields.find((f) => f.name === name)!;
      expect(field.maxSeconds).toEqual({ limit: "MAX_CALLBACK_TIMEOUT_SECONDS", value: 99_999_999 });
      expect(field.expected).toContain("at most 99999999 seconds in total");
    }
    const linear = ir.types.find((t) => t.name === "LinearRetryStrategyConfig")!;
    expect(linear.fields!.filter((f) => f.maxSeconds).map((f) => [f.name, f.maxSeconds])).toEqual([
      ["initialDelay", { value: Infinity }],
      ["increment", { value: Infinity }],
      ["maxDelay", { value: Infinity }],
    ]);
    expect(linear.maxSecondsName).toBe("LINEAR_RETRY_STRATEGY_MAX_SECONDS");
  });

  it("names a limits: entry or none", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "operations/create-callback.yaml", (op) => (op.config.fields[0].maxSeconds = "MAX_CALLBACK_TIMEOUT"));
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: "schema/operations/create-callback.yaml", path: "config.fields[0].maxSeconds", reason: expect.stringMatching(/^"MAX_CALLBACK_TIMEOUT" is not a limit \(limits: names .*MAX_CALLBACK_TIMEOUT_SECONDS.*\), nor none$/) },
    ]);
  });

  it("belongs to Duration fields only", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "operations/create-callback.yaml", (op) => (op.config.fields[2].maxSeconds = "none"));
    editYaml(copy, "types.yaml", (d) => (d.types.find((t: { name: string }) => t.name === "RetryStrategyConfig").fields[0].maxSeconds = "none"));
    expect(schemaProblems(() => irOf(copy))).toEqual(
      expect.arrayContaining([
        { file: "schema/operations/create-callback.yaml", path: "config.fields[2].maxSeconds", reason: "only a `check: duration` field has a longest total (remove maxSeconds)" },
        { file: "schema/types.yaml", path: expect.stringMatching(/^types\[\d+\]\.fields\[0\]\.maxSeconds$/), reason: "only a Duration field has a longest total (remove maxSeconds)" },
      ]),
    );
  });
});
