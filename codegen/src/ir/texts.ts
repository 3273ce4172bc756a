/** Texts shared by the sections of the IR and by the emitters (re-exported by ir.ts). */
import type { IrTypeParam } from "../ir";

/** The first letters that take "an" rather than "a" (see {@link article}); a "U" depends on what follows it. */
export const VOWELS = "AEIOaeio";

/**
 * After a first "U" or "u", the letters that make it sound as "you", so that it takes "a": "i", "s",
 * "t" (a Uint8Array, a User, a Utility), "ni" (a Unit, a Union) and any capital (a URL, a UUID).
 * Otherwise a "U" takes "an" (an Update, an Unknown).
 */
export const U_AS_YOU = { next: "ist", nextTwo: "ni" } as const;

/**
 * `a` or `an` before a name, by how it begins ("an InvokeConfig", "a StepConfig", "a Uint8Array", "an
 * Update"). The generated validators' `withArticle` applies the same rule at run time (see
 * {@link withArticleFunction}), and a codegen test runs both over the same names.
 */
export function article(name: string): "a" | "an" {
  const first = name.charAt(0);
  if (first === "") return "a";
  if (VOWELS.includes(first)) return "an";
  if (first !== "U" && first !== "u") return "a";
  const next = name.charAt(1);
  const soundsAsYou = next === "" || U_AS_YOU.next.includes(next) || name.startsWith(U_AS_YOU.nextTwo, 1) || next !== next.toLowerCase();
  return soundsAsYou ? "a" : "an";
}

/**
 * The run-time twin of {@link article}, as generated source: `withArticle(name)` gives the name after
 * its article ("a Set", "an InvokeConfig", "a Uint8Array"). A function declaration, so that tables
 * built at import may call it wherever it stands. No regular expression: it runs at import, where
 * compiling one costs more than the rest of the function (BENCHMARKS.md).
 */
export function withArticleFunction(): string {
  const s = (text: string) => JSON.stringify(text);
  return `/** The name after "a" or "an", by how it begins ("a Set", "an InvokeConfig", "a Uint8Array", "an Update"): the codegen's article rule. */
function withArticle(name: string): string {
  const first = name.charAt(0);
  const next = name.charAt(1);
  const an =
    first !== "" &&
    (${s(VOWELS)}.includes(first) ||
      ((first === "U" || first === "u") && next !== "" && !${s(U_AS_YOU.next)}.includes(next) && !name.startsWith(${s(U_AS_YOU.nextTwo)}, 1) && next === next.toLowerCase()));
  return (an ? "an " : "a ") + name;
}`;
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
