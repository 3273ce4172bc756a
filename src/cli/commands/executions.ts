/**
 * `durable start`, `durable list`, `durable stop` and `durable logs`: executions on a server that
 * speaks the Lambda API (a running `durable dev` by default, any `--endpoint`, or real AWS with
 * `--aws`), through @aws-sdk/client-lambda. Each prints text for people or, with `--json`, the API's
 * answer as JSON.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Execution } from "@aws-sdk/client-lambda";
import { DEFAULT_PAGE_ITEMS, ExecutionStatus, InvocationType, MAX_PAGE_ITEMS } from "../../generated/index.js";
import { parseDurableExecutionArn, parseFunctionArn } from "../../generated/lambda-api.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { addTargetOptions, resolveTarget, withFunctionNames, withLambdaClient, type TargetOptions } from "../dev/remote.js";
import { formatDuration } from "../run/render.js";
import { formatLogRecord, parseLogRecord, type LogRecord } from "../log-format.js";
import { styleFor } from "../style.js";
import { readInput } from "./run.js";

/** Where `durable dev` keeps the durable logger's lines (one JSON record per line), relative to its directory. */
export const DEFAULT_LOG_FILE = ".durable/logs.jsonl";

const STATUSES: readonly ExecutionStatus[] = Object.values(ExecutionStatus);

/** The function name of a function ARN or an execution ARN (`arn:aws:lambda:…:function:<name>[:<qualifier>]/durable-execution/…`); "" for neither. */
function functionOf(arn: string | undefined): string {
  if (arn === undefined) return "";
  return (parseDurableExecutionArn(arn) ?? parseFunctionArn(arn))?.functionName ?? "";
}

