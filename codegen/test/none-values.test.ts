/**
 * A value of a wire field that means none, as leaving the field out does (schema/wire.yaml `none:` of a
 * field: a callback timeout of 0 is no timeout). The value is typed as the field, stated once in the field's
 * docs (after its summary, which does not repeat it) and emitted as `<TYPE>_NONE_VALUES`, which the local
 * service compares a field with (src/local/apply-update.ts).
 */
import { describe, expect, it } from "vitest";
import { CALLBACK_OPTIONS_NONE_VALUES } from "../../src/generated/index";
import { emitTypes } from "../src/emit/types";
import { copySchema, editYaml, expectLines, irOf, print, REAL_SCHEMA, realSchemaProblemsAfter } from "./helpers";

const WIRE = "schema/wire.yaml";

/** The real schema with one edit of CallbackOptions in wire.yaml; returns the problems generation reports. */
function problemsAfter(edit: (callbackOptions: any) => void) {
  return realSchemaProblemsAfter("wire.yaml", (d) => edit(d.types.find((t: { name: string }) => t.name === "CallbackOptions")));
}

/** `types[i].fields[k]` of CallbackOptions.<field> in the real wire.yaml. */
function pathOf(field: string): string {
  const copy = copySchema(REAL_SCHEMA);
  let path = "";
  editYaml(copy, "wire.yaml", (d) => {
    const i = d.types.findIndex((t: { name: string }) => t.name === "CallbackOptions");
    path = `types[${i}].fields[${d.types[i].fields.findIndex((f: { name: string }) => f.name === field)}]`;
  });
  return path;
}

describe("a wire field's value that means none", () => {
  const { ir, index } = irOf(copySchema(REAL_SCHEMA));

  it("is generated as CALLBACK_OPTIONS_NONE_VALUES: 0 for both callback timeouts", () => {
    expect(CALLBACK_OPTIONS_NONE_VALUES).toEqual({ TimeoutSeconds: 0, HeartbeatTimeoutSeconds: 0 });
    expectLines(
      print(emitTypes(ir, index)),
      `export const CALLBACK_OPTIONS_NONE_VALUES = {
  /** 0 or unset: it never times out. */
  TimeoutSeconds: 0,
  /** 0 or unset: no heartbeat is required. */
  HeartbeatTimeoutSeconds: 0,
} as const;`,
    );
  });

  it("is stated once, in the field's docs after its summary (also in the update builders' field types)", () => {
    const fields = ir.types.find((t) => t.name === "CallbackOptions")!.fields!;
    expect(fields.map((f) => f.summary)).toEqual(["Seconds before the callback times out; 0 or unset: it never times out.", "Seconds allowed between heartbeats; 0 or unset: no heartbeat is required."]);
    expect(fields.map((f) => f.none)).toEqual([
      { expr: "0", text: "0", means: "it never times out" },
      { expr: "0", text: "0", means: "no heartbeat is required" },
    ]);
    expect(print(emitTypes(ir, index))).toContain("  /** Seconds before the callback times out; 0 or unset: it never times out. */\n  TimeoutSeconds?: number | undefined;");
  });

  it("a misspelt key, outside or inside `none`, fails generation", () => {
    const field = pathOf("TimeoutSeconds");
    expect(
      problemsAfter((t) => {
        t.fields[0].nones = t.fields[0].none;
        delete t.fields[0].none;
      }),
    ).toEqual([{ file: WIRE, path: field, reason: 'unknown key "nones"' }]);
    expect(problemsAfter((t) => (t.fields[0].none = { value: 0, meaning: "it never times out" }))).toEqual([
      { file: WIRE, path: `${field}.none.means`, reason: "missing required field" },
      { file: WIRE, path: `${field}.none`, reason: 'unknown key "meaning"' },
    ]);
  });

  it("must be typed as the field, on an optional field without a default, and not restated in the summary", () => {
    const timeout = pathOf("TimeoutSeconds");
    const heartbeat = pathOf("HeartbeatTimeoutSeconds");
    expect(
      problemsAfter((t) => {
        t.fields[0].none.value = "0";
        t.fields[1].summary = "Seconds allowed between heartbeats; 0 or unset: none.";
      }),
    ).toEqual([
      { file: WIRE, path: `${timeout}.none.value`, reason: "must be a number, as the field is (a value that means none needs a number, string or boolean field)" },
      { file: WIRE, path: `${heartbeat}.summary`, reason: "states the value that means none again: `none` is stated in the docs" },
    ]);
    expect(
      problemsAfter((t) => {
        delete t.fields[0].optional;
        t.fields[1].default = { value: 0 };
      }),
    ).toEqual([
      { file: WIRE, path: `${timeout}.none`, reason: "only an optional field can have a value that means none, as leaving it out does (make it optional or remove `none`)" },
      { file: WIRE, path: `${heartbeat}.none`, reason: "give a default or a value that means none, not both (leaving the field out means none)" },
    ]);
  });
});
