/**
 * The store's fixed values, each with the reason for it. Kept apart from the state machine so the
 * numbers can be read (and tuned) in one place.
 */
import { ExecutionStatusEndEvents, MAX_PAGE_ITEMS, type ErrorObject } from "../generated/index.js";
import { SERVICE_ERROR_OBJECTS } from "./errors.js";

/** How an invocation that was alive when the service stopped ends once its state is restored. */
export const RESTART_INVOCATION_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.serviceRestarted();

/**
 * How an invocation ends, once its state is restored, that the service's crash cut after it had
 * checkpointed: it was making durable progress, so its end is not counted as a failed attempt (a
 * handler that crashes the process before any progress still is, so it cannot loop forever).
 */
export const RESTART_AFTER_PROGRESS_INVOCATION_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.serviceRestartedAfterProgress();

/**
 * How an invocation cut by the service's own (orderly) shutdown ends once its state is restored:
 * it is re-run and does not count towards the consecutive-failure limit.
 */
export const SHUTDOWN_INVOCATION_ERROR: ErrorObject = SERVICE_ERROR_OBJECTS.serviceShutDown();

/**
 * First delay before re-invoking after a failed invocation; it doubles with each consecutive failure.
 * One second lets a short outage (a restarting dependency, a blip in the network) pass before the
 * next attempt instead of burning the attempts back to back.
 */
export const DEFAULT_REINVOKE_DELAY_MS = 1000;
/** Longest delay between a failed invocation and its re-invocation: the doubling stops at 30 s so a developer never waits minutes. */
export const MAX_REINVOKE_DELAY_MS = 30_000;

/** The only function version the local service has (Lambda's unpublished version): schema/wire.yaml lambdaApi.grammar.latestVersion. */
export { LATEST_VERSION } from "../generated/lambda-api.js";
/** Region in minted ARNs when none is configured (the SDKs' and the CLI's default region). */
export const DEFAULT_REGION = "us-east-1";
/** Account id in minted ARNs when none is configured: the documentation placeholder AWS uses. */
export const DEFAULT_ACCOUNT_ID = "123456789012";
/** Operations in an invocation's input before NextMarker paging starts: the page size the service uses. */
export const DEFAULT_INVOCATION_PAGE_SIZE = MAX_PAGE_ITEMS;
/**
 * Lambda timeout of an invocation when neither the service's options nor the registered function set
 * one: a minute, so a handler that hangs fails within it instead of after Lambda's 900 s. The test
 * runner and `durable run` pass the 900 s (MAX_FUNCTION_TIMEOUT_SECONDS) instead.
 */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 60_000;
/** Consecutive failed invocations before the execution fails: as the service, three attempts. */
export const DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS = 3;

/** History events that end an execution (a restored execution without one still owes it): schema/enums.yaml ExecutionStatus endEvents. */
export const TERMINAL_EVENTS: ReadonlySet<string> = new Set<string>(Object.values(ExecutionStatusEndEvents).flat());

/** Delay (ms) before the n-th consecutive re-invocation: `base` doubled per failure, capped at {@link MAX_REINVOKE_DELAY_MS}. */
export function reinvokeDelayMs(base: number, consecutiveFailures: number): number {
  return base <= 0 ? 0 : Math.min(MAX_REINVOKE_DELAY_MS, base * 2 ** Math.max(0, consecutiveFailures - 1));
}

export const DAY_MS = 86_400_000;
