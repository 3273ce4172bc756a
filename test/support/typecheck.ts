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

/**
 * The diagnostics of several source files checked in one program (much faster than one program each);
 * result[i] belongs to sources[i]. Each source should be a module (have an import or export) so the
 * files do not share globals.
 */
export function typecheckSources(sources: readonly string[]): string[][] {
  const dir = mkdtempSync(join(root, "node_modules", ".typecheck-"));
  try {
    const files = sources.map((source, i) => {
      const file = join(dir, `source-${i}.ts`);
      writeFileSync(file, source);
      return file;
    });
    const program = ts.createProgram(files, STRICT_COMPILER_OPTIONS);
    return files.map((file) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
