/**
 * Compiles user-style sources under `strict` with a chosen module resolution, as a user's project would:
 * against the reference packages, against this repository's sources (bundler), or against the built
 * package laid out in a scratch `node_modules` (node16 / node10).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

export const root = join(import.meta.dirname, "../..");
export type Resolution = "bundler" | "node16" | "node10";

/** The compiler options of a user project with the given module resolution. */
export function userCompilerOptions(resolution: Resolution, extra: ts.CompilerOptions = {}): ts.CompilerOptions {
  const common: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules/@types")],
  };
  const byResolution: Record<Resolution, ts.CompilerOptions> = {
    bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    // node10 is deprecated in TypeScript 6 but still what many CommonJS projects use.
    node10: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, ignoreDeprecations: "6.0" },
  };
  return { ...common, ...byResolution[resolution], ...extra };
}

/** Writes `files` (relative names) under `dir` and returns every diagnostic as `file:line: message`. */
export function compile(dir: string, files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
  const program = ts.createProgram(paths, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return `TS${d.code}: ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(dir, d.file.fileName)}:${line + 1}: TS${d.code}: ${message}`;
  });
}

/** Rewrites the reference package specifiers of a source to this SDK's. */
export function swapImports(source: string, sdk: string, testing: string): string {
  return source
    .replaceAll('"@aws/durable-execution-sdk-js-testing"', JSON.stringify(testing))
    .replaceAll('"@aws/durable-execution-sdk-js"', JSON.stringify(sdk));
}