function json(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const start: CliCommand = {
  name: "start",
  summary: "start an execution of a function (asynchronous Invoke); print its ARN",
  declare(command) {
    addTargetOptions(
      command
        .description("Starts a durable execution of <function> with an asynchronous Invoke and prints the execution's ARN.")
        .argument("<function>", "the function's name (durable dev prints them) or ARN")
        .option("--input <json|@file>", "the execution input as JSON text, or @path to a JSON file (default: none)")
        .option("--name <execution-name>", "the execution's name (idempotent: the same name and input return the same execution)"),
    ).option("--json", 'print {"FunctionName", "DurableExecutionArn", "StatusCode"} as JSON');
  },
  async run(args, options, io) {
    const functionName = args[0] as string;
    const payload = readInput(options.input as string | undefined, io.cwd);
    const target = resolveTarget(options as TargetOptions, io.env);
    return withLambdaClient("start", target, io, async (client, sdk) => {
      const response = await client
        .send(
          new sdk.InvokeCommand({
            FunctionName: functionName,
            InvocationType: InvocationType.Event,
            ...(payload !== undefined ? { Payload: Buffer.from(payload, "utf8") } : {}),
            ...(options.name !== undefined ? { DurableExecutionName: options.name as string } : {}),
          }),
        )
        .catch(async (error: unknown) => {
          throw await withFunctionNames(error, functionName, client, sdk, target);
        });
      const arn = response.DurableExecutionArn;
      if (!arn) throw new Error(`${functionName} started no durable execution (is it a durable function?)`);
      if (options.json === true) json(io, { FunctionName: functionName, DurableExecutionArn: arn, StatusCode: response.StatusCode });
      else io.stdout.write(`${arn}\n`);
    });
  },
};

export const list: CliCommand = {
  name: "list",
  summary: "list executions, newest first (filter by --status and --function)",
  declare(command) {
    addTargetOptions(
      command
        .description(
          "Lists the durable executions of a function (ListDurableExecutionsByFunction), newest first. Without --function, lists those of every function the server's ListFunctions returns.",
        )
        .option("--function <name>", "the function whose executions to list")
        .option("--status <status...>", `only executions with these statuses (${STATUSES.join(", ")})`)
        .option("--name <execution-name>", "only executions with this name")
        .option("--limit <n>", `at most this many executions (default ${DEFAULT_PAGE_ITEMS}, the API's default page size)`),
    ).option("--json", 'print {"DurableExecutions": […]} as JSON');
  },
  async run(_args, options, io) {
    const statuses = ((options.status as string[] | undefined) ?? []).flatMap((s) => s.split(",")).map((s) => s.trim().toUpperCase());
    for (const status of statuses) {
      if (!(STATUSES as readonly string[]).includes(status)) throw new CliUsageError(`--status must be one of ${STATUSES.join(", ")} (got ${JSON.stringify(status)})`);
    }
    const limitText = options.limit as string | undefined;
    const limit = limitText === undefined ? DEFAULT_PAGE_ITEMS : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) throw new CliUsageError(`--limit must be a whole number of at least 1 (got ${JSON.stringify(limitText)})`);
    const target = resolveTarget(options as TargetOptions, io.env);
    const style = styleFor(io.stdout, io.env);
    return withLambdaClient("list", target, io, async (client, sdk) => {
      let functions: string[];
      if (options.function !== undefined) functions = [options.function as string];
      else {
        try {
          const listed = await client.send(new sdk.ListFunctionsCommand({}));
          functions = (listed.Functions ?? []).map((f) => f.FunctionName!).filter(Boolean);
        } catch (error) {
          const name = (error as { name?: string }).name ?? "";
          if (/UnknownOperation|NotFound|MethodNotAllowed/.test(name) || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
            throw new CliUsageError("this server cannot list its functions: give --function <name> (durable dev prints the function names when it starts)");
          }
          throw error;
        }
      }
      const executions: Execution[] = [];
      for (const functionName of functions) {
        let marker: string | undefined;
        do {
          const page = await client
            .send(
              new sdk.ListDurableExecutionsByFunctionCommand({
                FunctionName: functionName,
                ...(statuses.length ? { Statuses: statuses as Execution["Status"][] as never } : {}),
                ...(options.name !== undefined ? { DurableExecutionName: options.name as string } : {}),
                MaxItems: Math.min(limit, MAX_PAGE_ITEMS),
                Marker: marker,
              }),
            )
            .catch(async (error: unknown) => {
              throw options.function !== undefined ? await withFunctionNames(error, functionName, client, sdk, target) : error;
            });
          executions.push(...(page.DurableExecutions ?? []));
          marker = executions.length < limit ? page.NextMarker : undefined;
        } while (marker);
      }
      executions.sort((a, b) => (b.StartTimestamp?.getTime() ?? 0) - (a.StartTimestamp?.getTime() ?? 0));
      const shown = executions.slice(0, limit);
      if (options.json === true) return json(io, { DurableExecutions: shown });
      if (shown.length === 0) {
        io.stdout.write(`No executions${statuses.length ? ` with status ${statuses.join(" or ")}` : ""}${functions.length === 1 ? ` of ${functions[0]}` : ""}.\n`);
        return;
      }
      const now = Date.now();
      const rows = shown.map((e) => {
        const startedAt = e.StartTimestamp?.getTime();
        const endedAt = e.EndTimestamp?.getTime() ?? (e.Status === ExecutionStatus.RUNNING ? now : undefined);
        const took = startedAt !== undefined && endedAt !== undefined ? formatDuration(endedAt - startedAt) + (e.EndTimestamp ? "" : " so far") : "";
        return [functionOf(e.FunctionArn ?? e.DurableExecutionArn), e.DurableExecutionName ?? "", e.Status ?? "", e.StartTimestamp?.toISOString() ?? "", took, e.DurableExecutionArn ?? ""];
      });
      const header = ["FUNCTION", "NAME", "STATUS", "STARTED", "DURATION", "ARN"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[], colour = false) =>
        cells
          .map((cell, i) => {
            const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
            return colour && i === 2 ? padded.replace(cell, style.status(cell)) : padded;
          })
          .join("  ")
          .trimEnd();
      io.stdout.write([style.bold(line(header)), ...rows.map((r) => line(r, true)), ""].join("\n"));
    });
  },
};

