/**
 * `run-durable`: the command of the reference testing package (1.1.4), for npm scripts that call it.
 * Same arguments (`<file>`, `--skip-time`, `-v/--verbose`, `--show-history`,
 * `--handler-export <name>`, `-V/--version`, `-h/--help`), same behaviour: runs the handler once on
 * `LocalDurableTestRunner` with no payload, prints the operations table, the execution status,
 * optionally the history, then the result or the error. A failed execution still exits 0; only a
 * problem of the command itself (bad arguments, missing file or export) exits 1.
 *
 * Beyond the reference: a TypeScript <file> is loaded with tsx without `NODE_OPTIONS="--import tsx"`.
 */
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ExecutionStatus } from "../../generated/index.js";
import { LocalDurableTestRunner } from "../../testing/local-durable-test-runner.js";
import { SDK_VERSION } from "../../runtime/version.js";
import { CliUsageError } from "../command.js";
import { Command, CommanderError } from "commander";
import { ensureTypeScriptLoader, explainTypeStrippingFailure, exportNames, TYPESCRIPT_EXTENSIONS } from "../run/load-handler.js";

/**
 * The text `run-durable --help` prints.
 *
 * @example
 * ```ts
 * console.log(RUN_DURABLE_USAGE);
 * ```
 */
export const RUN_DURABLE_USAGE = `Usage: run-durable [options] <file>

Runs the durable handler exported by <file> once on the local test runner (no input payload) and
prints its operations, execution status and result or error. Drop-in for the run-durable command of
@aws/durable-execution-sdk-js-testing.

Arguments:
  file                     the module exporting the handler (.js, .mjs, .cjs, or .ts through tsx)

Options:
  --skip-time              skip waits and retry delays instead of waiting in real time (default: off)
  -v, --verbose            verbose SDK logging (DURABLE_VERBOSE_MODE=true) and full error stacks
  --show-history           also print the execution's history events
  --handler-export <name>  the export holding the handler (default: "handler")
  -V, --version            print the version
  -h, --help               show this help

Exit code: 0 when the execution ran (whatever its status), 1 when the command could not run it.`;

/**
 * What `run-durable` was asked to run.
 *
 * @example
 * ```ts
 * const options: RunDurableOptions = { file: "workflow.ts", skipTime: true, verbose: false, showHistory: false, handlerExport: "handler" };
 * ```
 */
export interface RunDurableOptions {
  file: string;
  skipTime: boolean;
  verbose: boolean;
  showHistory: boolean;
  handlerExport: string;
}

/**
 * A parsed `run-durable` command line: show help, print the version, or run a handler.
 *
 * @example
 * ```ts
 * const request: RunDurableRequest = parseRunDurableArgs(["workflow.ts", "--skip-time"]);
 * if (request.kind === "run") console.log(request.file);
 * ```
 */
export type RunDurableRequest = { kind: "help" } | { kind: "version" } | ({ kind: "run" } & RunDurableOptions);

/**
 * Parses the command line (without `node` and the script); throws CliUsageError on bad usage.
 *
 * @example
 * ```ts
 * parseRunDurableArgs(["workflow.ts", "-v", "--handler-export", "main"]);
 * // { kind: "run", file: "workflow.ts", verbose: true, handlerExport: "main", skipTime: false, showHistory: false }
 * ```
 */
export function parseRunDurableArgs(argv: readonly string[]): RunDurableRequest {
  // The help and version flags are plain options here: run-durable prints its own texts for them.
  const command = new Command("run-durable")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined })
    .helpOption(false)
    .showSuggestionAfterError(true)
    .argument("[file]")
    .option("--skip-time")
    .option("-v, --verbose")
    .option("--show-history")
    .option("--handler-export <name>")
    .option("-V, --version")
    .option("-h, --help");
  try {
    command.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) throw new CliUsageError(error.message.replace(/^error: /, ""));
    throw error;
  }
  const options = command.opts<{ skipTime?: boolean; verbose?: boolean; showHistory?: boolean; handlerExport?: string; version?: boolean; help?: boolean }>();
  if (options.help) return { kind: "help" };
  if (options.version) return { kind: "version" };
  const file = command.args[0];
  if (file === undefined) throw new CliUsageError("missing required argument <file>: the module exporting the handler");
  return {
    kind: "run",
    file,
    skipTime: options.skipTime === true,
    verbose: options.verbose === true,
    showHistory: options.showHistory === true,
    handlerExport: options.handlerExport ?? "handler",
  };
}

