/**
 * Every `@example` of the public exports type-checks against the package — the API pages under docs/api
 * are rendered from the same TSDoc, so a broken example there fails CI.
 *
 * The blocks are read from the TSDoc with the TypeScript compiler (every entry point of public-exports.ts,
 * aliases followed to the declaration users see), and all of them are checked in one program:
 * - a block that imports or exports is a self-contained module and is checked as it is (strict, with the
 *   package's import paths pointed at this repository's sources);
 * - an older fragment (no import: it reads `context`, `runner`, `service`…) is checked inside an async
 *   function that imports every public name and declares those usual variables with their real types;
 *   only names neither the package nor the fragment defines (`charge`, `order`) are declared `any`.
 *   Fragments may only get fewer: new examples are written as self-contained modules.
 */
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { STRICT_COMPILER_OPTIONS, typecheckSources } from "../support/typecheck.js";
import { ENTRY_POINTS } from "./public-exports.js";

const root = join(import.meta.dirname, "../..");
/** The most fragments allowed (the examples that predate self-contained ones); lower it as they are rewritten. */
const MAX_FRAGMENTS = 76;

type ImportPath = keyof typeof ENTRY_POINTS;
const SOURCE_OF: Record<string, string> = Object.fromEntries(
  Object.entries(ENTRY_POINTS).map(([path, file]) => [path, join(root, file).replace(/\.ts$/, ".js")]),
);

interface ExampleBlock {
  /** `durable-execution-sdk#StepConfig`. */
  id: string;
  entry: ImportPath;
  code: string;
}

/** The ```ts blocks of each `@example` tag of every public export (an export re-exported by two entry points counted once). */
function exampleBlocks(): { blocks: ExampleBlock[]; names: Map<ImportPath, { name: string; isValue: boolean }[]> } {
  const program = ts.createProgram(Object.values(ENTRY_POINTS).map((f) => join(root, f)), STRICT_COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const blocks: ExampleBlock[] = [];
  const names = new Map<ImportPath, { name: string; isValue: boolean }[]>();
  const seen = new Set<ts.Symbol>();
  for (const [entry, file] of Object.entries(ENTRY_POINTS) as [ImportPath, string][]) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, file))!)!;
    const entryNames: { name: string; isValue: boolean }[] = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      entryNames.push({ name: exported.name, isValue: (symbol.flags & ts.SymbolFlags.Value) !== 0 });
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      for (const tag of symbol.getJsDocTags(checker)) {
        if (tag.name !== "example") continue;
        const text = ts.displayPartsToString(tag.text);
        for (const m of text.matchAll(/```(?:ts|typescript)[^\n]*\n([\s\S]*?)```/g)) blocks.push({ id: `${entry}#${exported.name}`, entry, code: m[1]! });
      }
    }
    names.set(entry, entryNames);
  }
  return { blocks, names };
}

const isModule = (code: string) => /^\s*(import|export)\s/m.test(code);

/** The block with the package's import paths pointed at the sources. */
function pointAtSources(code: string): string {
  return code.replace(/from "(durable-execution-sdk(?:\/[a-z/]+)?)"/g, (whole, path: string) => (SOURCE_OF[path] ? `from ${JSON.stringify(SOURCE_OF[path])}` : whole));
}

/** Variables the older fragments read, with their real types. */
const FRAGMENT_VARIABLES = [
  "declare const context: DurableContext;",
  "declare const event: any;",
  "declare const runner: LocalDurableTestRunner<any>;",
  "declare const service: LocalDurableService;",
  "declare const result: TestResult<any>;",
  "declare const arn: string;",
];

function fragmentModule(block: ExampleBlock, names: Map<ImportPath, { name: string; isValue: boolean }[]>, undeclared: string[]): string {
  const imported = new Set<string>();
  const lines = ['import { expect, it, describe, beforeAll, afterAll, vi } from "vitest";'];
  for (const n of ["vitest", "expect", "it", "describe", "beforeAll", "afterAll", "vi"]) imported.add(n);
  // The fragment's own entry first, then the SDK and the testing entry (names they share imported once).
  const order = [block.entry, ...(["durable-execution-sdk", "durable-execution-sdk/testing"] as const).filter((e) => e !== block.entry)];
  for (const entry of order) {
    const fresh = names.get(entry)!.filter((n) => !imported.has(n.name));
    fresh.forEach((n) => imported.add(n.name));
    if (fresh.length) lines.push(`import { ${fresh.map((n) => (n.isValue ? n.name : `type ${n.name}`)).join(", ")} } from ${JSON.stringify(SOURCE_OF[entry])};`);
  }
  return [
    ...lines,
    ...FRAGMENT_VARIABLES,
    ...undeclared.map((name) => `declare const ${name}: any;`),
    "export async function example() {",
    block.code,
    "}",
  ].join("\n");
}

/** "Cannot find name", its "did you mean" variant, and a shorthand property with no value in scope. */
const UNDECLARED = /^Cannot find name '([^']+)'|^No value exists in scope for the shorthand property '([^']+)'/;

describe("@example blocks of the public exports", () => {
  let blocks: ExampleBlock[];
  let failures: string[];
  let brokenDiagnostics: string[];
  beforeAll(() => {
    const found = exampleBlocks();
    blocks = found.blocks;
    const modules = blocks.filter((b) => isModule(b.code));
    const fragments = blocks.filter((b) => !isModule(b.code));
    // A deliberately broken self-contained example goes last to show the check is not blind.
    const broken = 'import { createRetryStrategy } from "durable-execution-sdk";\nexport const strategy = createRetryStrategy({ maxAttempts: "three" });\n';
    const moduleSources = [...modules.map((b) => pointAtSources(b.code)), pointAtSources(broken)];
    // Fragments: a first pass finds the names they use without defining, a second checks with those declared `any`.
    const firstPass = typecheckSources([...moduleSources, ...fragments.map((b) => fragmentModule(b, found.names, []))]);
    const undeclared = fragments.map((_, i) => [
      ...new Set(firstPass[moduleSources.length + i]!.flatMap((m) => {
        const hit = UNDECLARED.exec(m);
        return hit ? [hit[1] ?? hit[2]!] : [];
      })),
    ]);
    const results = typecheckSources([...moduleSources, ...fragments.map((b, i) => fragmentModule(b, found.names, undeclared[i]!))]);
    failures = [...modules, ...fragments].flatMap((block, i) => {
      const result = i < modules.length ? results[i]! : results[moduleSources.length + (i - modules.length)]!;
      return result.length ? [`${block.id}:\n${block.code}\n  → ${result.join("\n  → ")}`] : [];
    });
    brokenDiagnostics = results[modules.length]!;
  }, 300_000);

  it("finds the examples of every entry point", () => {
    const ids = new Set(blocks.map((b) => b.id));
    expect(ids).toContain("durable-execution-sdk#createRetryStrategy");
    expect(ids).toContain("durable-execution-sdk#StepConfig");
    expect(ids).toContain("durable-execution-sdk/testing#LocalDurableTestRunner");
    expect(blocks.length).toBeGreaterThan(200);
  });

  it("new examples are self-contained modules: the older fragments only get fewer", () => {
    expect(blocks.filter((b) => !isModule(b.code)).length).toBeLessThanOrEqual(MAX_FRAGMENTS);
  });

  it("every example type-checks against the package", () => {
    expect(failures).toEqual([]);
  });

  it("the check is not blind: a broken example fails", () => {
    expect(brokenDiagnostics.join("\n")).toMatch(/maxAttempts|string.*number/);
  });
});
