/**
 * `durable dev <files…>`: the local durable service over HTTP (Lambda's REST API on 127.0.0.1) with
 * the durable handlers of the given files, on the real clock. Executions are kept in a SQLite file
 * (better-sqlite3) so a restart — even a crash — loses nothing: timers and callbacks resume.
 */
import { resolve } from "node:path";
import { DEFAULT_RETENTION_PERIOD_IN_DAYS, EventType, ExecutionStatus, MAX_RETENTION_PERIOD_IN_DAYS } from "../../generated/index.js";
import { DEFAULT_MAX_CONCURRENT_INVOCATIONS, MIN_RETENTION_MS } from "../../local/local-durable-service.js";
import { LocalHttpServer } from "../../local/http/index.js";
import { loadOrCreateSecret } from "../../local/token-signer.js";
import { checkOtlpTarget, startDevOtlpExport } from "../../local/otlp-export.js";
import type { SqlitePersistence } from "../../local/persistence/sqlite.js";
import type { HistoryEvent } from "../../local/index.js";
import { eventDetails } from "../../generated/index.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { HandlerFileError, loadDevFunctions, type DevFunction } from "../dev/load-functions.js";
import { captureDurableLogs, LOG_FORMATS, type LogFormat } from "../dev/log-capture.js";
import { executionLabel } from "../log-format.js";
import { DEFAULT_LOG_FILE } from "./executions.js";
import { DEFAULT_DEV_PORT, DEV_CREDENTIALS, DEV_REGION, parsePort, quietAwsSdkNodeWarning } from "../dev/remote.js";
import { formatDuration } from "../run/render.js";
import { styleFor, type Style } from "../style.js";
import { loadUiAssets } from "../dev/ui-assets.js";

const DEFAULT_DB = ".durable/dev.sqlite";

const DESCRIPTION = `Serves the durable handlers exported by <files> on the local durable service, under the Lambda
REST API (Invoke, GetDurableExecution, GetDurableExecutionHistory, ListDurableExecutionsByFunction,
StopDurableExecution, SendDurableExecutionCallbackSuccess/Failure/Heartbeat, and the checkpoint API
the SDK uses). Every export made by withDurableExecution becomes a function named after the export;
a "handler" export is named after its file. Time is real. Executions are stored in a SQLite file,
so stopping or killing the server loses nothing: on restart, waits, retries and callbacks resume.
Each execution prints a line when it starts and when it ends (--quiet turns them off), and what the
handlers log with context.logger prints as one readable line per record (--log-format json prints
the JSON records as written).
TypeScript files are loaded with tsx (install it in your project).`;

const AFTER_HELP = `
Security: the server answers only requests that name it by a loopback host (or --allowed-host),
come from no web origin or its own, and send JSON or binary bodies (no DNS rebinding, no
cross-site posts). Checkpoint tokens and callback ids are random and HMAC-signed with a secret kept
owner-only beside the database (<db>.secret), so they cannot be forged and survive restarts; the
database is owner-only too (0600).

Talk to it with durable start / list / history / logs / stop / callback, or any Lambda client, e.g.
  new LambdaClient({ endpoint: "http://127.0.0.1:${DEFAULT_DEV_PORT}", region: "us-east-1",
                     credentials: { accessKeyId: "local", secretAccessKey: "local" } })`;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--retention`: a number with a unit (ms, s, m, h, d), e.g. 90s, 30m, 12h, 7d; milliseconds. */
export function parseRetention(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  const ms = match ? Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(ms) || ms < MIN_RETENTION_MS || ms > MAX_RETENTION_PERIOD_IN_DAYS * DURATION_UNITS.d!) {
    throw new CliUsageError(
      `--retention takes a duration with a unit (ms, s, m, h or d) from ${MIN_RETENTION_MS / DURATION_UNITS.s!}s to ${MAX_RETENTION_PERIOD_IN_DAYS}d, e.g. 30m, 12h or 7d (got ${JSON.stringify(text)})`,
    );
  }
  return Math.round(ms);
}

/** `--log-format`: pretty (the default) or json. */
export function parseLogFormat(text: string | undefined): LogFormat {
  if (text === undefined) return "pretty";
  const format = LOG_FORMATS.find((f) => f === text.trim().toLowerCase());
  if (!format) throw new CliUsageError(`--log-format takes ${LOG_FORMATS.join(" or ")} (got ${JSON.stringify(text)})`);
  return format;
}

/** Opens the database; without better-sqlite3 an explicit --db is an error, the default falls back to memory. */
async function openDatabase(path: string, explicit: boolean, io: CliIo): Promise<SqlitePersistence | undefined> {
  const { SqlitePersistence, PersistenceUnavailableError } = await import("../../local/persistence/sqlite.js");
  try {
    return await SqlitePersistence.open(path);
  } catch (error) {
    if (error instanceof PersistenceUnavailableError && !explicit) {
      io.stderr.write(`durable dev: warning: executions are kept in memory only (a restart loses them). ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

