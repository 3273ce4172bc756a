/**
 * Formatting of one structured log record (one JSON object per line).
 *
 * @module
 */
import { builtin } from "../builtins.js";
import type { DurableLogData, DurableLogLevel } from "../../generated/index.js";

/** Supplies extra fields for every record (instrumentation plugins' `enrichLogContext`). */
export type LogEnricher = () => Record<string, string | number | boolean> | undefined;

const SINGLE_LINE = { breakLength: Infinity } as const;

/**
 * `util.format` on one line: objects are inspected with an infinite break length. `node:util` is
 * loaded on the first call (see builtins.ts).
 */
export function formatSingleLine(...args: unknown[]): string {
  return builtin("node:util").formatWithOptions(SINGLE_LINE, ...args);
}

/** Name of an error's constructor, or `UnknownError`. */
function errorTypeOf(error: Error): string {
  return (error as { constructor?: { name?: string } }).constructor?.name ?? "UnknownError";
}

/**
 * Structured view of an Error, for a record whose only argument is (or contains) one:
 * `errorType`, `errorMessage`, `stackTrace` (stack split into lines), then the error's own enumerable
 * properties (which win on a name clash).
 */
function describeError(error: Error): Record<string, unknown> {
  const view: Record<string, unknown> = {
    errorType: errorTypeOf(error),
    errorMessage: error.message,
    stackTrace: typeof error.stack === "string" ? error.stack.split("\n") : error.stack,
  };
  return Object.assign(view, error);
}

function errorAwareReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}

/**
 * Renders one log record as a JSON line (without the trailing newline).
 *
 * Keys, in this order: `requestId`, `timestamp`, `level`, `executionArn`, then `tenantId` (unless null
 * or undefined), `operationId`, `operationName`, `attempt` (each only when defined), the enricher's
 * fields, and `message`.
 *
 * - One argument: `message` is that value as is (objects stay structured, Errors are described with
 *   `errorType` / `errorMessage` / `stackTrace`); if it cannot be JSON-encoded (a cycle, a BigInt), it
 *   is replaced by its single-line `util.format` rendering.
 * - Zero or several arguments: `message` is the single-line `util.format` string, and the first Error
 *   among the arguments adds top-level `errorType`, `errorMessage` and `stackTrace`.
 *
 * @param level - Level name, written upper-cased.
 * @param data - Execution metadata of the record.
 * @param params - The arguments passed to the logging method.
 * @param options - Optional enricher (its errors are ignored) and clock.
 */
export function formatLogRecord(
  level: DurableLogLevel | string,
  data: Partial<DurableLogData>,
  params: readonly unknown[],
  options: { enrich?: LogEnricher; now?: () => Date } = {},
): string {
  const record: Record<string, unknown> = {
    requestId: data.requestId,
    timestamp: (options.now?.() ?? new Date()).toISOString(),
    level: level.toUpperCase(),
    executionArn: data.executionArn,
  };
  if (data.tenantId != null) record.tenantId = data.tenantId;
  if (data.operationId !== undefined) record.operationId = data.operationId;
  if (data.operationName !== undefined) record.operationName = data.operationName;
  if (data.attempt !== undefined) record.attempt = data.attempt;
  if (options.enrich) {
    try {
      const extra = options.enrich();
      if (extra) Object.assign(record, extra);
    } catch {
      // An enricher must never break logging.
    }
  }

  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, errorAwareReplacer);
    } catch {
      record.message = formatSingleLine(params[0]);
      return JSON.stringify(record);
    }
  }

  record.message = formatSingleLine(...params);
  const firstError = params.find((p): p is Error => p instanceof Error);
  if (firstError) {
    record.errorType = errorTypeOf(firstError);
    record.errorMessage = firstError.message;
    record.stackTrace = typeof firstError.stack === "string" ? firstError.stack.split("\n") : [];
  }
  return JSON.stringify(record);
}
