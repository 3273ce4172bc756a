/**
 * `durable run <file>`: runs a durable handler once on the in-process local durable service
 * (virtual clock unless --real-time) and prints its operation tree and result. Exits 0 when the
 * execution SUCCEEDED, 1 when it failed, timed out or could not finish (it waits for a callback
 * nothing will send), 2 on bad usage.
 */
import { readFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { EventType, ExecutionStatus, MAX_EXECUTION_TIMEOUT_SECONDS, MAX_FUNCTION_TIMEOUT_SECONDS, OperationSubType, OperationType, WAITING_OPERATION_STATUSES } from "../../generated/index.js";
import { RUNTIME_INVALID_RESPONSE_ERROR_TYPE } from "../../generated/service-errors.js";
import { LocalDurableService, type DurableFunctionHandler, type HistoryEvent } from "../../local/index.js";
import { CliUsageError, once, type CliCommand, type CliIo } from "../command.js";
import { Option } from "commander";
import { loadHandler } from "../run/load-handler.js";
import { ProgressLine, type ProgressStream } from "../run/progress.js";
import {
  buildTree,
  executionDuration,
  formatDuration,
  parseResult,
  renderError,
  renderHistory,
  renderPayload,
  renderTree,
  type RunReport,
} from "../run/render.js";

const DESCRIPTION = `Runs the durable handler exported by <file> once on the local durable service and prints its
operation tree (name, type, status, attempts, duration, result) and its result. Waits, retries and
callback timeouts take no real time unless --real-time is given; the execution may last up to a
year of execution time. TypeScript files are loaded with tsx (install it in your project).
Exit code: 0 SUCCEEDED, 1 FAILED / TIMED_OUT / STOPPED / still waiting for a callback, 2 bad usage.`;

interface RunOptions {
  file: string;
  exportName?: string;
  input?: string;
  realTime: boolean;
  history: boolean;
  json: boolean;
}

function runOptions(args: unknown[], options: Record<string, unknown>): RunOptions {
  if (options.realTime && options.skipTime) throw new CliUsageError("--real-time and --skip-time exclude each other");
  const exportName = (options.export ?? options.handlerExport) as string | undefined;
  if (options.export !== undefined && options.handlerExport !== undefined && options.export !== options.handlerExport) {
    throw new CliUsageError("--export and --handler-export name different exports: give one");
  }
  return {
    file: args[0] as string,
    exportName,
    input: options.input as string | undefined,
    realTime: options.realTime === true,
    history: options.history === true || options.showHistory === true,
    json: options.json === true,
  };
}

/** The input payload (JSON text), from `--input JSON` or `--input @file`. */
export function readInput(input: string | undefined, cwd: string): string | undefined {
  if (input === undefined) return undefined;
  let text = input;
  let source = "--input";
  if (input.startsWith("@")) {
    const path = resolve(cwd, input.slice(1));
    source = `--input ${input}`;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new CliUsageError(`${source}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(
      `${source} is not valid JSON (${(error as Error).message}); pass JSON text, e.g. --input '{"orderId":"o-1"}', or @file.json`,
    );
  }
  return text.trim();
}

/** While the handler runs with --json, its stdout output goes to stderr so stdout holds only the report. */
function divertStdout(): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stdout.write>) =>
    process.stderr.write(...(args as Parameters<typeof process.stderr.write>))) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

async function runCommand(args: unknown[], parsed: Record<string, unknown>, io: CliIo): Promise<number> {
  const options = runOptions(args, parsed);
  const inputPayload = readInput(options.input, io.cwd);
  const loaded = await loadHandler(options.file, options.exportName, io.cwd);
  const clock = options.realTime ? "real" : "virtual";
  // Lambda's longest invocation and longest execution (a year), so workflows that wait for days run to their end.
  const service = new LocalDurableService({ clock, invocationTimeoutMs: MAX_FUNCTION_TIMEOUT_SECONDS * 1000, defaultExecutionTimeoutSeconds: MAX_EXECUTION_TIMEOUT_SECONDS });
  const functionName = basename(loaded.path, extname(loaded.path)) || "handler";
  // Justified cast: the user's export, typed only as a function by the loader; the service calls it the
  // way Lambda would and reports whatever it returns (a non-durable result fails the run with a message).
  service.registerFunction(functionName, loaded.handler as unknown as DurableFunctionHandler);

  const progress = ProgressLine.forStream(io.stderr as ProgressStream, () => service.clock.now());
  let mainArn: string | undefined;
  const unsubscribe = service.onHistoryEvent((arn, event: HistoryEvent) => {
    mainArn ??= arn;
    if (arn === mainArn) progress?.onEvent(event);
  });
  const restoreStdout = options.json ? divertStdout() : undefined;
  const realStart = Date.now();
  let arn: string;
  try {
    arn = service.startExecution({ functionName, inputPayload });
    await service.runUntilIdle();
  } finally {
    restoreStdout?.();
    progress?.stop();
    unsubscribe();
    service.close();
  }
  const realMs = Date.now() - realStart;

  const description = service.getExecution(arn);
  const operations = service.getOperations(arn);
  const history = service.getHistory(arn);
  const tree = buildTree(operations);
  const invocations = history.filter((event) => event.EventType === EventType.InvocationCompleted).length;
  const waitingFor = operations
    .filter((op) => op.Type === OperationType.CALLBACK && op.Status !== undefined && WAITING_OPERATION_STATUSES.has(op.Status))
    .map((op) => {
      const parent = operations.find((candidate) => candidate.Id === op.ParentId);
      const name = op.Name ?? (parent?.SubType === OperationSubType.WAIT_FOR_CALLBACK ? parent.Name : undefined);
      return { id: op.Id!, ...(name !== undefined ? { name } : {}), callbackId: op.CallbackDetails?.CallbackId ?? "" };
    });
  const succeeded = description.Status === ExecutionStatus.SUCCEEDED;

  if (options.json) {
    const report: RunReport = {
      file: loaded.path,
      export: loaded.exportName,
      clock,
      executionArn: arn,
      status: description.Status,
      startTimestamp: description.StartTimestamp.toISOString(),
      invocations,
      operations: tree,
    };
    if (description.Result !== undefined) report.result = parseResult(description.Result);
    if (description.Error !== undefined) report.error = description.Error;
    if (description.EndTimestamp) report.endTimestamp = description.EndTimestamp.toISOString();
    const duration = executionDuration(description);
    if (duration !== undefined) report.durationMs = duration;
    if (description.Status === ExecutionStatus.RUNNING) report.waitingFor = waitingFor;
    if (options.history) report.history = history;
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return succeeded ? 0 : 1;
  }

  const out: string[] = [];
  out.push(`durable run ${options.file} (export "${loaded.exportName}", ${clock} clock)`, "");
  out.push(...renderTree(tree), "");
  if (options.history) out.push("History:", ...renderHistory(history, operations), "");
  const duration = executionDuration(description);
  const took = duration === undefined ? "" : ` after ${formatDuration(duration)} of execution time`;
  const real = clock === "virtual" ? ` (virtual clock; ${formatDuration(realMs)} real)` : "";
  const counts = `${invocations} invocation${invocations === 1 ? "" : "s"}, ${history.length} history events`;
  if (description.Status === ExecutionStatus.RUNNING) {
    const what =
      waitingFor.length > 0
        ? waitingFor.map((cb) => `callback ${cb.name ? `"${cb.name}" ` : ""}(${cb.id})`).join(", ")
        : "outside input";
    out.push(`RUNNING: the execution is waiting for ${what} and nothing else can make progress (${counts}).`);
    out.push("durable run cannot complete callbacks: give the callback a timeout, or run the handler where the callback can be sent.");
  } else {
    out.push(`${description.Status}${took}${real}, ${counts}`, "");
    if (succeeded) out.push("Result:", renderPayload(description.Result));
    else {
      if (description.Error) out.push("Error:", ...renderError(description.Error));
      else if (description.Status === ExecutionStatus.TIMED_OUT) out.push("Error:", "the execution ran past its execution timeout");
      else out.push("Error:", "(no error details)");
      if (description.Error?.ErrorType === RUNTIME_INVALID_RESPONSE_ERROR_TYPE) {
        out.push(`Hint: is export "${loaded.exportName}" the function withDurableExecution returned?`);
      }
    }
  }
  io.stdout.write(`${out.join("\n")}\n`);
  return succeeded ? 0 : 1;
}

export const run: CliCommand = {
  name: "run",
  summary: "run a durable handler once on the local service; print its operations and result",
  declare(command) {
    command
      .description(DESCRIPTION)
      .usage("<file> [options]")
      .argument("<file>", "the module exporting the durable handler (.js, .mjs, .cjs, or .ts through tsx)")
      .option("--export <name>", "the export holding the handler (default: handler, else the default export, else the one export withDurableExecution made)", once)
      .option("--input <json|@file>", "the execution input as JSON text, or @path to a JSON file (default: {})", once)
      .option("--real-time", "run on the real clock (waits take their real duration)")
      .option("--skip-time", "skip waits and retry delays (the default; as run-durable's flag)")
      .option("--history", "also print the execution history")
      .option("--json", "print one JSON document (handler output goes to stderr)")
      .addOption(new Option("--handler-export <name>", "same as --export (run-durable's name)").hideHelp())
      .addOption(new Option("--show-history", "same as --history (run-durable's name)").hideHelp());
  },
  run: runCommand,
};
