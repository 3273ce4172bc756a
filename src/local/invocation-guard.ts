/**
 * Keeps an in-process handler from ending the host process.
 *
 * On Lambda a handler that calls `process.exit()` or lets an exception escape (typically thrown
 * from a timer callback) ends its runtime; the service records a failed invocation and invokes
 * again. In-process, the same handler would end the test process (or the dev server). While at
 * least one guarded call is running, this module therefore
 *  - replaces `process.exit` with a function that, called from inside a guarded call, ends that
 *    call as a `Runtime.ExitError` and unwinds the caller's stack with an `InvocationExitSignal`
 *    (code outside any guarded call still exits the process for real);
 *  - captures uncaught exceptions (`process.setUncaughtExceptionCaptureCallback`, or an
 *    `uncaughtException` listener when another capture callback is already set) and ends the
 *    guarded call they were thrown from with that error. Exceptions that come from no guarded call
 *    are passed on as if the guard were not there.
 * A call is recognised through AsyncLocalStorage: timers, immediates and ticks scheduled inside a
 * guarded call belong to it. Once the last guarded call is over everything is restored.
 *
 * Limits (a worker thread — the runner's `worker` option — has none of them): an exception thrown
 * from a bare `queueMicrotask` callback carries no async context and is passed on; code the
 * handler still runs after the call ended (it cannot be stopped in-process) is cut off from the
 * service, since its client refuses every further call.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DurableExecutionClient, ErrorObject } from "../generated/index.js";
import { InvalidParameterValueException, SERVICE_ERROR_OBJECTS, SERVICE_MESSAGES } from "./errors.js";
import { toErrorObject } from "./run-handler.js";


/** What `process.exit()` throws inside a guarded call, to stop the code that called it. */
export class InvocationExitSignal extends Error {
  override readonly name = "InvocationExitSignal";
  constructor(readonly code: number) {
    super(`process.exit(${code}) was called inside a handler invocation; the invocation has ended`);
  }
}

/** The exit error as Lambda words it. */
export function exitErrorObject(requestId: string, code: number): ErrorObject {
  return SERVICE_ERROR_OBJECTS.runtimeExited(requestId, code);
}

interface GuardedCall {
  readonly requestId: string;
  ended: ErrorObject | undefined;
  end(error: ErrorObject): void;
}

const storage = new AsyncLocalStorage<GuardedCall>();
let running = 0;
let restore: (() => void) | undefined;

function exitCode(code: unknown): number {
  if (code === undefined || code === null) return typeof process.exitCode === "number" ? process.exitCode : 0;
  const number = Number(code);
  return Number.isInteger(number) ? number : 1;
}

/** Ends the guarded call `error` was thrown from; false when it belongs to none. */
function endCallOf(error: unknown): boolean {
  const call = storage.getStore();
  if (!call) return false;
  if (error instanceof InvocationExitSignal) return true; // the exit already ended it
  call.end(toErrorObject(error));
  return true;
}

/** Passes an exception no guarded call owns on to Node's usual handling. */
function passOn(error: unknown, dropCapture: () => void): void {
  if (process.listenerCount("uncaughtException") > 0) {
    (process.emit as (event: string, ...args: unknown[]) => boolean)("uncaughtException", error, "uncaughtException");
    return;
  }
  // Nobody handles it: let it end the process the way Node would have.
  dropCapture();
  queueMicrotask(() => {
    throw error;
  });
}

function install(): () => void {
  const originalExit = process.exit;
  const guardedExit = function exit(code?: number | string | null): never {
    const call = storage.getStore();
    if (!call) return originalExit.call(process, code as number);
    const status = exitCode(code);
    call.end(exitErrorObject(call.requestId, status));
    throw new InvocationExitSignal(status);
  };
  process.exit = guardedExit as typeof process.exit;

  let removeCapture: () => void;
  if (!process.hasUncaughtExceptionCaptureCallback()) {
    let captured = true;
    const dropCapture = () => {
      if (captured) process.setUncaughtExceptionCaptureCallback(null);
      captured = false;
    };
    process.setUncaughtExceptionCaptureCallback((error) => {
      if (!endCallOf(error)) passOn(error, dropCapture);
    });
    removeCapture = dropCapture;
  } else {
    // Someone else captures: listen first (their callback still sees the exception too).
    const listener = (error: Error) => void endCallOf(error);
    process.prependListener("uncaughtException", listener);
    removeCapture = () => process.removeListener("uncaughtException", listener);
  }
  return () => {
    if (process.exit === guardedExit) process.exit = originalExit;
    removeCapture();
  };
}

/**
 * Runs one handler call guarded: resolves or rejects as `run` does, or rejects with an
 * `InvocationEndedError` as soon as the call exits the process or throws an uncaught exception.
 * `run` receives a client that refuses calls once the call has ended that way.
 */
export async function runGuarded<T>(
  requestId: string,
  client: DurableExecutionClient,
  run: (client: DurableExecutionClient) => Promise<T>,
): Promise<T> {
  let endCall!: (error: ErrorObject) => void;
  const ended = new Promise<never>((_, reject) => {
    endCall = (error) => reject(new InvocationEndedError(error));
  });
  ended.catch(() => undefined); // observed through the race below, if the call is still running
  const call: GuardedCall = {
    requestId,
    ended: undefined,
    end(error) {
      if (call.ended) return;
      call.ended = error;
      endCall(error);
    },
  };
  const refuse = (): Promise<never> =>
    Promise.reject(
      new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.invocationEnded(requestId, call.ended?.ErrorType ?? "ended")),
    );
  const guardedClient: DurableExecutionClient = {
    checkpoint: (params) => (call.ended ? refuse() : client.checkpoint(params)),
    getExecutionState: (params) => (call.ended ? refuse() : client.getExecutionState(params)),
  };
  if (running++ === 0) restore = install();
  try {
    const result = storage.run(call, () => Promise.resolve().then(() => run(guardedClient)));
    result.catch(() => undefined); // once the call has ended, how its code settles no longer matters
    return await Promise.race([result, ended]);
  } finally {
    if (--running === 0) {
      restore?.();
      restore = undefined;
      storage.disable(); // no context tracking cost while no guarded call runs
    }
  }
}

/** How a guarded call ended when it exited the process or threw an uncaught exception. */
export class InvocationEndedError extends Error {
  override readonly name = "InvocationEndedError";
  constructor(readonly error: ErrorObject) {
    super(`${error.ErrorType}: ${error.ErrorMessage}`);
  }
}

/** The request id of the guarded call the current code runs in (what it schedules belongs to it); undefined outside any. */
export function guardedRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
