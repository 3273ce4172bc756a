/**
 * Shared helpers of the generator tests: temp copies of schema folders, YAML edits, the IR of a schema,
 * one reusable printer (creating a ts-morph project is slow) and an exact-lines assertion.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFileStructure } from "ts-morph";
import { afterAll, expect } from "vitest";
import { parse, stringify } from "yaml";
import { buildIr, type Ir } from "../src/ir";
import { loadSchema, SchemaError, type SchemaProblem } from "../src/load";
import { createPrinter, generate, moduleIndex } from "../src/generate";
import type { ModuleIndex } from "../src/emit/imports";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TEMPLATES_DIR = join(REPO_ROOT, "codegen/templates");
/** The smallest schema the generator accepts; tests copy it and mutate the copy. */
export const MINIMAL_SCHEMA = join(REPO_ROOT, "codegen/test/fixtures/minimal/schema");
export const REAL_SCHEMA = join(REPO_ROOT, "schema");

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "durable-codegen-test-"));
  tempDirs.push(dir);
  return dir;
}

/** A schema folder inside a temporary root: sources in headers and problems read `schema/…`. */
export interface SchemaCopy {
  root: string;
  schemaDir: string;
}

/** Copies a schema folder (default: the minimal fixture) to `<tmp>/schema`. */
export function copySchema(from: string = MINIMAL_SCHEMA): SchemaCopy {
  const root = tempDir();
  const schemaDir = join(root, "schema");
  cpSync(from, schemaDir, { recursive: true });
  return { root, schemaDir };
}

/** Parses a YAML file of a schema copy, lets `edit` change the data in place, writes it back. */
export function editYaml(copy: SchemaCopy, file: string, edit: (data: any) => void): void {
  const path = join(copy.schemaDir, file);
  const data = parse(readFileSync(path, "utf8"));
  edit(data);
  writeFileSync(path, stringify(data));
}

/**
 * Adds a new optional StepConfig field, `timeoutSeconds` (a positive integer, no default), to
 * schema/operations/step.yaml of a copy of the real schema: the field the "add a config field" tests add.
 */
export function addStepTimeoutField(copy: SchemaCopy): void {
  editYaml(copy, "operations/step.yaml", (op) =>
    op.config.fields.push({
      name: "timeoutSeconds",
      type: "number",
      optional: true,
      check: "positiveInteger",
      default: { unset: "no timeout" },
      summary: "Longest time one attempt may run.",
      description: "The attempt fails with a StepError when it is exceeded.",
      fix: "Use a whole number of seconds, at least 1.",
    }),
  );
}

/** Writes a new YAML file into a schema copy. */
export function writeYaml(copy: SchemaCopy, file: string, data: unknown): void {
  const path = join(copy.schemaDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(data));
}

/** Reads a YAML file of a schema folder as data. */
export function readYaml(copy: SchemaCopy, file: string): any {
  return parse(readFileSync(join(copy.schemaDir, file), "utf8"));
}

/** Loads and validates a schema copy into the IR, the input of every emitter. */
export function irOf(copy: SchemaCopy): { ir: Ir; index: ModuleIndex } {
  const ir = buildIr(loadSchema(copy.schemaDir, copy.root));
  return { ir, index: moduleIndex(ir) };
}

/** The minimal schema after `mutate`, as IR. */
export function minimalIr(mutate: (copy: SchemaCopy) => void = () => {}): { ir: Ir; index: ModuleIndex } {
  const copy = copySchema();
  mutate(copy);
  return irOf(copy);
}

/** Output folders of a generation into a temp root. */
export function outputDirs(root: string = tempDir()): { outDir: string; docsDir: string } {
  return { outDir: join(root, "out/generated"), docsDir: join(root, "out/docs") };
}

/** Runs the whole generator on a schema copy, in memory. */
export function generateCopy(copy: SchemaCopy, dirs = outputDirs(copy.root)): Map<string, string> {
  return generate({ schemaDir: copy.schemaDir, ...dirs, templatesDir: TEMPLATES_DIR, root: copy.root });
}

/** The real schema with one edit to `file` (a path below schema/); returns the problems generation reports. */
export function realSchemaProblemsAfter(file: string, edit: (data: any) => void): SchemaProblem[] {
  const copy = copySchema(REAL_SCHEMA);
  editYaml(copy, file, edit);
  return schemaProblems(() => irOf(copy));
}

/**
 * Generates a schema copy and writes the generated modules to disk, so they can be imported; returns the
 * text and path of its validators.ts.
 */
export function writtenValidators(copy: SchemaCopy): { text: string; file: string } {
  const dirs = outputDirs(copy.root);
  const files = generateCopy(copy, dirs);
  mkdirSync(dirs.outDir, { recursive: true });
  for (const [path, text] of files) if (dirname(path) === dirs.outDir) writeFileSync(path, text);
  const file = join(dirs.outDir, "validators.ts");
  return { text: files.get(file)!, file };
}

/** Runs `fn`, which must throw a SchemaError, and returns its problems. */
export function schemaProblems(fn: () => unknown): SchemaProblem[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SchemaError) return error.problems;
    throw error;
  }
  throw new Error("expected a SchemaError, but nothing was thrown");
}

let printer: ReturnType<typeof createPrinter> | undefined;
/** Prints an emitted structure exactly as `generate` does, with one shared ts-morph project. */
export function print(structure: SourceFileStructure, name = "file.ts"): string {
  printer ??= createPrinter();
  return printer(name, structure);
}

/** Asserts that `block` (several lines) occurs in `text` as consecutive, exactly equal lines. */
export function expectLines(text: string, block: string): void {
  const lines = text.split("\n");
  const wanted = block.replace(/\n$/, "").split("\n");
  const starts = lines.flatMap((line, i) => (line === wanted[0] ? [i] : []));
  const exact = starts.find((i) => wanted.every((w, k) => lines[i + k] === w));
  if (exact !== undefined) return;
  // Not found: show the closest candidate (or the whole text) as a diff.
  const near = starts.length ? lines.slice(starts[0], starts[0]! + wanted.length).join("\n") : text;
  expect(near, `expected these consecutive lines:\n${block}`).toBe(wanted.join("\n"));
}
