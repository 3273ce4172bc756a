/** Texts shared by the sections of the IR and by the emitters (re-exported by ir.ts). */
import { ts } from "ts-morph";
import type { IrTypeParam } from "../ir";

/**
 * The article rule, written once, as the source the generated validators carry
 * (`withArticle(name)`: the name after "a" or "an"). "an" before A, E, I, O; before a U, "an" unless
 * the U sounds as "you": followed by i, s or t (a Uint8Array, a User, a Utility), by "ni" (a Unit, a
 * Union) or by a capital (a URL, a UUID); otherwise "a". A function declaration, so that tables built
 * at import may call it wherever it stands. No regular expression: it runs at import, where compiling
 * one costs more than the rest of the function (BENCHMARKS.md).
 */
const WITH_ARTICLE_SOURCE = `/** The name after "a" or "an", by how it begins ("a Set", "an InvokeConfig", "a Uint8Array", "an Update"): the codegen's article rule. */
function withArticle(name: string): string {
  const first = name.charAt(0);
  const next = name.charAt(1);
  const an =
    first !== "" &&
    ("AEIOaeio".includes(first) ||
      ((first === "U" || first === "u") && next !== "" && !"ist".includes(next) && !name.startsWith("ni", 1) && next === next.toLowerCase()));
  return (an ? "an " : "a ") + name;
}`;

/** The generated validators' `withArticle` function, as source (see {@link WITH_ARTICLE_SOURCE}). */
export function withArticleFunction(): string {
  return WITH_ARTICLE_SOURCE;
}

let withArticle: ((name: string) => string) | undefined;

/**
 * `a` or `an` before a name ("an InvokeConfig", "a StepConfig", "a Uint8Array", "an Update"): the
 * generated `withArticle` itself, compiled here once, so generated texts and run-time messages share
 * one rule.
 */
export function article(name: string): "a" | "an" {
  if (!withArticle) {
    const js = ts.transpileModule(WITH_ARTICLE_SOURCE, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    withArticle = new Function(`${js}\nreturn withArticle;`)() as (name: string) => string;
  }
  return withArticle(name).startsWith("an ") ? "an" : "a";
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
