/**
 * Loading and validating the schema directory. Every problem is reported as a SchemaError naming the
 * file, the path inside it and the reason; nothing is generated from an invalid schema.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import {
  contextFileSchema,
  enumsFileSchema,
  errorsFileSchema,
  executionFileSchema,
  historyFileSchema,
  operationFileSchema,
  sharedFileSchema,
  transitionsFileSchema,
  typesFileSchema,
  type ContextFile,
  type EnumsFile,
  type ErrorsFile,
  type ExecutionFile,
  type HistoryFile,
  type OperationFile,
  type SharedFile,
  type TransitionsFile,
  type TypesFile,
} from "./meta-schema";

export interface SchemaProblem {
  file: string;
  path: string;
  reason: string;
}

export class SchemaError extends Error {
  readonly problems: SchemaProblem[];
  constructor(problems: SchemaProblem[]) {
    super(
      `Invalid schema (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ""}: ${p.reason}`).join("\n"),
    );
    this.name = "SchemaError";
    this.problems = problems;
  }
}

export interface LoadedFile<T> {
  /** Path relative to the schema directory's parent, e.g. `schema/operations/step.yaml`. */
  source: string;
  data: T;
}

export interface LoadedSchema {
  enums: LoadedFile<EnumsFile>[];
  types: LoadedFile<TypesFile>[];
  errors: LoadedFile<ErrorsFile>;
  context: LoadedFile<ContextFile>;
  shared: LoadedFile<SharedFile>[];
  operations: LoadedFile<OperationFile>[];
  /** schema/transitions.yaml, when the schema has one. */
  transitions?: LoadedFile<TransitionsFile>;
  /** schema/history.yaml, when the schema has one. */
  history?: LoadedFile<HistoryFile>;
  /** schema/execution.yaml (the execution's configuration defaults and own updates), when the schema has one. */
  execution?: LoadedFile<ExecutionFile>;
}

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort();
}

/** Reads and validates every schema file below `schemaDir`. Throws SchemaError listing all problems. */
export function loadSchema(schemaDir: string, sourceRoot = join(schemaDir, "..")): LoadedSchema {
  const problems: SchemaProblem[] = [];

  function read<S extends z.ZodType>(file: string, schema: S): LoadedFile<z.infer<S>> | undefined {
    const source = relative(sourceRoot, file).split("\\").join("/");
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, "utf8"));
    } catch (error) {
      problems.push({ file: source, path: "", reason: `not valid YAML: ${(error as Error).message}` });
      return undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        let reason = issue.message;
        if (issue.code === "unrecognized_keys") reason = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
        else if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) reason = "missing required field";
        problems.push({ file: source, path: formatPath(issue.path), reason });
      }
      return undefined;
    }
    return { source, data: result.data };
  }

  const required = (name: string): string => {
    const file = join(schemaDir, name);
    if (!existsSync(file)) problems.push({ file: relative(sourceRoot, file), path: "", reason: "file is missing" });
    return file;
  };

  const enumsPath = required("enums.yaml");
  const errorsPath = required("errors.yaml");
  const contextPath = required("context.yaml");
  const transitionsPath = join(schemaDir, "transitions.yaml");
  const historyPath = join(schemaDir, "history.yaml");
  const executionPath = join(schemaDir, "execution.yaml");
  const reserved = new Set(["enums.yaml", "errors.yaml", "context.yaml", "transitions.yaml", "history.yaml", "execution.yaml"]);

  const enums = existsSync(enumsPath) ? read(enumsPath, enumsFileSchema) : undefined;
  const errors = existsSync(errorsPath) ? read(errorsPath, errorsFileSchema) : undefined;
  const context = existsSync(contextPath) ? read(contextPath, contextFileSchema) : undefined;
  const transitions = existsSync(transitionsPath) ? read(transitionsPath, transitionsFileSchema) : undefined;
  const history = existsSync(historyPath) ? read(historyPath, historyFileSchema) : undefined;
  const execution = existsSync(executionPath) ? read(executionPath, executionFileSchema) : undefined;
  const types = yamlFiles(schemaDir)
    .filter((f) => !reserved.has(f))
    .map((f) => read(join(schemaDir, f), typesFileSchema));
  const shared = yamlFiles(join(schemaDir, "shared")).map((f) => read(join(schemaDir, "shared", f), sharedFileSchema));
  const operations = yamlFiles(join(schemaDir, "operations")).map((f) =>
    read(join(schemaDir, "operations", f), operationFileSchema),
  );
  if (operations.length === 0) problems.push({ file: relative(sourceRoot, join(schemaDir, "operations")), path: "", reason: "no operation files" });

  if (problems.length > 0) throw new SchemaError(problems);
  return {
    enums: [enums!],
    types: types as LoadedFile<TypesFile>[],
    errors: errors!,
    context: context!,
    shared: shared as LoadedFile<SharedFile>[],
    operations: operations as LoadedFile<OperationFile>[],
    ...(transitions ? { transitions } : {}),
    ...(history ? { history } : {}),
    ...(execution ? { execution } : {}),
  };
}
