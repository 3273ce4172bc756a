/**
 * `@opentelemetry/api` is an optional peer dependency: only the `./otel` entries may import it. The SDK
 * entry's import closure never reaches src/otel nor any `@opentelemetry/*` package (and the built SDK
 * bundle does not mention it); src/otel depends on the runtime's plugin types only, never on local,
 * testing or cli code.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
/**
 * The modules a file names in imports and re-exports (type-only ones too), except `typeof import("…")` type
 * queries (builtins.ts types Node's modules so). An import or re-export has no `=` or backtick before its
 * `from`, so an exported message whose text reads `… from "${file}"` is not taken for one.
 */
const specifiersOf = (file: string) =>
  [...readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/(?:import|export)\s[^;=`]*?from\s+"([^"]+)"|(?<!typeof\s)import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]!);
const resolveImport = (from: string, spec: string) => {
  const base = resolve(dirname(from), spec);
  if (base.endsWith(".js")) return base.replace(/\.js$/, ".ts");
  return existsSync(`${base}.ts`) ? `${base}.ts` : join(base, "index.ts");
};

function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiersOf(file)) {
      if (spec.startsWith(".")) visit(resolveImport(file, spec));
      else packages.add(spec);
    }
  };
  visit(join(root, entry));
  return { files, packages };
}

describe("the optional OpenTelemetry dependency", () => {
  it("the SDK entry never reaches src/otel or an @opentelemetry package", () => {
    const { files, packages } = closure("src/index.ts");
    expect([...files].map((f) => relative(root, f)).filter((f) => f.startsWith("src/otel"))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith("@opentelemetry/"))).toEqual([]);
    expect(files.size).toBeGreaterThan(20);
  });

  it("the otel entries import only @opentelemetry/api, node:crypto, src/otel and the runtime's plugin types, tracing ids and built-ins", () => {
    for (const entry of ["src/otel.ts", "src/otel-execution.ts", "src/otel-invocation.ts"]) {
      const { files, packages } = closure(entry);
      expect(packages.has("@opentelemetry/api"), entry).toBe(true);
      expect([...packages].filter((p) => p !== "@opentelemetry/api" && p !== "node:crypto"), entry).toEqual([]);
      const outside = [...files].map((f) => relative(root, f)).filter((f) => !f.startsWith("src/otel") && !f.startsWith("src/runtime/plugins/") && !f.startsWith("src/runtime/tracing/") && !f.startsWith("src/generated/") && f !== "src/runtime/builtins.ts");
      expect(outside, entry).toEqual([]);
    }
  });

  it("package.json declares @opentelemetry/api as an optional peer, not a dependency", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(manifest.peerDependencies["@opentelemetry/api"]).toMatch(/^\^1\./);
    expect(manifest.peerDependenciesMeta["@opentelemetry/api"]).toEqual({ optional: true });
    expect(manifest.dependencies).not.toHaveProperty("@opentelemetry/api");
    for (const subpath of ["./otel", "./otel/execution", "./otel/invocation"]) expect(manifest.exports, subpath).toHaveProperty(subpath);
  });

  it("src/otel files exist for every entry (no entry points at a missing module)", () => {
    const names = readdirSync(join(root, "src/otel"));
    expect(names).toEqual(expect.arrayContaining(["execution-plugin.ts", "invocation-plugin.ts", "ids.ts", "context-extractors.ts"]));
  });
});
