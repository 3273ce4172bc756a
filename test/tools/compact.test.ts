import { join } from "node:path";
import { decode } from "@jridgewell/sourcemap-codec";
import { parse } from "acorn";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { bundleSize } from "../../bench/size.js";
import { compact, remapSourceMap } from "../../tools/compact.js";

const root = join(import.meta.dirname, "../..");

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

  it("moves source map positions with the code", async () => {
    const source = [
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
    const mappings = decode(remapSourceMap(map.mappings, js, compacted));
    // The `new RangeError` of the compacted code still maps to line 4, column 10 of the source.
    const at = compacted.code.indexOf("new RangeError");
    const lineStart = compacted.code.lastIndexOf("\n", at) + 1;
    const line = compacted.code.slice(0, at).split("\n").length - 1;
    const segment = mappings[line]!.find((s) => s[0] === at - lineStart);
    expect(segment, "a mapping at the compacted position").toBeDefined();
    expect([segment![2]! + 1, segment![3]]).toEqual([4, 10]);
  });

  // The published dist is compacted; a user's bundler must still drop what a handler does not use.
  it("costs a bundled 3-step handler nothing: the SDK compacted bundles to the same bytes", async () => {
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
    const plain = sdk.outputFiles[0]!.text;
    const compacted = compact(plain, "module").code;
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
    expect(await bundled(compacted)).toBe(await bundled(plain));
  });
});
