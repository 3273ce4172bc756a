/**
 * Compiles user-style sources under `strict` with a chosen module resolution, as a user's project would:
 * against the reference packages, against this repository's sources (bundler), or against the built
 * package laid out in a scratch `node_modules` (node16 / node10).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

export const root = join(import.meta.dirname, "../..");
export type Resolution = "bundler" | "node16" | "node10";

/**
 * The compiler options of a user project with the given module resolution, as its tsconfig.json writes
 * them: the one list both compilers take (TypeScript 6 through its API, converted by
 * {@link userCompilerOptions}; TypeScript 7, which has no compiler API, from a written tsconfig.json).
 */
function userTsconfigOptions(resolution: Resolution): Record<string, unknown> {
  const byResolution: Record<Resolution, Record<string, unknown>> = {
    bundler: { module: "ESNext", moduleResolution: "Bundler" },
    node16: { module: "Node16", moduleResolution: "Node16" },
    // node10 is deprecated in TypeScript 6 but still what many CommonJS projects use.
    node10: { module: "CommonJS", moduleResolution: "Node10", ignoreDeprecations: "6.0" },
  };
  return {
    strict: true,
    noEmit: true,
    target: "ES2022",
    skipLibCheck: true,
    esModuleInterop: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules/@types")],
    ...byResolution[resolution],
  };
}

/** The compiler options of a user project with the given module resolution (TypeScript 6's API form). */
export function userCompilerOptions(resolution: Resolution, extra: ts.CompilerOptions = {}): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson(userTsconfigOptions(resolution), root);
  if (errors.length > 0) throw new Error(`user compiler options for ${resolution}: ${errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, " ")).join("; ")}`);
  return { ...options, ...extra };
}

/** Writes `files` (relative names) under `dir`; returns their paths. */
function writeSources(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}

/** Writes `files` (relative names) under `dir` and returns every diagnostic as `file:line: message`. */
export function compile(dir: string, files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const paths = writeSources(dir, files);
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

/**
 * The native TypeScript 7 compiler (`npm install typescript` gives it since its release), installed here
 * as `typescript-7`. It has no programmatic API like 6's, so it runs as a user runs it: `tsc -p`.
 */
export const TYPESCRIPT_7 = {
  tsc: join(root, "node_modules/typescript-7/bin/tsc"),
  version: JSON.parse(readFileSync(join(root, "node_modules/typescript-7/package.json"), "utf8")).version as string,
};

/**
 * Writes `files` under `dir` with a tsconfig.json of a user project with the given module resolution
 * (node10 is gone from TypeScript 7) and runs TypeScript 7's `tsc -p` there; returns every diagnostic
 * as `file:line: TScode: message`, as compile() does. A run that ends without diagnostics but not with
 * exit code 0 (a crash, a bad option) is returned as one line with its output.
 */
export function compileWithTypeScript7(dir: string, files: Record<string, string>, resolution: Exclude<Resolution, "node10">): string[] {
  writeSources(dir, files);
  const compilerOptions = userTsconfigOptions(resolution);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: Object.keys(files) }));
  const ran = spawnSync(process.execPath, [TYPESCRIPT_7.tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  // `file(line,col): error TS1234: message`, continuation lines indented.
  const diagnostics = ran.stdout
    .split("\n")
    .flatMap((line) => {
      const m = /^(.+?)\((\d+),\d+\): error TS(\d+): (.*)$/.exec(line);
      return m ? [`${m[1]}:${m[2]}: TS${m[3]}: ${m[4]}`] : /^error TS\d+/.test(line) ? [line] : [];
    });
  if (diagnostics.length === 0 && ran.status !== 0) return [`tsc exited ${ran.status}: ${ran.stdout}${ran.stderr}${ran.error ?? ""}`];
  return diagnostics;
}
