/**
 * `durable-execution-sdk/testing`: the local durable service for tests and tooling. Runs durable
 * handlers in process against a service with a virtual clock (no fake timers needed).
 */
export {
  LocalDurableService,
  DurableStore,
  ExecutionStatus,
  VirtualClock,
  WallClock,
  createLocalClient,
  createLambdaContext,
} from "./local/index.js";
export type {
  IsolatedFunctionOptions,
  WorkerLoadError,
  LocalDurableServiceOptions,
  StartExecutionParams,
  RunUntilIdleOptions,
  WaitForCompletionOptions,
  ExecutionDescription,
  ExecutionSummary,
  Clock,
  ClockMode,
} from "./local/index.js";

// The test runner (API of the reference testing package's LocalDurableTestRunner).
export { LocalDurableTestRunner } from "./testing/local-durable-test-runner.js";
export type {
  LocalDurableTestRunnerParameters,
  LocalDurableTestRunnerHandlerModule,
  LocalDurableTestRunnerSetupParameters,
  PlainTestFunction,
} from "./testing/local-durable-test-runner.js";
export { WaitingOperationStatus } from "./testing/types.js";
export { InvocationType } from "./generated/index.js";
export type {
  CallbackDetails,
  CallbackSuccessResult,
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
} from "./testing/types.js";
export {
  DurableTestRunnerError,
  InvocationStalledError,
  OperationNotFoundError,
  OperationTypeMismatchError,
  TestRunnerUsageError,
} from "./testing/errors.js";
export { OperationStatus, OperationType, OperationSubType } from "./generated/index.js";
export type { Operation, WireOperation, ErrorObject } from "./generated/index.js";

// The cloud test runner (API of the reference testing package's CloudDurableTestRunner).
export { CloudDurableTestRunner } from "./testing/cloud/cloud-durable-test-runner.js";
export type { CloudDurableTestRunnerConfig, CloudDurableTestRunnerParameters } from "./testing/cloud/cloud-durable-test-runner.js";
export { MalformedHistoryError } from "./testing/cloud/history-index.js";

// Crash-anywhere testing (run({ crashEverywhere })) and replaying recorded histories against new code.
export { CrashEverywhereError } from "./testing/crash-everywhere.js";
export type {
  CrashCutMode,
  CrashCutPoint,
  CrashEverywhereOptions,
  CrashEverywhereReport,
  CrashPointFailure,
  ReExecutedStep,
} from "./testing/crash-everywhere.js";
export type { LocalInvokeRequest } from "./testing/local-durable-test-runner.js";
export { replayHistory } from "./testing/replay-history.js";
export type { RecordedHistory, ReplayHistoryOptions, ReplayOutcome, ReplayReport, ReplayedOperation } from "./testing/replay-history.js";
