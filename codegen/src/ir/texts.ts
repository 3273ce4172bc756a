/** Texts shared by the sections of the IR and by the emitters (re-exported by ir.ts). */
import type { IrTypeParam } from "../ir";

/** The first letters that take "an" rather than "a" (see {@link article}). */
export const VOWELS = "AEIOUaeiou";

/**
 * `a` or `an` before a name (by its first letter: "an InvokeConfig", "a StepConfig"). The generated
 * validators' `configObjectTexts` applies the same test at run time (see {@link NESTED_CONFIG_WORDING}).
 */
export function article(name: string): "a" | "an" {
  return name !== "" && VOWELS.includes(name[0]!) ? "an" : "a";
}

/**
 * The one wording of a field that holds a nested config, when the schema gives it no texts of its
 * own: what it expects ("an InvokeConfig object") and how to fix a bad value. The field rules take
 * their defaults from {@link nestedConfigTexts}; the generated validators build the same texts at run
 * time from these parts (codegen/src/emit/validators.ts), so each config name is written once there.
 */
export const NESTED_CONFIG_WORDING = { objectAfter: " object", fixBefore: "Pass ", fixAfter: " (see its fields) or leave it out." } as const;

/** The default texts of a field holding the nested config `config` (see {@link NESTED_CONFIG_WORDING}). */
export function nestedConfigTexts(config: string): { expected: string; fix: string } {
  const w = NESTED_CONFIG_WORDING;
  const expected = `${article(config)} ${config}${w.objectAfter}`;
  return { expected, fix: `${w.fixBefore}${expected}${w.fixAfter}` };
}

/** Replaces each type parameter in a type text by its constraint (or `unknown`). */
export function eraseTypeParams(type: string, params: IrTypeParam[]): string {
  let out = type;
  for (const p of params) {
    out = out.replace(new RegExp(`\\b${p.name}\\b`, "g"), p.constraint ?? "unknown");
  }
  return out;
}

export function typeParamsText(params: IrTypeParam[]): string {
  if (params.length === 0) return "";
  return `<${params.map((p) => p.name + (p.constraint ? ` extends ${p.constraint}` : "") + (p.default ? ` = ${p.default}` : "")).join(", ")}>`;
}
