/**
 * `durable dev <files…>`: the local durable service over HTTP (Lambda's REST API on 127.0.0.1) with
 * the durable handlers of the given files, on the real clock. Executions are kept in a SQLite file
 * (better-sqlite3) so a restart — even a crash — loses nothing: timers and callbacks resume.
 */
import { resolve } from "node:path";
import { LocalHttpServer } from "../../local/http/index.js";
import { checkOtlpTarget, startDevOtlpExport } from "../../local/otlp-export.js";
import type { SqlitePersistence } from "../../local/persistence/sqlite.js";
import { CliUsageError, type CliCommand, type CliIo } from "../command.js";
import { parseArgs, parsePort } from "../dev/args.js";
import { HandlerFileError, loadDevFunctions, type DevFunction } from "../dev/load-functions.js";
import { DEFAULT_DEV_PORT, DEV_CREDENTIALS, DEV_REGION, quietAwsSdkNodeWarning } from "../dev/remote.js";

const DEFAULT_DB = ".durable/dev.sqlite";

const USAGE = `Usage: durable dev <files…> [options]

Serves the durable handlers exported by <files> on the local durable service, under the Lambda
REST API (Invoke, GetDurableExecution, GetDurableExecutionHistory, ListDurableExecutionsByFunction,
StopDurableExecution, SendDurableExecutionCallbackSuccess/Failure/Heartbeat, and the checkpoint API
the SDK uses). Every export made by withDurableExecution becomes a function named after the export;
a "handler" export is named after its file. Time is real. Executions are stored in a SQLite file,
so stopping or killing the server loses nothing: on restart, waits, retries and callbacks resume.
TypeScript files are loaded with tsx (install it in your project).

Options:
  --port <n>     port on 127.0.0.1 (default ${DEFAULT_DEV_PORT}; 0 picks a free one)
  --otlp <url>   export each finished execution as a trace to this OTLP/HTTP endpoint (e.g.
                 http://localhost:4318); OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT work too
  --db <path>    the SQLite file (default ${DEFAULT_DB}; needs the optional dependency better-sqlite3)
  --in-memory    keep executions in memory only
  --verbose      print every API request
  -h, --help     show this help

Talk to it with any Lambda client, e.g. durable history <arn>, durable callback succeed <id>, or
  new LambdaClient({ endpoint: "http://127.0.0.1:${DEFAULT_DEV_PORT}", region: "us-east-1",
                     credentials: { accessKeyId: "local", secretAccessKey: "local" } })`;

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

export const dev: CliCommand = {
  name: "dev",
  summary: "serve durable handlers under the Lambda API on 127.0.0.1, with executions kept in SQLite",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { values: ["--port", "--db", "--otlp"], flags: ["--in-memory", "--verbose"] });
    if (parsed.positional.length === 0) throw new CliUsageError("give at least one file with durable handlers");
    const port = parsePort(parsed.values.get("--port"), DEFAULT_DEV_PORT, true);
    const dbOption = parsed.values.get("--db");
    const inMemory = parsed.flags.has("--in-memory");
    if (inMemory && dbOption !== undefined) throw new CliUsageError("--db and --in-memory exclude each other");
    const verbose = parsed.flags.has("--verbose");
    const otlpTarget = checkOtlpTarget(parsed.values.get("--otlp"), process.env, (message) => new CliUsageError(message));

    let functions: DevFunction[];
    try {
      functions = await loadDevFunctions(parsed.positional, io.cwd);
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

    let server: LocalHttpServer;
    quietAwsSdkNodeWarning();
    try {
      server = await LocalHttpServer.start({
        port,
        journal: db,
        holdRequests: true,
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
        resumed = snapshot.executions.filter((execution) => execution.status === "RUNNING").length;
      }
    } catch (error) {
      await server.close();
      db?.close();
      io.stderr.write(`durable dev: cannot restore the executions of ${db?.path}: ${(error as Error).message}\n`);
      return 1;
    }
    server.acceptRequests();
    const otlp = startDevOtlpExport(server.service, otlpTarget, process.env, (line) => io.stderr.write(`${line}\n`));

    const width = Math.max(...functions.map((fn) => fn.name.length));
    const lines = [
      `durable dev: listening on ${server.endpoint}`,
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
      "Inspect with: durable history <execution-arn>" + (port === DEFAULT_DEV_PORT ? "" : ` --port ${server.port}`),
      "Complete callbacks with: durable callback succeed|fail|heartbeat <callback-id>" + (port === DEFAULT_DEV_PORT ? "" : ` --port ${server.port}`),
      "Press Ctrl+C to stop.",
      "",
    ];
    io.stdout.write(lines.join("\n"));

    const signal = await untilStopped();
    io.stdout.write(`durable dev: ${signal}: stopping\n`);
    await server.close();
    await otlp?.close();
    db?.close();
    return 0;
  },
};
