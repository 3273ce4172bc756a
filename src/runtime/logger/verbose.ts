/**
 * The SDK's own diagnostic log, switched on by `DURABLE_VERBOSE_MODE=true` (exactly the string "true",
 * as in the reference SDK). The flag is read once when the module loads, because the log sits on hot
 * paths (every checkpoint) where it is normally off; `refreshLogConfig()` reads it again, e.g. after a
 * CLI tool or a test changes the environment while the SDK is loaded.
 *
 * @module
 */

const readVerbose = (): boolean => typeof process !== "undefined" && process.env?.DURABLE_VERBOSE_MODE === "true";

/**
 * Whether the diagnostic log is on: a live binding, which the checkpoint queue reads on every call
 * instead of calling {@link isVerboseLogEnabled}.
 */
export let verbose = readVerbose();

/**
 * Re-reads `DURABLE_VERBOSE_MODE` from the environment (the value is cached between calls). With
 * `DURABLE_VERBOSE_MODE=true` the SDK logs each invocation start and checkpoint through `console.debug`.
 *
 * @example
 * ```ts
 * import { refreshLogConfig } from "durable-execution-sdk";
 *
 * process.env.DURABLE_VERBOSE_MODE = "true";
 * refreshLogConfig(); // from now on the SDK's diagnostic log is on
 * ```
 */
export function refreshLogConfig(): void {
  verbose = readVerbose();
}

/** Whether the diagnostic log is on. */
export function isVerboseLogEnabled(): boolean {
  return verbose;
}

/**
 * Writes one diagnostic line with `console.debug` when verbose mode is on. `data` may be a function,
 * called only when the line is written, so callers build nothing while the log is off.
 */
export function verboseLog(message: string, data?: unknown): void {
  if (!verbose) return;
  const value = typeof data === "function" ? (data as () => unknown)() : data;
  if (value === undefined) console.debug(`[durable-execution] ${message}`);
  else console.debug(`[durable-execution] ${message}`, safeJson(value));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : typeof v === "bigint" ? String(v) : v));
  } catch {
    return "[unserialisable]";
  }
}
