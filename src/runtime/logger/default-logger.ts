/**
 * The logger used when the user configures none: structured JSON lines on stdout/stderr.
 *
 * @module
 */
import type { Console } from "node:console";
import { builtin } from "../builtins.js";
import {
  DurableLogLevel,
  type DurableLogData,
  type DurableLogger,
  type DurableLoggingContext,
} from "../../generated/index.js";
import { formatLogRecord, type LogEnricher } from "./format-record.js";
import { isLevelEnabled, normaliseLevel, resolveLogLevel } from "./log-level.js";

/** Execution metadata used until the SDK installs a {@link DurableLoggingContext}. */
export interface LoggingExecutionContext {
  durableExecutionArn: string;
  requestId: string;
  tenantId?: string;
}

/** Options of {@link createDefaultLogger}; everything is optional. */
export interface DefaultLoggerOptions {
  /** Metadata for records written before `configureDurableLoggingContext` is called. */
  executionContext?: LoggingExecutionContext;
  /** Extra fields for every record (errors thrown by it are ignored). */
  enrichLogContext?: LogEnricher;
  /** Stream for `debug` and `info` records (default `process.stdout`). */
  stdout?: NodeJS.WritableStream;
  /** Stream for `warn` and `error` records (default `process.stderr`). */
  stderr?: NodeJS.WritableStream;
  /**
   * Threshold level name; defaults to `env.AWS_LAMBDA_LOG_LEVEL` (case-insensitive), and to `DEBUG`
   * when that is unset or not a known level.
   */
  logLevel?: string;
  /** Environment to read `AWS_LAMBDA_LOG_LEVEL` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Clock for the `timestamp` field (default `new Date()`). */
  now?: () => Date;
}

/** The default logger: a {@link DurableLogger} whose optional members are always present. */
export interface DefaultLogger extends DurableLogger {
  /** Writes a record at `level`; unknown levels are written as `INFO`. */
  log(level: `${DurableLogLevel}`, ...params: unknown[]): void;
  error(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  info(...params: unknown[]): void;
  debug(...params: unknown[]): void;
  configureDurableLoggingContext(context: DurableLoggingContext): void;
  /** The active threshold: methods for lower levels write nothing. */
  readonly level: DurableLogLevel;
}

type Method = (...params: unknown[]) => void;

/**
 * Creates the default logger.
 *
 * Each record is one JSON line (see `formatLogRecord` for the keys and message rules) written through a
 * Node `Console`: `debug` and `info` to stdout, `warn` and `error` to stderr. Methods for levels under
 * the threshold (`AWS_LAMBDA_LOG_LEVEL`, priorities DEBUG 2 < INFO 3 < WARN 4 < ERROR 5) do nothing.
 * A leading `undefined` argument is dropped, so `info(undefined, "x")` logs `"x"`.
 *
 * Metadata comes from the {@link DurableLoggingContext} the SDK installs through
 * `configureDurableLoggingContext`; before that, from `options.executionContext`; failing both the
 * record is written without `requestId` / `executionArn`.
 */
export function createDefaultLogger(options: DefaultLoggerOptions = {}): DefaultLogger {
  // Built on the first record, not here: a logger is created per invocation, and building a Console
  // (and, the first time, process.stdout and process.stderr) costs about a millisecond in a fresh
  // process; most invocations write nothing.
  let built: Console | undefined;
  const sink = (): Console => (built ??= new (builtin("node:console").Console)({ stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr }));
  const threshold = resolveLogLevel(
    options.logLevel ?? (options.env ?? process.env).AWS_LAMBDA_LOG_LEVEL,
  );
  let loggingContext: DurableLoggingContext | undefined;

  const currentData = (): Partial<DurableLogData> => {
    if (loggingContext) return loggingContext.getDurableLogData();
    const exec = options.executionContext;
    return exec
      ? { requestId: exec.requestId, executionArn: exec.durableExecutionArn, tenantId: exec.tenantId }
      : {};
  };

  const method = (level: DurableLogLevel, write: (line: string) => void): Method => {
    if (!isLevelEnabled(level, threshold)) return () => {};
    return (...params) => {
      const args = params.length > 0 && params[0] === undefined ? params.slice(1) : params;
      write(
        formatLogRecord(level, currentData(), args, { enrich: options.enrichLogContext, now: options.now }),
      );
    };
  };

  const byLevel: Record<DurableLogLevel, Method> = {
    [DurableLogLevel.DEBUG]: method(DurableLogLevel.DEBUG, (line) => sink().debug(line)),
    [DurableLogLevel.INFO]: method(DurableLogLevel.INFO, (line) => sink().info(line)),
    [DurableLogLevel.WARN]: method(DurableLogLevel.WARN, (line) => sink().warn(line)),
    [DurableLogLevel.ERROR]: method(DurableLogLevel.ERROR, (line) => sink().error(line)),
  };

  return {
    level: threshold,
    debug: byLevel[DurableLogLevel.DEBUG],
    info: byLevel[DurableLogLevel.INFO],
    warn: byLevel[DurableLogLevel.WARN],
    error: byLevel[DurableLogLevel.ERROR],
    log: (level, ...params) => byLevel[normaliseLevel(level)](...params),
    configureDurableLoggingContext: (context) => {
      loggingContext = context;
    },
  };
}
