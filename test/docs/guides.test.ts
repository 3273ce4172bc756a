/**
 * Every TypeScript block of the hand-written guides type-checks against the package (strict), with the
 * package's import paths pointed at this repository's sources. A broken example fails CI.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheckSources } from "../support/typecheck.js";
import { codeBlocks, listPages, type CodeBlock } from "./markdown.js";

const root = join(import.meta.dirname, "../..");
const IMPORTS: Record<string, string> = {
  "durable-execution-sdk": join(root, "src/index.js"),
  "durable-execution-sdk/testing": join(root, "src/testing.js"),
  "durable-execution-sdk/otel": join(root, "src/otel.js"),
};

/** The block with `from "durable-execution-sdk…"` pointed at the sources; each block is its own module. */
export function asModule(block: CodeBlock): string {
  const code = block.code.replace(/from "(durable-execution-sdk(?:\/testing|\/otel)?)"/g, (_, path: string) => `from ${JSON.stringify(IMPORTS[path])}`);
  return /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`;
}

const guidePages = listPages().filter((p) => p.startsWith("guide/"));
const blocks = guidePages.flatMap((p) => codeBlocks(p)).filter((b) => b.lang === "ts" || b.lang === "typescript");

describe("TypeScript blocks of the guides", () => {
  it("finds the guides' examples", () => {
    expect(guidePages).toEqual(expect.arrayContaining(["guide/getting-started.md", "guide/concepts.md"]));
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it("type-check against the package", () => {
    // One program, one file per block (each block is a module, so blocks do not see each other). A
    // deliberately broken block goes last to show the check is not blind.
    const broken: CodeBlock = { page: "guide/broken.md", line: 1, lang: "ts", code: 'import { withDurableExecution } from "durable-execution-sdk";\nwithDurableExecution(42);' };
    const results = typecheckSources([...blocks, broken].map(asModule));
    const failures = blocks.flatMap((block, i) => (results[i]!.length ? [`${block.page}:${block.line}:\n  ${results[i]!.join("\n  ")}`] : []));
    expect(failures).toEqual([]);
    expect(results.at(-1)!.length).toBeGreaterThan(0);
  }, 180_000);
});
