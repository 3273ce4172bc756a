/**
 * Typed defaults and presets of type fields (schema/types.yaml `default: { value }`, `presets:`): the
 * values the runtime's helpers (createRetryStrategy, createWaitStrategy, retryPresets, a RetryDecision
 * without a delay) fall back on are written once, in the schema, checked against each field's type,
 * emitted as `<TYPE>_DEFAULTS` / `<TYPE>_PRESETS` constants and stated in the docs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitTypes } from "../src/emit/types";
import { copySchema, editYaml, irOf, print, readYaml, REAL_SCHEMA, REPO_ROOT, schemaProblems, type SchemaCopy } from "./helpers";
import {
  FieldMatchMode,
  FILE_SYSTEM_SERDES_DEFAULTS,
  FileSystemPathEncoding,
  FileSystemSerdesMode,
  JitterStrategy,
  LINEAR_RETRY_STRATEGY_PRESETS,
  PREVIEW_DEFAULTS,
  PREVIEW_FIELD_DEFAULTS,
  RETRY_DECISION_DEFAULTS,
  RETRY_STRATEGY_DEFAULTS,
  RETRY_STRATEGY_PRESETS,
  WAIT_STRATEGY_DEFAULTS,
} from "../../src/generated/index.js";

const TYPES = "schema/types.yaml";
const RETRY_CONFIG = 3;
const LINEAR_CONFIG = 4;
const FILE_SYSTEM_CONFIG = (readYaml(copySchema(REAL_SCHEMA), "types.yaml").types as { name: string }[]).findIndex((t) => t.name === "FileSystemSerdesConfig");

/**
 * The defaults a reference `.d.ts` documents, per interface and field: `@defaultValue \`x\`` or
 * "Defaults to \`x\`" in the field's doc comment.
 */
function referenceDefaults(file: string): Record<string, Record<string, string>> {
  const text = readFileSync(join(REPO_ROOT, "node_modules/@aws/durable-execution-sdk-js/dist-types", file), "utf8");
  const out: Record<string, Record<string, string>> = {};
  for (const iface of text.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    for (const field of iface[2]!.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(\w+)\?:/g)) {
      const documented = /@defaultValue\s+`([^`]+)`|Defaults to `([^`]+)`/.exec(field[1]!);
      if (documented) (out[iface[1]!] ??= {})[field[2]!] = documented[1] ?? documented[2]!;
    }
  }
  return out;
}

function problemsAfter(edit: (data: any) => void) {
  const copy: SchemaCopy = copySchema(REAL_SCHEMA);
  editYaml(copy, "types.yaml", edit);
  return schemaProblems(() => irOf(copy));
}

