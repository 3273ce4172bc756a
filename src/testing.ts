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
  LocalDurableServiceOptions,
  StartExecutionParams,
  RunUntilIdleOptions,
  WaitForCompletionOptions,
  ExecutionDescription,
  ExecutionSummary,
  Clock,
  ClockMode,
} from "./local/index.js";
