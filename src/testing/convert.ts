/** Conversions from the service's wire shapes to what tests read. */
import { OperationStatus, TERMINAL_OPERATION_STATUSES, describeReceived, type ErrorObject } from "../generated/index.js";
import { TestRunnerUsageError } from "./errors.js";
import type { TestResultError } from "./types.js";

/** JSON-parses a stored payload; text that is not JSON is returned as it is. */
export function parsePayload<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/**
 * An operation's or an invocation's error as a test reads it. The keys come in the reference runner's
 * order (what `JSON.stringify` and `console.log` show): errorData, errorMessage, errorType, stackTrace.
 */
export function toTestResultError(error: ErrorObject | undefined): TestResultError | undefined {
  if (!error) return undefined;
  return {
    errorData: error.ErrorData,
    errorMessage: error.ErrorMessage,
    errorType: error.ErrorType,
    stackTrace: error.StackTrace ? [...error.StackTrace] : undefined,
  };
}

/** Finished: one of the schema's terminal statuses (schema/transitions.yaml). */
export function isCompletedStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_OPERATION_STATUSES.has(status);
}

/** The bytes' text when they are valid UTF-8 (a byte order mark is kept, as Buffer's toString keeps it). */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text `sendCallbackSuccess(result)` completes the callback with: a string as it is, or the
 * UTF-8 text of a `Uint8Array` (a `Buffer`, a view of part of one) or an `ArrayBuffer`, which the
 * reference runner takes too (its API sends the result as bytes). The handler receives text either
 * way; an empty result counts as none on the service. Bytes that are not UTF-8, other typed arrays
 * and other values throw: the reference would turn them into replacement characters, into each
 * element's low byte, or into nothing.
 */
export function callbackResultText(result: unknown): string | undefined {
  if (result === undefined || typeof result === "string") return result;
  const tag = Object.prototype.toString.call(result).slice(8, -1);
  if (tag === "Uint8Array" || tag === "ArrayBuffer") {
    try {
      return strictUtf8.decode(result as Uint8Array | ArrayBuffer);
    } catch {
      throw new TestRunnerUsageError(
        `sendCallbackSuccess(result): the ${tag === "ArrayBuffer" ? "ArrayBuffer" : "bytes"} given (${(result as Uint8Array).byteLength} bytes) are not valid UTF-8; ` +
          "the handler receives the callback result as text, so send a string, or its UTF-8 bytes (Buffer.from(text), new TextEncoder().encode(text))",
      );
    }
  }
  throw new TestRunnerUsageError(
    `sendCallbackSuccess(result): result must be a string (e.g. JSON.stringify(value)) or its UTF-8 bytes as a Buffer, Uint8Array or ArrayBuffer (received ${describeReceived(result)})`,
  );
}

const ERROR_KEYS = ["ErrorMessage", "ErrorType", "ErrorData", "StackTrace"] as const;
const LOWER_KEYS = { errorMessage: "ErrorMessage", errorType: "ErrorType", errorData: "ErrorData", stackTrace: "StackTrace" } as const;

/**
 * The ErrorObject to send with `sendCallbackFailure`: `{ErrorMessage, ErrorType, ErrorData,
 * StackTrace}`, also accepting the lower-case spelling tests read back (`{errorMessage: "…"}`).
 * No error sends an empty ErrorObject, as the reference runner does: the callback's error then
 * reads back as an object whose fields are undefined.
 */
export function normalizeCallbackError(error: unknown): ErrorObject {
  if (error === undefined) return {};
  if (typeof error !== "object" || error === null || Array.isArray(error)) {
    throw new TestRunnerUsageError(
      `sendCallbackFailure(error): error must be an object like { ErrorType: "Rejected", ErrorMessage: "…" } (received ${describeReceived(error)})`,
    );
  }
  const source = error as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const canonical = (ERROR_KEYS as readonly string[]).includes(key) ? key : LOWER_KEYS[key as keyof typeof LOWER_KEYS];
    if (canonical === undefined) {
      throw new TestRunnerUsageError(
        `sendCallbackFailure(error): unknown key "${key}"; an ErrorObject has ErrorMessage, ErrorType, ErrorData and StackTrace`,
      );
    }
    if (value === undefined) continue;
    const valid = canonical === "StackTrace" ? Array.isArray(value) && value.every((line) => typeof line === "string") : typeof value === "string";
    if (!valid) {
      const expected = canonical === "StackTrace" ? "an array of strings" : "a string";
      throw new TestRunnerUsageError(`sendCallbackFailure(error): ${key} must be ${expected} (received ${describeReceived(value)})`);
    }
    result[canonical] = canonical === "StackTrace" ? [...(value as string[])] : value;
  }
  return result as ErrorObject;
}
