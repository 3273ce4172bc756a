/** Errors of the local test runner. Every message names what was wrong and what to do instead. */

/**
 * Base class of the test runner's own errors.
 *
 * @example
 * ```ts
 * try {
 *   runner.getOperation("missing").getStepDetails();
 * } catch (error) {
 *   if (error instanceof DurableTestRunnerError) console.log(error.name, error.message);
 * }
 * ```
 */
export class DurableTestRunnerError extends Error {
  override name = "DurableTestRunnerError";
}

/**
 * A bad argument, or a call at a moment it cannot work (e.g. `skipTime` with no run in progress).
 *
 * @example
 * ```ts
 * await expect(runner.skipTime(-1)).rejects.toBeInstanceOf(TestRunnerUsageError);
 * ```
 */
export class TestRunnerUsageError extends DurableTestRunnerError {
  override name = "TestRunnerUsageError";
}

/**
 * A details getter was called on an operation of another type (e.g. `getStepDetails()` on a WAIT).
 *
 * @example
 * ```ts
 * expect(() => runner.getOperation("cool-off").getStepDetails()).toThrow(OperationTypeMismatchError); // a WAIT, not a STEP
 * ```
 */
export class OperationTypeMismatchError extends DurableTestRunnerError {
  override name = "OperationTypeMismatchError";
}

/**
 * The operation a lookup describes does not exist (yet), or did not reach the awaited status
 * before the execution finished.
 *
 * @example
 * ```ts
 * await expect(runner.getOperation("never-started").waitForData()).rejects.toBeInstanceOf(OperationNotFoundError);
 * ```
 */
export class OperationNotFoundError extends DurableTestRunnerError {
  override name = "OperationNotFoundError";
}

/**
 * run() rejects with this when an invocation stalled: it is still running, but for `stallTimeout`
 * ms (setupTestEnvironment; default 3 s of real time) it sent no checkpoint while nothing could move
 * it on — no wait, retry, callback or invoke pending, no timer, immediate or worker thread of its own
 * code open, no socket, child process, file or DNS request opened since run() began — so the handler, or a step
 * body, awaits a promise that never settles (a mocked dependency that never resolves, an event never
 * emitted, a lock never released). The message names the step whose body never settles, or else the
 * last operation the handler reached. Slow I/O and real timers are pending work, never a stall.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from "durable-execution-sdk";
 * import { InvocationStalledError, LocalDurableTestRunner } from "durable-execution-sdk/testing";
 *
 * const handler = withDurableExecution(async (_event: unknown, context) => {
 *   await context.step("load", async () => 1);
 *   await new Promise<void>(() => {}); // never settles
 * });
 * await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 500 });
 * try {
 *   await new LocalDurableTestRunner({ handlerFunction: handler }).run();
 * } catch (error) {
 *   if (error instanceof InvocationStalledError) console.log(error.functionName, error.message);
 * }
 * ```
 */
export class InvocationStalledError extends DurableTestRunnerError {
  override name = "InvocationStalledError";

  constructor(
    message: string,
    /** The function whose invocation stalled: the handler under test's name, or a registered durable function's. */
    readonly functionName: string,
  ) {
    super(message);
  }
}
