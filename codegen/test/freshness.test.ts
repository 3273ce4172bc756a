/**
 * Deterministic output and the freshness check behind `npm run generate:check`: hand edits, extra and
 * missing files are reported, `writeOutput` repairs them, and the real CLI fails naming the fix.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput, generate, writeOutput } from "../src/generate";
import { REAL_SCHEMA, REPO_ROOT, TEMPLATES_DIR, irOf, outputDirs } from "./helpers";

const generateReal = (dirs: { outDir: string; docsDir: string }) =>
  generate({ schemaDir: REAL_SCHEMA, ...dirs, templatesDir: TEMPLATES_DIR, root: REPO_ROOT });

describe("freshness", () => {
  it("generates identical output twice", () => {
    const dirs = outputDirs();
    const first = generateReal(dirs);
    const second = generateReal(dirs);
    expect([...second]).toEqual([...first]);
    // What is generated follows from the schema, not from a count: the TypeScript modules, one page per
    // operation, and the catalogue, index, sidebar and troubleshooting page; service-errors.ts when the
    // schema declares service exceptions, lambda-api.ts when it declares lambdaApi, and the limits page
    // when it declares limits.
    const { ir } = irOf({ root: REPO_ROOT, schemaDir: REAL_SCHEMA });
    const expected = [
      ...["configs.ts", "context-methods.ts", "context.ts", "enums.ts", "errors.ts", "history.ts", "index.ts", "types.ts", "updates.ts", "validators.ts", "wire-parsers.ts"].map((f) => join(dirs.outDir, f)),
      ...(ir.serviceExceptions.length ? [join(dirs.outDir, "service-errors.ts")] : []),
      ...(ir.lambdaApi ? [join(dirs.outDir, "lambda-api.ts")] : []),
      ...ir.operations.map((o) => join(dirs.docsDir, o.docsFile)),
      ...["errors.md", "index.md", "sidebar.ts", "troubleshooting.md"].map((f) => join(dirs.docsDir, f)),
      ...(ir.limits.length ? [join(dirs.docsDir, "limits.md")] : []),
    ];
    expect([...first.keys()].sort()).toEqual(expected.sort());
  });

  it("reports hand edits, extra and missing files, and writeOutput repairs them", () => {
    const dirs = outputDirs();
    const files = generateReal(dirs);
    const owned = [dirs.outDir, dirs.docsDir];
    expect(writeOutput(files, owned)).toHaveLength(files.size);
    expect(diffOutput(files, owned)).toEqual([]);

    const edited = join(dirs.outDir, "configs.ts");
    const extra = join(dirs.docsDir, "renamed-operation.md");
    const missing = join(dirs.docsDir, "wait.md");
    writeFileSync(edited, readFileSync(edited, "utf8").replace("maxConcurrency?: number;", "maxConcurrency?: number | string;"));
    writeFileSync(extra, "# stale page of an operation that no longer exists\n");
    rmSync(missing);
    const expected = [
      { path: edited, kind: "changed" },
      { path: extra, kind: "extra" },
      { path: missing, kind: "missing" },
    ].sort((a, b) => a.path.localeCompare(b.path));
    expect(diffOutput(files, owned)).toEqual(expected);

    expect(writeOutput(files, owned)).toEqual(expected);
    expect(diffOutput(files, owned)).toEqual([]);
  });

  it("the CLI's --check fails after a hand edit, naming the file and `npm run generate`", () => {
    const dirs = outputDirs();
    writeOutput(generateReal(dirs), [dirs.outDir, dirs.docsDir]);
    const edited = join(dirs.docsDir, "step.md");
    writeFileSync(edited, `${readFileSync(edited, "utf8")}\nA hand-written note.\n`);
    let failure: { status?: number; stderr?: string } | undefined;
    try {
      execFileSync("npx", ["tsx", "codegen/src/main.ts", "--check", "--no-api", "--out", dirs.outDir, "--docs", dirs.docsDir], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      failure = error as { status?: number; stderr?: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toContain("Generated code is stale (1 file differs from the schema):");
    expect(failure?.stderr).toMatch(/changed +.*step\.md/);
    expect(failure?.stderr).toContain("Run `npm run generate` and commit the result.");
  }, 120_000);
});
