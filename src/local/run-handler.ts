/**
 * Calling handler code: Lambda-style timeout enforcement and conversion of thrown values to the
 * service's ErrorObject.
 */
import type { ErrorObject } from "../generated/index.js";
import { SANDBOX_TIMEDOUT_ERROR_TYPE, SERVICE_ERROR_OBJECTS } from "./errors.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { realClearTimeout as clearTimeout, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/** Thrown (internally) when an invocation exceeds its timeout, like Lambda's sandbox timeout. */
export class InvocationTimeoutError extends Error {
  override readonly name = SANDBOX_TIMEDOUT_ERROR_TYPE;
  constructor(timeoutMs: number) {
    super(SERVICE_ERROR_OBJECTS.invocationTimedOut((timeoutMs / 1000).toFixed(2)).ErrorMessage);
  }
}

/** ErrorObject describing a thrown value (the Lambda function-error shape). */
export function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof Error) {
    const object: ErrorObject = { ErrorType: error.name || "Error", ErrorMessage: error.message };
    if (!(error instanceof InvocationTimeoutError) && typeof error.stack === "string") {
      object.StackTrace = error.stack.split("\n").slice(1).map((line) => line.trim());
    }
    return object;
  }
  if (typeof error === "object" && error !== null) {
    const { errorType, errorMessage, ErrorType, ErrorMessage } = error as Record<string, unknown>;
    const type = ErrorType ?? errorType;
    const message = ErrorMessage ?? errorMessage;
    if (typeof type === "string" || typeof message === "string") {
      return { ErrorType: typeof type === "string" ? type : "Error", ErrorMessage: typeof message !== "string" ? "" : message };
    }
  }
  return { ErrorType: "Error", ErrorMessage: String(error) };
}

/**
 * Runs `fn()`; with `timeoutMs` set, rejects with InvocationTimeoutError once it has run that long
 * (the guard timer is unref'd and cleared as soon as the call settles).
 */
export async function callWithTimeout<T>(fn: () => T | Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return await fn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(timeoutMs)), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