describe("typed defaults of type fields", () => {
  const { ir, index } = irOf(copySchema(REAL_SCHEMA));
  const out = print(emitTypes(ir, index));

  it("are emitted as plain readonly literals (no call, no member access: a bundle that never uses one drops it), with the schema's values", () => {
    expect(out).toContain(`export const RETRY_STRATEGY_DEFAULTS = {
  maxAttempts: 3,
  initialDelay: { seconds: 5 },
  maxDelay: { minutes: 5 },
  backoffRate: 2,
  jitter: "FULL" as JitterStrategy,
} as const;`);
    expect(RETRY_STRATEGY_DEFAULTS).toEqual({ maxAttempts: 3, initialDelay: { seconds: 5 }, maxDelay: { minutes: 5 }, backoffRate: 2, jitter: JitterStrategy.FULL });
    expect(WAIT_STRATEGY_DEFAULTS).toEqual({ maxAttempts: 60, initialDelay: { seconds: 5 }, maxDelay: { seconds: 300 }, backoffRate: 1.5, jitter: JitterStrategy.FULL });
    expect(RETRY_DECISION_DEFAULTS).toEqual({ delay: { seconds: 1 } });
  });

  it("of the file-system serdes and preview options are the reference's documented defaults, emitted and read as constants", () => {
    const ours: Record<string, Record<string, string>> = {};
    for (const t of ir.types.filter((x) => ["PreviewField", "PreviewConfig", "FileSystemSerdesConfig"].includes(x.name)))
      for (const f of t.fields ?? []) if (f.default) (ours[t.name] ??= {})[f.name] = f.default.text;
    expect(ours).toEqual({ ...referenceDefaults("utils/serdes/preview.d.ts"), ...referenceDefaults("utils/serdes/filesystem-serdes.d.ts") });
    expect(Object.keys(ours)).toEqual(["PreviewField", "PreviewConfig", "FileSystemSerdesConfig"]);
    expect(PREVIEW_FIELD_DEFAULTS).toEqual({ match: FieldMatchMode.ANYWHERE });
    expect(PREVIEW_DEFAULTS).toEqual({ maskString: "***", maxPreviewBytes: 4096 });
    expect(FILE_SYSTEM_SERDES_DEFAULTS).toEqual({ storageMode: FileSystemSerdesMode.ALWAYS, pathEncoding: FileSystemPathEncoding.URI });
    expect(out).toContain("   * When a value is written to a file.\n   * @defaultValue `FileSystemSerdesMode.ALWAYS`\n   */");
  });

  it("agree with the enum members whose docs call them the default (an enum-typed field's default is named once in prose, on its member)", () => {
    const claims: string[] = [];
    const defaults: string[] = [];
    for (const t of ir.types)
      for (const f of t.fields ?? []) {
        const e = ir.enums.find((x) => x.name === f.type);
        if (!e || !f.default) continue;
        defaults.push(f.default.text);
        for (const v of e.values) if (/\bdefault\b/i.test(v.summary)) claims.push(`${e.name}.${v.name}`);
      }
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) expect(defaults, `${claim}'s doc calls it the default`).toContain(claim);
    expect(claims).toEqual(expect.arrayContaining(["FieldMatchMode.ANYWHERE", "FileSystemSerdesMode.ALWAYS", "FileSystemPathEncoding.URI"]));
  });

  it("are stated in the field's TSDoc as its @defaultValue, so the summary does not repeat them", () => {
    expect(out).toContain("   * Total attempts including the first.\n   * @defaultValue `3`\n   */");
    expect(out).toContain("   * Randomisation.\n   * @defaultValue `JitterStrategy.FULL`\n   */");
  });

  it("presets are emitted with their fields typed the same way, and listed in the type's TSDoc", () => {
    expect(RETRY_STRATEGY_PRESETS).toEqual({
      default: { maxAttempts: 6, initialDelay: { seconds: 5 }, maxDelay: { seconds: 60 }, backoffRate: 2, jitter: JitterStrategy.FULL },
      noRetry: { maxAttempts: 1 },
    });
    expect(LINEAR_RETRY_STRATEGY_PRESETS).toEqual({ linear: { maxAttempts: 6, initialDelay: { seconds: 1 }, increment: { seconds: 1 }, jitter: JitterStrategy.NONE } });
    expect(out).toContain("- `noRetry`: a single attempt; the first failure is final: `{ maxAttempts: 1 }`");
  });

  it.each([
    ["an enum value that is not a member", (d: any) => (d.types[RETRY_CONFIG].fields[4].default = { value: "SOME" }), `types[${RETRY_CONFIG}].fields[4].default.value`, 'must be one of "NONE", "FULL", "HALF" (the field is a JitterStrategy)'],
    ["a Duration with an unknown unit", (d: any) => (d.types[RETRY_CONFIG].fields[1].default = { value: { secs: 5 } }), `types[${RETRY_CONFIG}].fields[1].default.value`, "must be a Duration such as { seconds: 5 } (units: days, hours, minutes, seconds)"],
    ["a number for a Duration", (d: any) => (d.types[RETRY_CONFIG].fields[1].default = { value: 5 }), `types[${RETRY_CONFIG}].fields[1].default.value`, "must be a Duration such as { seconds: 5 } (units: days, hours, minutes, seconds)"],
    ["a string for a number", (d: any) => (d.types[RETRY_CONFIG].fields[0].default = { value: "3" }), `types[${RETRY_CONFIG}].fields[0].default.value`, "must be a number; a default needs a number, string, boolean, enum or Duration field"],
    ["a default on a field of another type", (d: any) => (d.types[RETRY_CONFIG].fields[5].default = { value: "x" }), `types[${RETRY_CONFIG}].fields[5].default.value`, "must be a (string | RegExp)[]; a default needs a number, string, boolean, enum or Duration field"],
    ["a storage mode that is not a member", (d: any) => (d.types[FILE_SYSTEM_CONFIG].fields[0].default = { value: "SOMETIMES" }), `types[${FILE_SYSTEM_CONFIG}].fields[0].default.value`, 'must be one of "ALWAYS", "OVERFLOW" (the field is a FileSystemSerdesMode)'],
    ["a default on a required field", (d: any) => (d.types[1].fields[0].default = { value: true }), "types[1].fields[0].default.value", "only an optional field can have a default (make it optional or remove the default)"],
    ["a summary that states the default again", (d: any) => (d.types[RETRY_CONFIG].fields[0].summary = "Total attempts (default 3)."), `types[${RETRY_CONFIG}].fields[0].summary`, "states the default again: the typed default is stated in the docs"],
    ["a preset naming a field the type lacks", (d: any) => (d.types[LINEAR_CONFIG].presets[0].value.backoffRate = 2), `types[${LINEAR_CONFIG}].presets[0].value.backoffRate`, 'LinearRetryStrategyConfig has no field "backoffRate"'],
    ["a preset value of the wrong type", (d: any) => (d.types[LINEAR_CONFIG].presets[0].value.jitter = "RANDOM"), `types[${LINEAR_CONFIG}].presets[0].value.jitter`, 'must be one of "NONE", "FULL", "HALF" (the field is a JitterStrategy)'],
  ])("fail generation with the field's path: %s", (_name, edit, path, reason) => {
    expect(problemsAfter(edit)).toEqual([{ file: TYPES, path, reason }]);
  });

  it("reject a typo in a default or a preset (strict keys)", () => {
    expect(problemsAfter((d) => (d.types[RETRY_CONFIG].fields[0].default = { valeu: 3 }))).toContainEqual({
      file: TYPES,
      path: `types[${RETRY_CONFIG}].fields[0].default`,
      reason: 'unknown key "valeu"',
    });
    expect(problemsAfter((d) => (d.types[RETRY_CONFIG].presets[0].summery = "x"))).toEqual([
      { file: TYPES, path: `types[${RETRY_CONFIG}].presets[0]`, reason: 'unknown key "summery"' },
    ]);
  });
});