function clientSnippet(endpoint: string, fn: DevFunction | undefined): string[] {
  return [
    `  import { LambdaClient, InvokeCommand } from "@aws-sdk/client-lambda";`,
    `  const lambda = new LambdaClient({`,
    `    endpoint: "${endpoint}",`,
    `    region: "${DEV_REGION}",`,
    `    credentials: { accessKeyId: "${DEV_CREDENTIALS.accessKeyId}", secretAccessKey: "${DEV_CREDENTIALS.secretAccessKey}" },`,
    `  });`,
    `  await lambda.send(new InvokeCommand({ FunctionName: "${fn?.name ?? "<function>"}", InvocationType: "Event", Payload: JSON.stringify({}) }));`,
  ];
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise<string>((resolveSignal) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolveSignal(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * One line per execution start and end, at the event's time of day (UTC, as the log lines):
 *
 *   10:42:01.328 ▶ order/b3cd8229 started  arn:aws:lambda:…:function:order:$LATEST/durable-execution/b3cd8229-…/…
 *   10:42:09.838 ✓ order/b3cd8229 completed in 8.5 s
 *   10:43:12.004 ✗ billing/0c1f5e2a failed in 31 ms: Error: card declined
 *
 * The execution is named by the short label its log lines carry (executionLabel: the function and the
 * start of a generated name), so its lines read together; the start line also gives the whole ARN
 * (dim), once, for `durable history` / `logs` / `stop` and the web UI.
 */
export function executionLogger(write: (line: string) => void, style: Style): (arn: string, event: HistoryEvent) => void {
  const started = new Map<string, number>();
  const time = (at: number) => style.dim(new Date(at).toISOString().slice(11, 23));
  return (arn, event) => {
    const name = executionLabel(arn);
    const at = event.EventTimestamp.getTime();
    if (event.EventType === EventType.ExecutionStarted) {
      started.set(arn, at);
      write(`${time(at)} ${style.cyan("▶")} ${style.cyan(name)} started  ${style.dim(arn)}\n`);
      return;
    }
    const outcome: Record<string, [string, string]> = {
      ExecutionSucceeded: [style.green("✓"), "completed"],
      ExecutionFailed: [style.red("✗"), "failed"],
      ExecutionTimedOut: [style.red("✗"), "timed out"],
      ExecutionStopped: [style.yellow("■"), "stopped"],
    };
    const [mark, verb] = outcome[event.EventType] ?? [];
    if (!mark) return;
    const from = started.get(arn);
    started.delete(arn);
    const took = from === undefined ? "" : ` in ${formatDuration(at - from)}`;
    const error = eventDetails(event)?.Error?.Payload;
    const why = error ? `: ${error.ErrorType ?? "Error"}${error.ErrorMessage ? `: ${error.ErrorMessage.split("\n")[0]}` : ""}` : "";
    write(`${time(at)} ${mark} ${style.cyan(name)} ${verb}${took}${why}\n`);
  };
}

export const dev: CliCommand = {
  name: "dev",
  summary: "serve durable handlers under the Lambda API on 127.0.0.1, with executions kept in SQLite",
  declare(command) {
    command
      .description(DESCRIPTION)
      .usage("<files…> [options]")
      .argument("<files...>", "modules exporting durable handlers")
      .option("--port <n>", `port on 127.0.0.1 (default ${DEFAULT_DEV_PORT}; 0 picks a free one)`)
      .option("--otlp <url>", "export each finished execution as a trace to this OTLP/HTTP endpoint (e.g. http://localhost:4318); OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT work too")
      .option("--db <path>", `the SQLite file (default ${DEFAULT_DB}; needs the optional dependency better-sqlite3)`)
      .option("--in-memory", "keep executions in memory only")
      .option("--max-concurrent-invocations <n>", `invocations (of different executions) run at once (default ${DEFAULT_MAX_CONCURRENT_INVOCATIONS}; 1: one at a time)`)
      .option("--retention <duration>", `keep finished executions this long, e.g. 30m, 12h, 7d (default: ${DEFAULT_RETENTION_PERIOD_IN_DAYS} days, Lambda's RetentionPeriodInDays default)`)
      .option("--allowed-host <names>", "host names (comma-separated) the server answers to besides localhost/127.0.0.1")
      .option("--verbose", "print every API request")
      .option("--quiet", "do not print a line per execution")
      .option("--log-file <path>", `where the durable logger's lines are kept for durable logs (default ${DEFAULT_LOG_FILE})`)
      .option("--log-format <pretty|json>", "the handlers' context.logger lines: pretty (one readable line per record; default) or json (as written, as in CloudWatch); the log file keeps JSON either way")
      .addHelpText("after", AFTER_HELP);
  },
  async run(args: unknown[], options: Record<string, unknown>, io: CliIo): Promise<number> {
    const files = args[0] as string[];
    const port = options.port === undefined ? DEFAULT_DEV_PORT : parsePort(options.port as string, true);
    const dbOption = options.db as string | undefined;
    const inMemory = options.inMemory === true;
    if (inMemory && dbOption !== undefined) throw new CliUsageError("--db and --in-memory exclude each other");
    const verbose = options.verbose === true;
    const concurrencyText = options.maxConcurrentInvocations as string | undefined;
    const maxConcurrentInvocations = concurrencyText === undefined ? undefined : Number(concurrencyText);
    if (maxConcurrentInvocations !== undefined && !(Number.isInteger(maxConcurrentInvocations) && maxConcurrentInvocations >= 1 && maxConcurrentInvocations <= 10_000)) {
      throw new CliUsageError(`--max-concurrent-invocations takes a whole number from 1 to 10000 (got ${JSON.stringify(concurrencyText)})`);
    }
    const retentionMs = options.retention === undefined ? undefined : parseRetention(options.retention as string);
    const allowedHosts = ((options.allowedHost as string | undefined) ?? "").split(",").map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
    for (const host of allowedHosts) {
      if (!/^[a-z0-9.-]+$/.test(host)) throw new CliUsageError(`--allowed-host takes host names without port or scheme, e.g. dev.internal (got ${JSON.stringify(host)})`);
    }
    const logFormat = parseLogFormat(options.logFormat as string | undefined);
    const otlpTarget = checkOtlpTarget(options.otlp as string | undefined, process.env, (message) => new CliUsageError(message));

    let functions: DevFunction[];
    try {
      functions = await loadDevFunctions(files, io.cwd);
    } catch (error) {
      if (error instanceof HandlerFileError) {
        io.stderr.write(`durable dev: ${error.message}\n`);
        return 1;
      }
      throw error;
    }

    let db: SqlitePersistence | undefined;
    if (!inMemory) {
      try {
        db = await openDatabase(resolve(io.cwd, dbOption ?? DEFAULT_DB), dbOption !== undefined, io);
      } catch (error) {
        io.stderr.write(`durable dev: ${(error as Error).message}\n`);
        return 1;
      }
    }

    const ui = await loadUiAssets();
    if (!ui.assets) io.stderr.write(`durable dev: warning: the web UI is not served: ${ui.reason}\n`);
    let tokenSecret: Buffer | undefined;
    if (db) {
      try {
        tokenSecret = loadOrCreateSecret(`${db.path}.secret`);
      } catch (error) {
        db.close();
        io.stderr.write(`durable dev: ${(error as Error).message}\n`);
        return 1;
      }
    }

    let server: LocalHttpServer;
    quietAwsSdkNodeWarning();
    try {
      server = await LocalHttpServer.start({
        port,
        tokenSecret,
        allowedHosts,
        maxConcurrentInvocations,
        retentionMs,
        journal: db,
        holdRequests: true,
        ui: ui.assets,
        log: (message) => io.stderr.write(`${message}\n`),
        onRequest: verbose
          ? (info) => io.stdout.write(`${info.method} ${info.path} → ${info.status} ${info.operation ?? "(unknown route)"} ${info.durationMs.toFixed(1)} ms\n`)
          : undefined,
      });
    } catch (error) {
      db?.close();
      const code = (error as { code?: string }).code;
      const message = code === "EADDRINUSE" ? `port ${port} is in use (pick another with --port, or 0 for any free port)` : (error as Error).message;
      io.stderr.write(`durable dev: cannot listen on 127.0.0.1:${port}: ${message}\n`);
      return 1;
    }

    let restored = 0;
    let resumed = 0;
    try {
      for (const fn of functions) server.registerFunction(fn.name, fn.handler);
      if (db) {
        const snapshot = db.load();
        server.restore(snapshot);
        restored = snapshot.executions.length;
        resumed = snapshot.executions.filter((execution) => execution.status === ExecutionStatus.RUNNING).length;
      }
    } catch (error) {
      await server.close();
      db?.close();
      io.stderr.write(`durable dev: cannot restore the executions of ${db?.path}: ${(error as Error).message}\n`);
      return 1;
    }
    if (options.quiet !== true) server.service.onHistoryEvent(executionLogger((line) => io.stdout.write(line), styleFor(io.stdout, io.env)));
    const stopCapture = captureDurableLogs(resolve(io.cwd, (options.logFile as string | undefined) ?? DEFAULT_LOG_FILE), {
      format: logFormat,
      styleOf: (stream) => styleFor(stream, io.env),
    });
    server.acceptRequests();
    const otlp = startDevOtlpExport(server.service, otlpTarget, process.env, (line) => io.stderr.write(`${line}\n`));

    const width = Math.max(...functions.map((fn) => fn.name.length));
    const lines = [
      `durable dev: listening on ${server.endpoint}`,
      ...(ui.assets ? [`Web UI: ${server.endpoint}/ui/`] : []),
      `Reach it from this machine as ${server.endpoint} or http://localhost:${server.port}${allowedHosts.length > 0 ? ` (also as ${allowedHosts.map((h) => `http://${h}:${server.port}`).join(", ")})` : ""}; requests naming another host or coming from another web origin are refused.`,
      "",
      `Functions (${functions.length}):`,
      ...functions.map(
        (fn) => `  ${fn.name.padEnd(width)}  ${fn.file} (export ${fn.exportName})${fn.marked ? "" : " — not marked by withDurableExecution of this SDK; assumed durable"}`,
      ),
      "",
      ...(otlp ? [`Traces of finished executions go to ${otlp.url} (OTLP/HTTP JSON).`, ""] : []),
      db
        ? `Executions are stored in ${db.path}${restored > 0 ? ` (${restored} restored, ${resumed} still running)` : ""}.`
        : "Executions are kept in memory only.",
      "",
      "Client:",
      ...clientSnippet(server.endpoint, functions[0]),
      "",
      "Start one with: durable start <function> --input '{}'" + (port === DEFAULT_DEV_PORT ? "" : ` --port ${server.port}`),
      "Inspect with: durable list / history <execution-arn> / logs <execution-arn>" + (port === DEFAULT_DEV_PORT ? "" : ` --port ${server.port}`),
      "Complete callbacks with: durable callback succeed|fail|heartbeat <callback-id>" + (port === DEFAULT_DEV_PORT ? "" : ` --port ${server.port}`),
      "Press Ctrl+C to stop.",
      "",
    ];
    io.stdout.write(lines.join("\n"));

    const signal = await untilStopped();
    io.stdout.write(`durable dev: ${signal}: stopping\n`);
    stopCapture();
    await server.close();
    await otlp?.close();
    db?.close();
    return 0;
  },
};
