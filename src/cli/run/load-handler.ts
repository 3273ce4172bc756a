/**
 * Loading the handler for `durable run`: resolves the file, registers tsx's ESM loader for
 * TypeScript files (tsx from the user's project or next to this package), imports the module and
 * picks the export.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isDurableHandler } from "../../runtime/with-durable-execution.js";
import { CliUsageError } from "../command.js";

/** The file endings that load through tsx. */
export const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".mts", ".cts", ".tsx"]);

export interface TsxApi {
  register: () => unknown;
}

/** tsx's two register APIs: `tsx/esm/api` (import hooks) and `tsx/cjs/api` (require hooks). */
export interface TsxApis {
  esm: TsxApi;
  cjs: TsxApi;
}

let tsxRegistered = false;

/** Imports one of tsx's APIs: first as seen from this package, then from the project in `cwd`. */
async function importTsxApi(specifier: string, cwd: string): Promise<TsxApi | undefined> {
  // `specifier` is a variable: the bundler must not inline tsx into the CLI.
  try {
    return (await import(specifier)) as TsxApi;
  } catch {
    // not resolvable from here; try the user's project
  }
  try {
    const resolved = createRequire(join(cwd, "package.json")).resolve(specifier);
    return (await import(pathToFileURL(resolved).href)) as TsxApi;
  } catch {
    return undefined;
  }
}

/** Imports tsx's ESM and CommonJS register APIs (undefined unless both are found). */
export async function importTsx(cwd: string): Promise<TsxApis | undefined> {
  const [esm, cjs] = await Promise.all([importTsxApi("tsx/esm/api", cwd), importTsxApi("tsx/cjs/api", cwd)]);
  return esm && cjs ? { esm, cjs } : undefined;
}

/**
 * Whether this Node loads `file` as TypeScript by itself: type stripping, on by default from Node 22.18
 * and 23.6 (`process.features.typescript` is "strip" or "transform"), for `.ts`, `.mts` and `.cts`; never
 * `.tsx`.
 */
export function nodeLoadsTypeScript(file: string): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript) && extname(file).toLowerCase() !== ".tsx";
}

/** Who loads a TypeScript file: tsx (registered), or Node's own type stripping. */
export type TypeScriptLoader = "tsx" | "node";

/**
 * Makes `.ts` files importable: through tsx when it is installed (every TypeScript syntax, tsconfig
 * paths), else through Node's own type stripping where this Node has it ({@link nodeLoadsTypeScript}),
 * else a clear error. Both of tsx's hooks are registered: a `.ts` file in a project whose package.json
 * says `"type": "commonjs"` (what `npm init -y` writes) is a CommonJS module, which Node loads through
 * `require`, so the ESM hooks alone fail on it with ERR_REQUIRE_CYCLE_MODULE. `findTsx` locates tsx
 * (default: next to this package, then in the project in `cwd`).
 */
export async function ensureTypeScriptLoader(
  file: string,
  cwd: string,
  findTsx: (cwd: string) => Promise<TsxApis | undefined> = importTsx,
  nodeLoads: boolean = nodeLoadsTypeScript(file),
): Promise<TypeScriptLoader> {
  if (tsxRegistered) return "tsx";
  const tsx = await findTsx(cwd);
  if (!tsx || typeof tsx.esm.register !== "function" || typeof tsx.cjs.register !== "function") {
    if (nodeLoads) return "node";
    throw new CliUsageError(
      `${file} is a TypeScript file and tsx is not installed. Install it (npm install --save-dev tsx), run on Node.js 22.18+ or 23.6+ (which load .ts, .mts and .cts files themselves), or compile the handler to JavaScript and run the .js file.`,
    );
  }
  tsx.esm.register();
  tsx.cjs.register();
  tsxRegistered = true;
  return "tsx";
}

/** The import failures of Node's type stripping that tsx would not have (syntax it cannot erase, a relative import without its `.ts`). */
const TYPE_STRIPPING_FAILURES: ReadonlySet<string> = new Set(["ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX", "ERR_MODULE_NOT_FOUND", "ERR_UNKNOWN_FILE_EXTENSION"]);

/**
 * A failed import of a TypeScript file that Node's type stripping loaded: when the failure is one tsx
 * would not have, an error with the same message and what to do appended (the original as its cause);
 * else `error`.
 */
export function explainTypeStrippingFailure(error: unknown, loader: TypeScriptLoader | undefined): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (loader !== "node" || typeof e?.code !== "string" || !TYPE_STRIPPING_FAILURES.has(e.code)) return error;
  return new Error(
    `${String(e.message)} (loaded with Node's built-in type stripping: it erases types only, so enums, namespaces and parameter properties are refused, and a relative import needs its .ts extension; install tsx (npm install --save-dev tsx) to load it with tsx instead)`,
    { cause: error },
  );
}

