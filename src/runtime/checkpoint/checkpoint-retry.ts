/**
 * Retrying a checkpoint call that failed for a transient reason (throttling, 5xx, network), with
 * jittered exponential backoff.
 */
// The real timers, so that a test's fake timers never stall this module (see real-timers.ts).
import { realSetTimeout as setTimeout } from "../real-timers.js";

/** Transient failures (throttling, 5xx, network) are retried this many times before giving up. */
export const CHECKPOINT_RETRIES = 3;
/** Base delay of the checkpoint retry backoff (doubled each time, with jitter). */
export const CHECKPOINT_RETRY_BASE_MS = 100;

/** Network error codes of Node and undici that mean the request may not have reached the service. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/** Whether a failed call may succeed when sent again. */
export function isTransient(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number }; name?: string; code?: string; $retryable?: unknown; isDurableExecutionClientError?: boolean };
  if (e?.isDurableExecutionClientError) return false;
  const status = e?.$metadata?.httpStatusCode;
  if (typeof status === "number") return status === 429 || status >= 500;
  if (e?.$retryable) return true;
  return TRANSIENT_NETWORK_CODES.has(String(e?.code)) || e?.name === "TimeoutError";
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Runs `call` until it succeeds, fails for a reason that is not transient, runs out of retries, or
 * `stop()` says the invocation is ending; the last error is thrown.
 */
export async function withCheckpointRetries<T>(call: () => Promise<T>, stop: () => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= CHECKPOINT_RETRIES || !isTransient(error) || stop()) throw error;
      await delay(CHECKPOINT_RETRY_BASE_MS * 2 ** attempt * (0.5 + Math.random() / 2));
    }
  }
}
