/**
 * durable-execution-sdk: durable functions for TypeScript on AWS Lambda durable functions or the
 * bundled local durable service. Drop-in compatible with `@aws/durable-execution-sdk-js`.
 *
 * Explicit exports only (no `export *`): this list is the public API.
 */

// The entry point and its configuration.
export {
  withDurableExecution,
  DurableExecutionInvocationInputWithClient,
  type DurableExecutionConfig,
} from "./runtime/with-durable-execution.js";
export { DurableExecutionApiClient } from "./runtime/api-client.js";
export { SDK_VERSION } from "./runtime/version.js";
export { refreshLogConfig } from "./runtime/logger/verbose.js";
export { DurablePromise } from "./runtime/durable-promise.js";

// Retrying a block of durable code.
export { withRetry, type RetryableFunc } from "./runtime/with-retry.js";

// Batch completion helpers (map / parallel).
export { completeBatch, continueBatch } from "./runtime/operations/map-parallel.js";

// Strategies and serdes.
export { createRetryStrategy, createLinearRetryStrategy, retryPresets, createWaitStrategy } from "./runtime/retry/index.js";
export { defaultSerdes, createClassSerdes, createClassSerdesWithDates } from "./runtime/serdes/index.js";
export { createFileSystemSerdes, buildPreview } from "./runtime/serdes/index.js";

// Enumerations (values and types).
export {
  BatchItemStatus,
  CompletionOutcome,
  DurableExecutionClientErrorScope,
  DurableLogLevel,
  FieldMatchMode,
  FileSystemPathEncoding,
  FileSystemSerdesMode,
  InvocationStatus,
  JitterStrategy,
  NestingType,
  OperationAction,
  OperationStatus,
  OperationSubType,
  OperationType,
  PreviewMode,
  StepSemantics,
} from "./generated/index.js";

// Errors.
export {
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  ChildContextError,
  DurableExecutionClientError,
  DurableOperationError,
  DurableValidationError,
  InvokeError,
  NonDeterministicExecutionError,
  PluginLoadError,
  PromiseCombinatorError,
  SerdesFailedError,
  StepError,
  StepInterruptedError,
  WaitForConditionError,
  isDurableExecutionClientError,
} from "./generated/index.js";

// Types.
export type {
  AnySerdes,
  AnySerdesDeserializer,
  BatchItem,
  BatchResult,
  CallbackDetails,
  CallbackOptions,
  ChainedInvokeDetails,
  ChainedInvokeOptions,
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  CheckpointUpdatedExecutionState,
  ChildConfig,
  ChildFunc,
  CompletionConfig,
  CompletionDecision,
  CompletionItemStatus,
  CompletionReason,
  CompletionStatus,
  ContextDetails,
  ContextOptions,
  CreateCallbackConfig,
  CreateCallbackResult,
  DurableContext,
  DurableContextLogger,
  DurableExecutionClient,
  DurableExecutionHandler,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  DurableLambdaHandler,
  DurableLogData,
  DurableLogger,
  DurableLoggingContext,
  Duration,
  ErrorObject,
  ExecutionDetails,
  FileSystemSerdesConfig,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  InvokeConfig,
  LambdaContext,
  LinearRetryStrategyConfig,
  LoggerConfig,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  Operation,
  OperationUpdate,
  ParallelConfig,
  ParallelFunc,
  PreviewConfig,
  PreviewField,
  RetryDecision,
  RetryStrategyConfig,
  Serdes,
  SerdesConfig,
  SerdesContext,
  StepConfig,
  StepContext,
  StepDetails,
  StepFunc,
  StepOptions,
  WaitDetails,
  WaitForCallbackConfig,
  WaitForCallbackContext,
  WaitForCallbackSubmitterFunc,
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
  WaitForConditionContext,
  WaitForConditionDecision,
  WaitForConditionWaitStrategyFunc,
  WaitOptions,
  WaitStrategyConfig,
  WireOperation,
  WireStepDetails,
  WireTimestamp,
  WireWaitDetails,
  WithRetryConfig,
} from "./generated/index.js";

// Types of the reference 2.4 index that were missing.
export type {
  ConcurrencyConfig,
  ConcurrentExecutionItem,
  ConcurrentExecutor,
  CustomCompletionConfig,
  DurableExecutionClientErrorOptions,
  ThresholdCompletionConfig,
} from "./generated/index.js";

// Instrumentation plugins (the reference's plugin API, version 1).
export {
  AttemptEndInfoOutcome,
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  PluginInvocationStatus,
  PluginOperationStatus,
} from "./runtime/plugins/types.js";
export type {
  AttemptEndInfo,
  AttemptInfo,
  CustomerFn,
  CustomerFnResult,
  DurableInstrumentationPlugin,
  DurableInstrumentationPluginProvider,
  DurableInstrumentationPluginType,
  InvocationBaseInfo,
  InvocationEndInfo,
  InvocationInfo,
  OperationChangeInfo,
  OperationEndInfo,
  OperationInfo,
} from "./runtime/plugins/types.js";