/**
 * A problem of the command (not of the execution): printed on stderr, exit code 1.
 *
 * @example
 * ```ts
 * throw new RunDurableError("Error: File not found: workflow.ts");
 * ```
 */
export class RunDurableError extends Error {
  override name = "RunDurableError";
}

async function loadHandler(file: string, exportName: string, cwd: string): Promise<(...args: never[]) => unknown> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new RunDurableError(`Error: File not found: ${file}`);
  const loader = TYPESCRIPT_EXTENSIONS.has(extname(path)) ? await ensureTypeScriptLoader(file, cwd) : undefined;
  const module = (await import(pathToFileURL(path).href).catch((error: unknown) => {
    throw explainTypeStrippingFailure(error, loader);
  })) as Record<string, unknown>;
  // A CommonJS module whose named exports Node cannot see statically (a .ts file of a "type":
  // "commonjs" project, compiled by tsx) has them on its exports object, the default export.
  const cjs = exportName !== "default" && typeof module.default === "object" && module.default !== null ? (module.default as Record<string, unknown>) : {};
  const exports = exportName in module ? module : cjs;
  if (!(exportName in exports)) {
    const names = exportNames(module, cjs);
    throw new RunDurableError(`Error: Export '${exportName}' not found in ${file} (exports: ${names.join(", ") || "none"}); choose one with --handler-export <name>`);
  }
  const handler = exports[exportName];
  if (typeof handler !== "function") throw new RunDurableError(`Error: Handler must be a function, got ${handler === null ? "null" : typeof handler} (export '${exportName}' of ${file})`);
  return handler as (...args: never[]) => unknown;
}

/**
 * Verbose SDK logging: DURABLE_VERBOSE_MODE=true, set before the handler's module (and the SDK it
 * imports) loads, so that SDK reads it at load as the reference's does.
 */
function enableVerbose(): void {
  process.env.DURABLE_VERBOSE_MODE = "true";
}

/**
 * Runs `run-durable` with these arguments; resolves to the exit code. Output goes to the console
 * (the operations table is `console.table`, as in the reference).
 *
 * @example
 * ```ts
 * process.exitCode = await runDurable(["workflow.ts", "--skip-time", "--show-history"]);
 * ```
 */
export async function runDurable(argv: readonly string[], cwd: string = process.cwd()): Promise<number> {
  let request: RunDurableRequest;
  try {
    request = parseRunDurableArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`run-durable: ${error.message}\n\n${RUN_DURABLE_USAGE}`);
    return 1;
  }
  if (request.kind === "help") {
    console.log(RUN_DURABLE_USAGE);
    return 0;
  }
  if (request.kind === "version") {
    console.log(SDK_VERSION);
    return 0;
  }
  try {
    if (request.verbose) enableVerbose();
    const handler = await loadHandler(request.file, request.handlerExport, cwd);
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: request.skipTime });
    try {
      const runner = new LocalDurableTestRunner({ handlerFunction: handler as never });
      console.log(`Running durable function from: ${request.file}`);
      console.log(`Skip time: ${request.skipTime}, Verbose: ${request.verbose}, Show history: ${request.showHistory}\n`);
      const execution = await runner.run();
      execution.print();
      console.log("\nExecution Status:", execution.getStatus());
      if (request.showHistory) {
        console.log("\nHistory Events:");
        console.table(execution.getHistoryEvents());
      }
      if (execution.getStatus() === ExecutionStatus.SUCCEEDED) {
        console.log("\nResult:");
        console.log(JSON.stringify(execution.getResult(), null, 2));
      } else {
        console.log("\nError:");
        console.log(JSON.stringify(execution.getError(), null, 2));
      }
    } finally {
      await LocalDurableTestRunner.teardownTestEnvironment();
    }
    return 0;
  } catch (error) {
    if (error instanceof RunDurableError || error instanceof CliUsageError) console.error(error.message);
    else if (request.verbose) console.error(error);
    else console.error((error as Error)?.message ?? String(error));
    return 1;
  }
}
