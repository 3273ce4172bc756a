/**
 * A config field the runtime does not read is a compile error. Each case adds a field to a temporary copy
 * of the real schema, regenerates into a temporary copy of src/, and type-checks the runtime's operation
 * handlers there: the handler that resolves the config must fail at its everyConfigFieldRead call,
 * naming the new field. The unchanged copy compiles cleanly (so the harness itself can pass).
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REAL_SCHEMA, REPO_ROOT, addStepTimeoutField, copySchema, editYaml, generateCopy, tempDir, type SchemaCopy } from "./helpers";

const ROOTS = ["src/runtime/operations/handlers.ts", "src/runtime/with-retry.ts"];

/** Regenerates `copy` into a copy of src/ and returns the type errors of the runtime handlers as `file:line message`. */
function runtimeTypeErrors(copy: SchemaCopy): string[] {
  const root = tempDir();
  cpSync(join(REPO_ROOT, "src"), join(root, "src"), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  const outDir = join(root, "src/generated");
  for (const [path, content] of generateCopy(copy, { outDir, docsDir: join(root, "docs") })) {
    if (!path.startsWith(outDir)) continue;
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
  const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.json"), "utf8")), ts.sys, root);
  const program = ts.createProgram(ROOTS.map((r) => join(root, r)), { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(root.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const line = d.file ? d.file.text.split("\n")[d.file.getLineAndCharacterOfPosition(d.start ?? 0).line]!.trim() : "";
    return `${where} ${line} :: ${text}`;
  });
}

describe("a schema config field the runtime does not read", () => {
  it("the unchanged schema compiles (the harness can pass)", () => {
    expect(runtimeTypeErrors(copySchema(REAL_SCHEMA))).toEqual([]);
  }, 120_000);

  it("an operation config: a new StepConfig field fails tsc in step.ts", () => {
    const copy = copySchema(REAL_SCHEMA);
    addStepTimeoutField(copy);
    const errors = runtimeTypeErrors(copy);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^src\/runtime\/operations\/step\.ts:\d+ everyConfigFieldRead\(unread, "StepConfig"\);/);
    expect(errors[0]).toContain("timeoutSeconds");
  }, 120_000);

  it("a shared config with a literal default: a new WithRetryConfig field fails tsc in with-retry.ts", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "shared/with-retry.yaml", (file) =>
      file.configs[0].fields.push({
        name: "logAttempts",
        type: "boolean",
        optional: true,
        check: "boolean",
        default: { value: false },
        summary: "Log each attempt.",
        fix: "Pass true or false.",
      }),
    );
    const errors = runtimeTypeErrors(copy);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^src\/runtime\/with-retry\.ts:\d+ everyConfigFieldRead\(unread, "WithRetryConfig"\);/);
    expect(errors[0]).toContain("logAttempts");
  }, 120_000);
});
