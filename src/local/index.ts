/**
 * The in-process local durable service: a state machine speaking the durable-execution wire
 * contract (checkpoint / state / history), a virtual clock with timers, and an orchestrator that
 * runs handlers against it.
 */
export { LocalDurableService } from "./local-durable-service.js";
export type {
  HistoryListener,
  IsolatedFunctionOptions,
  LocalDurableServiceOptions,
  RunUntilIdleOptions,
  StartExecutionParams,
  WaitForCompletionOptions,
} from "./local-durable-service.js";
export type { WorkerLoadError } from "./isolated-invocation.js";
export { DurableStore } from "./store.js";
export type * from "./store-types.js";
export { ExecutionStatus, ExecutionRecord } from "./execution-record.js";
export type { ExecutionOutcome } from "./execution-record.js";
export { VirtualClock, WallClock, isVirtualClock } from "./clock.js";
export type { Clock, ClockMode } from "./clock.js";
export { createLocalClient } from "./client.js";
export {
  DurableExecutionInvocationInputWithClient,
  INVOCATION_INPUT_WITH_CLIENT_TAG,
  defaultEventFactory,
} from "./invocation-event.js";
export type { EventFactory } from "./invocation-event.js";
export { createLambdaContext } from "./lambda-context.js";
export type { LambdaContextParams, LocalLambdaContext } from "./lambda-context.js";
export type {
  DurableFunctionHandler,
  PlainFunctionHandler,
  RegisterFunctionOptions,
} from "./function-registry.js";
export {
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
  InvalidParameterValueException,
  LocalServiceException,
  ResourceConflictException,
  ResourceNotFoundException,
} from "./errors.js";
export { historyToJson, errorEnvelope, inputEnvelope } from "./history.js";
export type * from "./history.js";
export { MAX_ERROR_UPDATE_BYTES } from "../generated/index.js";
// The ErrorTypes an isolated invocation ends with when its worker exits or runs out of memory (generated from errors.yaml).
export { RUNTIME_EXIT_ERROR_TYPE, RUNTIME_OUT_OF_MEMORY_ERROR_TYPE } from "./errors.js";
export {
  CALLBACK_HEARTBEAT_ERROR,
  CALLBACK_TIMEOUT_ERROR,
  NO_PENDING_OPERATIONS_ERROR,
} from "./lifecycle.js";
