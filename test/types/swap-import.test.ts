/**
 * "A handler written for the reference runs unchanged after swapping the import": the same handler
 * source type-checks against our SDK (npm run typecheck compiles test/types/reference-handler.ts) and,
 * with the import swapped, against @aws/durable-execution-sdk-js.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function compile(source: string): string[] {
  const dir = mkdtempSync(join(root, "node_modules", ".swap-import-"));
  try {
    const file = join(dir, "handler.ts");
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("swapping the import", () => {
  const source = readFileSync(join(root, "test/types/reference-handler.ts"), "utf8");

  it("the handler type-checks against the reference SDK", () => {
    const swapped = source.replace('from "../../src/index.js"', 'from "@aws/durable-execution-sdk-js"');
    expect(swapped).not.toBe(source);
    expect(compile(swapped)).toEqual([]);
  }, 60_000);

  it("the handler type-checks against this SDK", () => {
    expect(compile(source.replace('from "../../src/index.js"', `from ${JSON.stringify(join(root, "src/index.js"))}`))).toEqual([]);
  }, 60_000);
});
