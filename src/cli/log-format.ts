/**
 * The durable logger's records (one JSON object per line, as the default logger writes them for
 * CloudWatch; see src/runtime/logger/format-record.ts) printed for people: `durable logs` prints the
 * records of one execution with it, and `durable dev` prints each handler's records with it as they
 * are written (unless --log-format json).
 *
 *   2026-12-06T11:53:56.933Z INFO  [charge #1] inside step { card: 'visa' }        (durable logs)
 *   11:53:56.933 INFO  logdemo/8cb5f2af [charge #1] inside step { card: 'visa' }   (durable dev)
 *
 * A message of several lines (a stack trace) continues on indented lines; an Error logged alone
 * prints as `Type: message` with its stack below; fields beyond the logger's own print as
 * `key=value` after the message.
 */
import { DurableLogLevel } from "../generated/index.js";
import { parseDurableExecutionArn } from "../generated/lambda-api.js";
import type { Style } from "./style.js";

/** One record of the durable logger. */
export interface LogRecord {
  requestId?: string;
  timestamp?: string;
  level?: string;
  executionArn: string;
  tenantId?: string;
  operationId?: string;
  operationName?: string;
  attempt?: number;
  message?: unknown;
  [key: string]: unknown;
}

/** The fields every record may carry, printed in their own columns (or, for requestId, not at all). */
const OWN_FIELDS = new Set(["requestId", "timestamp", "level", "executionArn", "operationId", "operationName", "attempt", "message"]);
/** The fields the logger adds for an Error among several arguments (the message then holds its stack already). */
const ERROR_FIELDS = ["errorType", "errorMessage", "stackTrace"] as const;
/** Continuation lines of a message start with this. */
const CONTINUATION = "    ";

/** The record of a line the durable logger wrote (a JSON object with a string executionArn), or undefined for any other line. */
export function parseLogRecord(line: string): LogRecord | undefined {
  if (!line.startsWith("{") || !line.includes('"executionArn"')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    return typeof (value as { executionArn?: unknown }).executionArn === "string" ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

const GENERATED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An execution's short label: `<function>/<execution name>`, where a generated name (a UUID, when the
 * execution was started without one) is cut to its first 8 characters. durable dev names executions
 * by it on its log lines and its ▶/✓ lines (whose ▶ line also prints the whole ARN). The whole ARN
 * when it is not one.
 */
export function executionLabel(arn: string): string {
  const parts = parseDurableExecutionArn(arn);
  if (!parts) return arn;
  const name = GENERATED_NAME.test(parts.executionName) ? parts.executionName.slice(0, 8) : parts.executionName;
  return `${parts.functionName}/${name}`;
}

export interface LogFormatOptions {
  /** `iso`: the record's timestamp as written (durable logs); `clock`: its time of day, HH:MM:SS.mmm UTC (durable dev). */
  time: "iso" | "clock";
  /** Print the execution's short label (durable dev, where the records of all executions mix). */
  label: boolean;
}

function levelText(level: string | undefined, style: Style): string {
  const text = (level ?? DurableLogLevel.INFO).padEnd(5);
  if (level === DurableLogLevel.ERROR) return style.red(text);
  if (level === DurableLogLevel.WARN) return style.yellow(text);
  if (level === DurableLogLevel.DEBUG) return style.dim(text);
  return text;
}

function timeText(timestamp: string | undefined, time: LogFormatOptions["time"]): string {
  if (timestamp === undefined) return "";
  if (time === "iso") return timestamp;
  const match = /T(\d\d:\d\d:\d\d(?:\.\d{1,3})?)/.exec(timestamp);
  return match ? match[1]! : timestamp;
}

/** An Error as the logger describes it when it is the only argument: `{ errorType, errorMessage, stackTrace, …its own fields }`. */
function isErrorView(value: unknown): value is { errorType: string; errorMessage: string; stackTrace?: unknown } & Record<string, unknown> {
  return value !== null && typeof value === "object" && typeof (value as { errorType?: unknown }).errorType === "string" && typeof (value as { errorMessage?: unknown }).errorMessage === "string";
}

/** The lines of a stack trace after its first (which repeats `Type: message`). */
function stackBody(stackTrace: unknown): string[] {
  const lines = Array.isArray(stackTrace) ? stackTrace.map(String) : typeof stackTrace === "string" ? stackTrace.split("\n") : [];
  return lines.slice(1);
}

/** `key=value`: strings bare when they hold no space, quote or `=`, everything else as JSON. */
function field(key: string, value: unknown): string {
  const text = typeof value === "string" && value !== "" && !/[\s"=]/.test(value) ? value : JSON.stringify(value) ?? String(value);
  return `${key}=${text}`;
}

/** The message's lines and the extra `key=value` fields of a record. */
function body(record: LogRecord): { lines: string[]; extras: string[] } {
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!OWN_FIELDS.has(key)) extras[key] = value;
  let lines: string[];
  const message = record.message;
  if (isErrorView(message)) {
    const { errorType, errorMessage, stackTrace, ...own } = message;
    lines = [...`${errorType}: ${errorMessage}`.split("\n"), ...stackBody(stackTrace)];
    Object.assign(extras, own);
  } else if (typeof message === "string") {
    lines = message.split("\n");
  } else {
    lines = [message === undefined ? "" : JSON.stringify(message)];
  }
  if (typeof extras.errorType === "string" && typeof extras.errorMessage === "string") {
    // The logger's fields for an Error among several arguments: the message holds the error already
    // (util.format prints its stack), so they only repeat it; else they print like an Error alone.
    if (typeof message !== "string" || !message.includes(extras.errorMessage)) {
      lines.push(...`${extras.errorType}: ${extras.errorMessage}`.split("\n"), ...stackBody(extras.stackTrace));
    }
    for (const key of ERROR_FIELDS) delete extras[key];
  }
  return { lines, extras: Object.entries(extras).map(([key, value]) => field(key, value)) };
}

/**
 * One record for people: time, level, the execution's label (with `label`), `[operation #attempt]`
 * when it was logged inside an operation, the message and the extra fields; a message of several lines
 * continues on lines indented by four spaces (the extra fields stay on the first). No trailing newline.
 */
export function formatLogRecord(record: LogRecord, style: Style, options: LogFormatOptions): string {
  const head = [style.dim(timeText(record.timestamp, options.time)), levelText(record.level, style)];
  if (options.label) head.push(style.cyan(executionLabel(record.executionArn)));
  const operation = record.operationName ?? record.operationId;
  if (operation !== undefined) head.push(style.dim(`[${operation}${record.attempt !== undefined ? ` #${record.attempt}` : ""}]`));
  const { lines, extras } = body(record);
  const first = [...head.filter((part) => part !== ""), lines[0] ?? ""].join(" ");
  const rest = lines.slice(1).map((line) => (line === "" ? "" : `${CONTINUATION}${line}`));
  const tail = extras.length ? ` ${style.dim(extras.join(" "))}` : "";
  return [`${first}${tail}`, ...rest].join("\n");
}
