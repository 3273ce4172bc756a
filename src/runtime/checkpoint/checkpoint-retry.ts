/**
 * Retrying a call to the durable-execution API (CheckpointDurableExecution, GetDurableExecutionState)
 * that failed for a transient reason — throttling, 5xx, a network error — with jittered exponential
 * backoff, within a budget in seconds.
 *
 * Why a budget of several seconds (DurableExecutionConfig.checkpointRetryBudgetSeconds; its default is
 * the schema's, DURABLE_EXECUTION_DEFAULTS from schema/execution.yaml): a failed call ends the invocation,
 * and the service then counts a failed attempt and re-invokes later (the Lambda service and the local
 * service both give up after a few). Riding out a short outage — a restarting local service, a
 * network blip, a throttling burst, typically one to a few seconds — inside the invocation is far
 * cheaper than losing the attempt. The default budget covers such outages with room to spare while
 * staying a small fraction of the execution's time; longer outages are left to the service's own
 * re-invocation with its backoff. The reference SDK retries only inside the AWS SDK client (standard
 * mode: 3 attempts, 100 ms base, full jitter — a few hundred milliseconds in total) and then ends the
 * invocation. Retries never run past the invocation's remaining time (less
 * {@link RETRY_TIME_RESERVE_MS}, so the invocation can still return).
 *
 * Not retried: errors that retrying cannot fix — 4xx other than 429 (including a refused checkpoint
 * token), customer KMS misconfiguration (which Lambda sends as 502; the reference does not retry it
 * either), and a `DurableExecutionClientError` (its transport already decided).
 */
import { DURABLE_EXECUTION_DEFAULTS } from "../../generated/index.js";
import { httpStatus, isExecutionEndingServiceError, isRetryableHttpStatus } from "./classify.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate as Date, realSetTimeout as setTimeout } from "../real-timers.js";

/** First backoff delay: long enough that a throttled service gets a breather, short enough that a single dropped connection costs little. */
export const API_RETRY_BASE_MS = 250;
/** Longest single backoff delay: the budget is spent in several tries, so an outage ending mid-budget is noticed within 4 s. */
export const API_RETRY_MAX_DELAY_MS = 4000;
/** Time kept back from the invocation's remaining time: enough to send the output after the last try. */
export const RETRY_TIME_RESERVE_MS = 2000;

/** Network error codes of Node and undici that mean the request may not have reached the service. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/** Whether a failed call may succeed when sent again. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $retryable?: unknown; isDurableExecutionClientError?: boolean };
  if (e?.isDurableExecutionClientError) return false;
  if (isExecutionEndingServiceError(error)) return false;
  const status = httpStatus(error);
  if (status !== undefined) return isRetryableHttpStatus(status);
  if (e?.$retryable) return true;
  return TRANSIENT_NETWORK_CODES.has(String(e?.code)) || e?.name === "TimeoutError";
}

/**
 * Backoff before retry number `retry` (0 for the first retry): "equal jitter" — half of the
 * exponential delay fixed, half random — so retries of many invocations spread out, yet each
 * delay is at least half the nominal one and the budget is really spent waiting for the outage.
 */
export function retryDelayMs(retry: number, random: () => number = Math.random): number {
  const nominal = Math.min(API_RETRY_MAX_DELAY_MS, API_RETRY_BASE_MS * 2 ** retry);
  return nominal / 2 + (nominal / 2) * random();
}

export interface RetryOptions {
  /** Total seconds the call is retried for (default DURABLE_EXECUTION_DEFAULTS.checkpointRetryBudgetSeconds; 0: no retries). */
  budgetSeconds?: number;
  /** Whether to stop retrying now (the invocation is ending). */
  stop?: () => boolean;
  /** Remaining time of the invocation (ms); retries never sleep into the last {@link RETRY_TIME_RESERVE_MS}. */
  remainingTimeMs?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Runs `call` until it succeeds or fails for a reason that is not transient; a transient failure is
 * retried after a backoff while the budget (time since the first try) and the invocation's remaining
 * time allow. The last error is thrown.
 */
export async function withApiRetries<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const started = Date.now();
  try {
    return await call();
  } catch (error) {
    return retryAfterFailure(error, started, call, options);
  }
}

/**
 * The retries of {@link withApiRetries} once the first try (begun at `started`, epoch ms) failed with
 * `firstError`. A caller that makes the first try itself pays no extra frame or closure on a call that
 * succeeds at once (the checkpoint queue does this for every call).
 */
export async function retryAfterFailure<T>(firstError: unknown, started: number, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const budgetMs = (options.budgetSeconds ?? DURABLE_EXECUTION_DEFAULTS.checkpointRetryBudgetSeconds) * 1000;
  let error = firstError;
  for (let retry = 0; ; retry++) {
    if (!isTransient(error) || options.stop?.()) throw error;
    const wait = retryDelayMs(retry);
    const remaining = options.remainingTimeMs?.() ?? Infinity;
    if (Date.now() - started + wait > budgetMs || remaining - wait < RETRY_TIME_RESERVE_MS) throw error;
    await sleep(wait);
    if (options.stop?.()) throw error;
    try {
      return await call();
    } catch (next) {
      error = next;
    }
  }
}
