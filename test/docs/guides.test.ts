/**
 * Every TypeScript block of the hand-written guides type-checks against the package (strict), with the
 * package's import paths pointed at this repository's sources. A broken example fails CI.
 */
import { describe, expect, it } from "vitest";
import { typecheckSources } from "../support/typecheck.js";
import { asModule, codeBlocks, listPages, type CodeBlock } from "./markdown.js";

const guidePages = listPages().filter((p) => p.startsWith("guide/"));
const tsBlocks = guidePages.flatMap((p) => codeBlocks(p)).filter((b) => b.lang === "ts" || b.lang === "typescript");
/**
 * ```ts nocheck marks code for a tool this repository does not depend on (the AWS CDK); such a block may
 * not use the package, so every example of the SDK itself is checked.
 */
const isNoCheck = (b: CodeBlock) => b.meta?.split(/\s+/).includes("nocheck") ?? false;
const blocks = tsBlocks.filter((b) => !isNoCheck(b));

describe("TypeScript blocks of the guides", () => {
  it("finds the guides' examples", () => {
    expect(guidePages).toEqual(expect.arrayContaining(["guide/getting-started.md", "guide/concepts.md"]));
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it("opt out of the check only for code that does not use the package", () => {
    const optedOut = tsBlocks.filter(isNoCheck);
    expect(optedOut.filter((b) => /from "durable-execution-sdk/.test(b.code)).map((b) => `${b.page}:${b.line}`)).toEqual([]);
    expect(optedOut.length).toBeLessThanOrEqual(2);
  });

  it("type-check against the package", () => {
    // One program, one file per block (each block is a module, so blocks do not see each other). A
    // deliberately broken block goes last to show the check is not blind.
    const broken: CodeBlock = { page: "guide/broken.md", line: 1, lang: "ts", code: 'import { withDurableExecution } from "durable-execution-sdk";\nwithDurableExecution(42);' };
    const results = typecheckSources([...blocks, broken].map((b) => asModule(b)));
    const failures = blocks.flatMap((block, i) => (results[i]!.length ? [`${block.page}:${block.line}:\n  ${results[i]!.join("\n  ")}`] : []));
    expect(failures).toEqual([]);
    expect(results.at(-1)!.length).toBeGreaterThan(0);
  }, 180_000);
});
