import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { decode } from "@jridgewell/sourcemap-codec";
import { parse } from "acorn";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { bundleSize } from "../../bench/size.js";
import { compact, remapSourceMap } from "../../tools/compact.js";

const root = join(import.meta.dirname, "../..");

/** The SDK entry bundled as tsup bundles it for dist/, before compaction. */
async function sdkBundle(): Promise<string> {
  const sdk = await build({
    entryPoints: [join(root, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  return sdk.outputFiles[0]!.text;
}

/** What Node would make of the code: the syntax tree without positions. */
const tree = (code: string, sourceType: "module" | "script" = "module") =>
  JSON.stringify(parse(code, { ecmaVersion: "latest", sourceType }), (key, value: unknown) =>
    key === "start" || key === "end" ? undefined : value,
  );

describe("compact", () => {
  it.each([
    ["words stay apart", "const a = typeof b;\nexport default a in c ? void 0 : new Date();"],
    ["signs do not fuse", "let a = 1, b = 2;\nlet c = a - -b + +a - --b + a++ + ++b;\nexport { c };"],
    ["a regular expression after an operator and after return", "export function f(x) {\n  return /a\\/b/g.test(x) / 2 / /c/.source.length;\n}"],
    ["templates keep their text", "export const t = (x) => `  a  ${ x + `  ${ x }  ` }  b\n  c`;"],
    ["a number before a dot", "export const n = 1 .toString() + 2..toString() + 0x1F .toString() + 1_000 .toString();"],
    ["strings keep their spaces", "export const s = '  two  spaces  ' + \"// not a comment\" + '/* nor this */';"],
    ["private names, getters and classes", "export class A {\n  #x = 1;\n  static y = 2;\n  get x() { return this.#x; }\n  async *gen() { yield * [1]; }\n}"],
  ])("%s: same syntax tree, less text", (_name, code) => {
    const { code: out } = compact(code, "module");
    expect(tree(out)).toBe(tree(code));
    expect(out.length).toBeLessThan(code.length);
  });

  it("keeps pure annotations, legal comments and the source map comment; drops the rest", () => {
    const code = [
      "/*! licence text */",
      "// a line comment",
      "export const c = 1; // @license MIT (a kept line comment must not swallow what follows)",
      "export const d = 2;",
      "/** Docs. */",
      "export const a = /* @__PURE__ */ new Set([1]);",
      "export const b = /* #__PURE__ */ f();",
      "function f() { /* inner */ return 1; }",
      "//# sourceMappingURL=index.js.map",
    ].join("\n");
    const { code: out } = compact(code, "module");
    expect(out).toContain("/*! licence text */");
    expect(tree(out)).toBe(tree(code));
    expect(out).toContain("// @license MIT (a kept line comment must not swallow what follows)\nexport const d=2;");
    expect(out).toContain("/* @__PURE__ */new Set");
    expect(out).toContain("/* #__PURE__ */f()");
    expect(out).not.toMatch(/a line comment|Docs\.|inner/);
    expect(out.trimEnd().endsWith("\n//# sourceMappingURL=index.js.map")).toBe(true);
  });

  it("reads a CommonJS bundle as a script", () => {
    const code = '"use strict";\nvar x = require("y");\nmodule.exports = { x };\n';
    expect(tree(compact(code, "script").code, "script")).toBe(tree(code, "script"));
  });

  it("moves source map positions with the code, also after an enum written as an object", async () => {
    const source = [
      'export enum Mode { A = "a", B = 2 }',
      "export function check(value: number): number {",
      "  // a comment that goes",
      "  if (value < 0) {",
      "    throw new RangeError('negative');",
      "  }",
      "  return value * 2;",
      "}",
    ].join("\n");
    const result = await build({
      stdin: { contents: source, loader: "ts", sourcefile: "check.ts" },
      format: "esm",
      sourcemap: "external",
      write: false,
      outfile: "out.js",
      logLevel: "silent",
    });
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith(".map"))!.text) as { mappings: string };
    const compacted = compact(js, "module");
    expect(compacted.code).toContain('var Mode={"A":"a","B":2,"2":"B"};');
    const mappings = decode(remapSourceMap(map.mappings, js, compacted));
    // The `new RangeError` of the compacted code still maps to line 5, column 10 of the source.
    const at = compacted.code.indexOf("new RangeError");
    const lineStart = compacted.code.lastIndexOf("\n", at) + 1;
    const line = compacted.code.slice(0, at).split("\n").length - 1;
    const segment = mappings[line]!.find((s) => s[0] === at - lineStart);
    expect(segment, "a mapping at the compacted position").toBeDefined();
    expect([segment![2]! + 1, segment![3]]).toEqual([5, 10]);
  });

  describe("enums", () => {
    // What esbuild emits for `enum S { A = "a", B = "b" }` and `enum N { X, Y = -1, Z = 1e3 }`.
    const esbuildEnums = [
      'var S = /* @__PURE__ */ ((S2) => {\n  S2["A"] = "a";\n  S2["B"] = "b";\n  S2["C"] = "a";\n  return S2;\n})(S || {});',
      'var N = /* @__PURE__ */ ((N2) => {\n  N2[N2["X"] = 0] = "X";\n  N2[N2["Y"] = -1] = "Y";\n  N2[N2["Z"] = 1e3] = "Z";\n  return N2;\n})(N || {});',
    ].join("\n");
    /** The enums a script defines, as [name, own entries in order] pairs. */
    const evaluate = (code: string) =>
      runInNewContext(`${code}\n[["S", Object.entries(S)], ["N", Object.entries(N)], Object.getPrototypeOf(S) === Object.prototype]`, {}) as unknown;

    it("are written as the objects they build: same entries, same order", () => {
      const out = compact(esbuildEnums, "script").code;
      expect(out).toBe('var S={"A":"a","B":"b","C":"a"};var N={"X":0,"0":"X","Y":-1,"-1":"Y","Z":1e3,"1000":"Z"};\n');
      expect(JSON.stringify(evaluate(out))).toBe(JSON.stringify(evaluate(esbuildEnums)));
      // The same source with enums left alone keeps the functions.
      expect(compact(esbuildEnums, "script", { enums: false }).code).toContain("((S2)=>{");
    });

    it.each([
      ["a name assigned again", 'var S = /* @__PURE__ */ ((S2) => {\n  S2["A"] = "a";\n  return S2;\n})(S || {});\nS = {};'],
      ["an enum declared twice (merged)", 'var S = ((S2) => { S2["A"] = "a"; return S2; })(S || {});\nvar S = ((S2) => { S2["B"] = "b"; return S2; })(S || {});'],
      ["a computed member", 'var S = ((S2) => { S2["A"] = f(); return S2; })(S || {});\nfunction f() { return 1; }'],
      ["a __proto__ member", 'var S = ((S2) => { S2["__proto__"] = "p"; return S2; })(S || {});'],
      ["another object passed in", 'var S = ((S2) => { S2["A"] = "a"; return S2; })(T || {});'],
      ["a statement besides the members", 'var S = ((S2) => { S2["A"] = "a"; log(S2); return S2; })(S || {});'],
    ])("are left as they are with %s", (_name, code) => {
      const out = compact(code, "script").code;
      expect(out).toContain("=>{");
      expect(tree(out, "script")).toBe(tree(code, "script"));
    });

    it("are rewritten in the published build: no enum function is left in dist", async () => {
      const plain = await sdkBundle();
      const enumFunctions = (code: string) => code.match(/\(\((\w+2)\) ?=> ?\{\s*\1\[/g)?.length ?? 0;
      expect(enumFunctions(plain)).toBeGreaterThan(10);
      const out = compact(plain, "module").code;
      expect(enumFunctions(out)).toBe(0);
      // The exported enums are the same objects as before.
      const load = async (code: string) => (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as Record<string, unknown>;
      const [before, after] = await Promise.all([load(plain), load(out)]);
      for (const name of ["OperationStatus", "OperationSubType", "JitterStrategy", "StepSemantics", "InvocationStatus", "FileSystemSerdesMode", "PreviewMode"]) {
        expect(after[name], name).toEqual(before[name]);
        expect(Object.keys(after[name] as object), name).toEqual(Object.keys(before[name] as object));
      }
    });
  });

  // The published dist is compacted; a user's bundler must still drop what a handler does not use.
  it("costs a bundled 3-step handler nothing: the SDK compacted bundles to the same bytes, smaller with its enums as objects", async () => {
    const plain = await sdkBundle();
    const compacted = compact(plain, "module", { enums: false }).code;
    expect(compacted.match(/@__PURE__/g)?.length).toBe(plain.match(/@__PURE__/g)?.length);
    // The handler imports "./sdk.js"; the plugin hands esbuild the SDK's code for it.
    const bundled = async (code: string) => {
      const sdkCode: Plugin = {
        name: "sdk-code",
        setup(b) {
          b.onResolve({ filter: /^\.\/sdk\.js$/ }, () => ({ path: "sdk", namespace: "sdk" }));
          b.onLoad({ filter: /.*/, namespace: "sdk" }, () => ({ contents: code, loader: "js", resolveDir: root }));
        },
      };
      return (await bundleSize("./sdk.js", [sdkCode])).bytes;
    };
    expect(compacted.length).toBeLessThan(plain.length * 0.85);
    const plainBytes = await bundled(plain);
    expect(await bundled(compacted)).toBe(plainBytes);
    // The enums written as objects: still dropped when unused, and a little smaller when used.
    expect(await bundled(compact(plain, "module").code)).toBeLessThan(plainBytes);
  });
});
