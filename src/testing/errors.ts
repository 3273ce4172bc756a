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
