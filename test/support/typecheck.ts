/** Type-checks TypeScript sources written by tests (strict, bundler resolution from this repository). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const root = join(import.meta.dirname, "../..");

/** Compiler options of sources type-checked by tests: strict, ES2022, bundler resolution, Node types. */
export const STRICT_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [join(root, "node_modules/@types")],
};

/** The diagnostics of one source file (written to a scratch folder inside node_modules). */
export function typecheckSource(source: string): string[] {
  const dir = mkdtempSync(join(root, "node_modules", ".typecheck-"));
  try {
    const file = join(dir, "source.ts");
    writeFileSync(file, source);
    const program = ts.createProgram([file], STRICT_COMPILER_OPTIONS);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
