/**
 * The dependency direction: src/cli → src/testing → src/local → src/runtime → src/generated, never back;
 * generated code imports nothing of ours; the SDK entry never reaches src/local, src/testing or src/cli.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const LAYERS = ["generated", "runtime", "local", "testing", "cli"] as const;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)\s[^;=`]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]!).filter((s) => s.startsWith("."));
}

function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  if (base.endsWith(".js")) return base.replace(/\.js$/, ".ts");
  return existsSync(`${base}.ts`) ? `${base}.ts` : join(base, "index.ts");
}

const layerOf = (file: string) => {
  const rel = relative(join(root, "src"), file).split("/");
  return rel.length > 1 ? rel[0] : "entry";
};

describe("dependency direction", () => {
  const all = files(join(root, "src"));

  it.each(LAYERS)("src/%s imports only itself and lower layers", (layer) => {
    const allowed = new Set(LAYERS.slice(0, LAYERS.indexOf(layer) + 1));
    const violations = all
      .filter((f) => layerOf(f) === layer)
      .flatMap((f) => importsOf(f).map((spec) => ({ from: relative(root, f), to: relative(root, resolveImport(f, spec)), layer: layerOf(resolveImport(f, spec)) })))
      .filter((i) => !allowed.has(i.layer as (typeof LAYERS)[number]));
    expect(violations).toEqual([]);
  });

  it("the SDK entry never reaches src/local, src/testing or src/cli", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) visit(resolveImport(file, spec));
    };
    visit(join(root, "src/index.ts"));
    expect([...seen].filter((f) => ["local", "testing", "cli"].includes(layerOf(f))).map((f) => relative(root, f))).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });

  it("generated code imports only its own files (its validators are plain TypeScript)", () => {
    let localImports = 0;
    for (const file of files(join(root, "src/generated"))) {
      // Code only: TSDoc @example blocks import the package, and that is fine. No `=` or backtick before
      // `from`: an exported message whose text reads `… from "${file}"` is not an import.
      const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
      const specs = [...text.matchAll(/^(?:import|export)\b[^;=`]*?\bfrom\s+"([^"]+)"/gm)].map((m) => m[1]!);
      localImports += specs.filter((s) => s.startsWith("./")).length;
      expect(specs.filter((s) => !s.startsWith("./")), relative(root, file)).toEqual([]);
    }
    expect(localImports, "the import pattern found no import at all: is it still right?").toBeGreaterThan(10);
  });

  it("no source file imports zod, and the package does not depend on it at runtime", () => {
    const importers = all.filter((f) => /from\s+"zod(\/[^"]*)?"|import\(\s*"zod/.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
    expect(importers).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("zod");
  });
});
