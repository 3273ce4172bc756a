/**
 * Finding the durable handlers of the files given to `durable dev`: every export that
 * `withDurableExecution` made (it carries DURABLE_HANDLER_MARKER) is a function named after the
 * export; `handler` (or a default export) is named after the file. An unmarked function exported
 * as `handler` is taken too: it is how handlers wrapped by another SDK build (e.g. the reference
 * SDK) look. TypeScript files load through tsx.
 */
import { readdirSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { MAX_LAMBDA_FUNCTION_NAME_LENGTH } from "../../generated/index.js";
import { FUNCTION_NAME_PATTERN } from "../../generated/lambda-api.js";
import type { DurableFunctionHandler } from "../../local/index.js";
import { isDurableHandler } from "../../runtime/with-durable-execution.js";
import { CliUsageError } from "../command.js";
import { importModuleFile } from "../run/load-handler.js";

export interface DevFunction {
  /** The FunctionName clients invoke it by. */
  name: string;
  /** The file, relative to the working directory. */
  file: string;
  exportName: string;
  handler: DurableFunctionHandler;
  /** False for an unmarked `handler` export (assumed to be wrapped by another SDK build). */
  marked: boolean;
}

/** Thrown when a file cannot be imported (it exists but its code fails). */
export class HandlerFileError extends Error {
  override readonly name = "HandlerFileError";
}

function fileBaseName(path: string): string {
  return basename(path, extname(path));
}

function exportsOf(module: Record<string, unknown>): [string, unknown][] {
  const entries = Object.entries(module);
  const seen = new Set(entries.map(([, value]) => value));
  const cjs = module.default;
  // A CommonJS module: its exports object is the default export; look inside it too.
  if (typeof cjs === "object" && cjs !== null) {
    for (const entry of Object.entries(cjs)) if (!seen.has(entry[1]) && entry[0] !== "default") entries.push(entry);
  }
  return entries;
}

const MODULE_FILE = /^(?!.*\.d\.[mc]?ts$).+\.(?:[mc]?[jt]s|tsx)$/;

/**
 * `durable dev src`: the server takes module files, not directories. Names the modules directly in
 * the directory, so the fix is one copy away.
 */
function directoryMessage(path: string, cwd: string): string {
  const shown = relative(cwd, path) || ".";
  const modules = readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && MODULE_FILE.test(entry.name))
    .map((entry) => join(shown, entry.name))
    .sort();
  const example = modules.length > 0 ? modules.slice(0, 3).join(" ") : join(shown, "order.ts");
  const found = modules.length > 0 ? ` (modules in it: ${modules.slice(0, 10).join(", ")}${modules.length > 10 ? `, … ${modules.length - 10} more` : ""})` : " (it holds no .js or .ts module)";
  return `${shown} is a directory; give the module files that export durable handlers, e.g. durable dev ${example}${found}`;
}

async function loadFile(file: string, cwd: string): Promise<DevFunction[]> {
  const { path, module } = await importModuleFile(file, cwd, {
    directory: (path) => directoryMessage(path, cwd),
    importFailed: (path, error) => new HandlerFileError(`cannot load ${relative(cwd, path)}: ${(error as Error)?.stack ?? String(error)}`),
  });
  const shown = relative(cwd, path) || path;
  const found: DevFunction[] = [];
  const entries = exportsOf(module);
  for (const [exportName, value] of entries) {
    const marked = isDurableHandler(value);
    const fallback = !marked && exportName === "handler" && typeof value === "function";
    if (!marked && !fallback) continue;
    if (exportName === "default" && entries.some(([name, other]) => name === "handler" && other === value)) continue;
    const name = exportName === "handler" || exportName === "default" ? fileBaseName(path) : exportName;
    if (!FUNCTION_NAME_PATTERN.test(name)) {
      throw new CliUsageError(
        `${shown}: "${name}" (${exportName === "handler" || exportName === "default" ? "the file's name, for its handler export" : "an export"}) is not a valid function name: use 1-${MAX_LAMBDA_FUNCTION_NAME_LENGTH} letters, digits, "-" or "_"`,
      );
    }
    found.push({ name, file: shown, exportName, handler: value as DurableFunctionHandler, marked });
  }
  if (found.length === 0) {
    const names = entries.map(([name]) => name).join(", ") || "none";
    throw new CliUsageError(`${shown} exports no durable handler (exports: ${names}); export the function withDurableExecution returns`);
  }
  return found;
}

/** The durable functions of all files; two functions with one name is a usage error. */
export async function loadDevFunctions(files: readonly string[], cwd: string): Promise<DevFunction[]> {
  const all: DevFunction[] = [];
  const byName = new Map<string, DevFunction>();
  for (const file of files) {
    for (const fn of await loadFile(file, cwd)) {
      const clash = byName.get(fn.name);
      if (clash) {
        throw new CliUsageError(`two durable functions are named "${fn.name}": ${clash.file} (export ${clash.exportName}) and ${fn.file} (export ${fn.exportName})`);
      }
      byName.set(fn.name, fn);
      all.push(fn);
    }
  }
  return all;
}