/** How {@link importModuleFile} words its errors for one command. */
export interface ModuleFileErrors {
  /** The usage error's message for a directory (default: `not a file: <path>`). */
  directory?: (path: string) => string;
  /** The error to throw when the import itself fails (the module's code throws, it is not a module …). */
  importFailed: (path: string, error: unknown) => Error;
}

/**
 * Imports the module file a command was given (`file`, relative to `cwd`): a usage error when it is
 * missing or not a file, tsx registered first for a TypeScript file, and a failed import thrown as
 * `errors.importFailed` words it. Returns its absolute path and the module.
 */
export async function importModuleFile(file: string, cwd: string, errors: ModuleFileErrors): Promise<{ path: string; module: Record<string, unknown> }> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliUsageError(`file not found: ${path}`);
  if (errors.directory && statSync(path).isDirectory()) throw new CliUsageError(errors.directory(path));
  if (!statSync(path).isFile()) throw new CliUsageError(`not a file: ${path}`);
  const loader = TYPESCRIPT_EXTENSIONS.has(extname(path)) ? await ensureTypeScriptLoader(file, cwd) : undefined;
  try {
    return { path, module: (await import(pathToFileURL(path).href)) as Record<string, unknown> };
  } catch (error) {
    throw errors.importFailed(path, explainTypeStrippingFailure(error, loader));
  }
}

export interface LoadedHandler {
  /** Absolute path of the module. */
  path: string;
  /** The export that was used. */
  exportName: string;
  handler: (event: unknown, context: never) => Promise<unknown>;
}

/**
 * The export names a user can pick in `module` and, for a CommonJS module, in its exports object
 * `cjs`. Left out: `__esModule` (a compiler's interop marker) and `module.exports` (the name Node 24
 * gives a CommonJS module's whole exports object).
 */
export function exportNames(module: Record<string, unknown>, cjs: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(module), ...Object.keys(cjs)])].filter((name) => name !== "__esModule" && name !== "module.exports");
}

/**
 * The export to use: `--export`, else `handler`, else the default export (also looking into a
 * CommonJS module's exports), else the one export `withDurableExecution` made.
 */
function pickExport(module: Record<string, unknown>, requested: string | undefined, path: string): [string, unknown] {
  const cjs = typeof module.default === "object" && module.default !== null ? (module.default as Record<string, unknown>) : {};
  const lookup = (name: string): unknown => (name in module ? module[name] : name === "default" ? undefined : cjs[name]);
  const available = exportNames(module, cjs);
  const list = available.length > 0 ? available.join(", ") : "none";
  if (requested !== undefined) {
    if (lookup(requested) === undefined) throw new CliUsageError(`${path} has no export "${requested}" (exports: ${list})`);
    return [requested, lookup(requested)];
  }
  for (const name of ["handler", "default"]) {
    if (lookup(name) !== undefined) return [name, lookup(name)];
  }
  const marked = available.filter((name) => isDurableHandler(lookup(name)));
  if (marked.length === 1) return [marked[0]!, lookup(marked[0]!)];
  if (marked.length > 1) {
    throw new CliUsageError(`${path} exports several durable handlers (${marked.join(", ")}); choose one with --export <name>`);
  }
  throw new CliUsageError(`${path} exports no durable handler (exports: ${list}); export the function withDurableExecution returns, or name it with --export <name>`);
}

/**
 * The file could not be imported (not a module — `durable run README.md` —, a syntax error, a throw
 * at load time): one line naming the file and the cause, no stack.
 */
export class HandlerLoadError extends Error {
  override name = "HandlerLoadError";
  constructor(path: string, cause: unknown) {
    const e = cause as { code?: string; message?: string; name?: string };
    const reason =
      e?.code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? `it is not a JavaScript or TypeScript module (${extname(path) || "no extension"})`
        : `${e?.name ?? "Error"}: ${String(e?.message ?? cause).split("\n")[0]}`;
    super(`cannot load ${path}: ${reason}; give a module (.js, .mjs, .cjs, .ts) that exports a durable handler`, { cause });
  }
}

export async function loadHandler(file: string, exportName: string | undefined, cwd: string): Promise<LoadedHandler> {
  const { path, module } = await importModuleFile(file, cwd, { importFailed: (path, error) => new HandlerLoadError(path, error) });
  const [name, value] = pickExport(module, exportName, path);
  if (typeof value !== "function") {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new CliUsageError(`export "${name}" of ${path} is ${kind}, not a function; export the handler withDurableExecution returned`);
  }
  return { path, exportName: name, handler: value as LoadedHandler["handler"] };
}
