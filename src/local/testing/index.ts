/**
 * The local test runner: `LocalDurableTestRunner` and the types of its results, shaped like the
 * reference testing package's API (`@aws/durable-execution-sdk-js-testing`).
 */
export { LocalDurableTestRunner, TEST_FUNCTION_NAME } from "./local-durable-test-runner.js";
export type {
  LocalDurableTestRunnerParameters,
  LocalDurableTestRunnerSetupParameters,
  PlainTestFunction,
} from "./local-durable-test-runner.js";
export { WaitingOperationStatus, InvocationType } from "./types.js";
export type {
  CallbackDetails,
  ChainedInvokeDetails,
  ContextDetails,
  DurableOperation,
  DurableTestRunner,
  Invocation,
  InvokeRequest,
  PrintColumns,
  SendCallbackResponse,
  StepDetails,
  TestResult,
  TestResultError,
  WaitResultDetails,
} from "./types.js";
export { DurableTestRunnerError, OperationNotFoundError, OperationTypeMismatchError, TestRunnerUsageError } from "./errors.js";