export const stop: CliCommand = {
  name: "stop",
  summary: "stop a running execution",
  declare(command) {
    addTargetOptions(
      command
        .description("Stops a running durable execution (StopDurableExecution); it ends with status STOPPED.")
        .argument("<execution-arn>", "the execution's ARN (durable list shows them)")
        .option("--error <message>", "the error message recorded with the stop")
        .option("--error-type <type>", "the error type recorded with the stop"),
    ).option("--json", 'print {"StopTimestamp": …} as JSON');
  },
  async run(args, options, io) {
    const arn = args[0] as string;
    const target = resolveTarget(options as TargetOptions, io.env);
    const error =
      options.error !== undefined || options.errorType !== undefined
        ? { ...(options.errorType !== undefined ? { ErrorType: options.errorType as string } : {}), ...(options.error !== undefined ? { ErrorMessage: options.error as string } : {}) }
        : undefined;
    return withLambdaClient("stop", target, io, async (client, sdk) => {
      const response = await client.send(new sdk.StopDurableExecutionCommand({ DurableExecutionArn: arn, ...(error ? { Error: error } : {}) }));
      if (options.json === true) json(io, { DurableExecutionArn: arn, StopTimestamp: response.StopTimestamp });
      else io.stdout.write(`stopped ${arn}${response.StopTimestamp ? ` at ${response.StopTimestamp.toISOString()}` : ""}\n`);
    });
  },
};

/** The records of one execution in a log file of `durable dev`. */
export function readExecutionLogs(path: string, arn: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    // A torn last line while the server writes is no record: skipped.
    const record = parseLogRecord(line);
    if (record?.executionArn === arn) records.push(record);
  }
  return records;
}

export const logs: CliCommand = {
  name: "logs",
  summary: "print the durable logger's lines of one execution (from durable dev)",
  declare(command) {
    addTargetOptions(
      command
        .description(
          `Prints what the handler logged with context.logger during one execution, oldest first. durable dev keeps these lines in ${DEFAULT_LOG_FILE} (in the directory it runs in); the execution is looked up on the server first, so an unknown ARN is reported as such. For executions on AWS, read the function's CloudWatch log group.`,
        )
        .argument("<execution-arn>", "the execution's ARN (durable list shows them)")
        .option("--log-file <path>", `the log file durable dev writes (default ${DEFAULT_LOG_FILE})`),
    ).option("--json", "print the records as a JSON array");
  },
  async run(args, options, io) {
    const arn = args[0] as string;
    const target = resolveTarget(options as TargetOptions, io.env);
    if (target.kind === "aws") {
      throw new CliUsageError(`the logs of executions on AWS are in CloudWatch Logs (log group /aws/lambda/${functionOf(arn) || "<function>"}); durable logs reads the lines durable dev keeps`);
    }
    const path = resolve(io.cwd, (options.logFile as string | undefined) ?? DEFAULT_LOG_FILE);
    const style = styleFor(io.stdout, io.env);
    return withLambdaClient("logs", target, io, async (client, sdk) => {
      await client.send(new sdk.GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      // durable dev creates the file at the first line logged: beside its .durable directory, no file means nothing logged yet.
      if (!existsSync(path) && !existsSync(dirname(path))) {
        throw new Error(`no log file at ${path}: run durable logs in the directory durable dev runs in, or pass --log-file`);
      }
      const records = existsSync(path) ? readExecutionLogs(path, arn) : [];
      if (options.json === true) return json(io, records);
      if (records.length === 0) {
        io.stdout.write(`No log lines for ${arn}.\n`);
        return;
      }
      for (const record of records) io.stdout.write(`${formatLogRecord(record, style, { time: "iso", label: false })}\n`);
    });
  },
};
