/**
 * Types of the store's public surface: function lookup, listener, options, execution views and the
 * GetDurableExecutionHistory request/response.
 */
import type { DurableExecutionInvocationInput, ErrorObject } from "../generated/index.js";
import type { Clock } from "./clock.js";
import type { ExecutionRecord, ExecutionStatus, ParentLink } from "./execution-record.js";
import type { HistoryEvent } from "./history.js";
import type { StoreJournal } from "./persistence/journal.js";

export type FunctionKind = "durable" | "plain";

export interface FunctionInfo {
  readonly kind: FunctionKind;
  /** ExecutionTimeout of executions of this function, in seconds. */
  readonly executionTimeoutSeconds?: number;
  /** DurableConfig RetentionPeriodInDays: days a finished execution is kept (1-90; default 14). */
  readonly retentionPeriodInDays?: number;
}

/** A chained invoke whose target is not a durable function (plain function or unknown name). */
export interface PendingLaunch {
  readonly record: ExecutionRecord;
  readonly operationId: string;
  readonly functionName: string;
  readonly payload: string | undefined;
  readonly tenantId: string | undefined;
  /** False when no function of that name is registered. */
  readonly found: boolean;
}

/** Notifications the orchestrator subscribes to. */
export interface StoreListener {
  /** The execution needs (another) invocation. */
  onReady(record: ExecutionRecord): void;
  /** The execution reached a terminal status and its terminal event was recorded. */
  onFinished(record: ExecutionRecord): void;
  /** A chained invoke of a non-durable target is waiting to be run (see takeLaunches). */
  onLaunch(): void;
  /** A history event was appended (do not mutate it). */
  onHistoryEvent?(record: ExecutionRecord, event: HistoryEvent): void;
  /** A timer was armed, due at `due` on the store's clock. */
  onTimerArmed?(due: number): void;
  /** A finished execution will be evicted at `due` on the store's clock (its retention ends). */
  onEvictionScheduled?(due: number): void;
}

export interface StoreOptions {
  clock: Clock;
  region?: string;
  accountId?: string;
  /** Resolves function names (for chained invokes). */
  lookupFunction?: (name: string) => FunctionInfo | undefined;
  /** Operations in the invocation input before NextMarker paging kicks in (default 1000). */
  invocationPageSize?: number;
  /** Consecutive failed invocations (thrown errors, invalid responses) before the execution fails (default 3). */
  maxConsecutiveInvocationErrors?: number;
  /** Delay (ms) before re-invoking after a failed invocation, doubled per consecutive failure up to 30 s (default 1000; 0: at once). */
  invocationRetryDelayMs?: number;
  /** ExecutionTimeout when the function does not configure one (default: the schema's `DEFAULT_EXECUTION_TIMEOUT_SECONDS`). */
  defaultExecutionTimeoutSeconds?: number;
  /** Receives every change, batched per store call (write-through persistence). */
  journal?: StoreJournal;
  /** Secret (at least 16 bytes) authenticating checkpoint tokens and callback ids; default: random per store. */
  tokenSecret?: Uint8Array;
  /**
   * How long (ms) a finished execution is kept before it is evicted, for every function — overrides
   * each function's RetentionPeriodInDays (a development setting, e.g. `durable dev --retention 1h`).
   */
  retentionMs?: number;
}

/**
 * What the store holds, counted by entries (executions in each index, operations, history events,
 * live timers, finished executions waiting for eviction).
 */
export interface StoreEntryCounts {
  executions: number;
  executionsByKey: number;
  executionsByName: number;
  executionsByFunction: number;
  operations: number;
  historyEvents: number;
  timers: number;
  retained: number;
}

export interface CreateExecutionParams {
  functionName: string;
  /** Serialized input (JSON text); undefined = no payload. */
  inputPayload?: string;
  executionName?: string;
  tenantId?: string;
  executionTimeoutSeconds?: number;
  parent?: ParentLink;
}

/**
 * GetDurableExecution-shaped description of an execution.
 *
 * @example
 * ```ts
 * const { Status, Result, Error } = service.getExecution(arn);
 * const value = Status === "SUCCEEDED" && Result !== undefined ? JSON.parse(Result) : undefined;
 * ```
 */
export interface ExecutionDescription {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  InputPayload?: string;
  Result?: string;
  Error?: ErrorObject;
  StartTimestamp: Date;
  Status: ExecutionStatus;
  EndTimestamp?: Date;
  Version: string;
}

/**
 * ListDurableExecutionsByFunction-shaped summary.
 *
 * @example
 * ```ts
 * const running = service.listExecutions("orders").filter((e) => e.Status === "RUNNING");
 * ```
 */
export interface ExecutionSummary {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: ExecutionStatus;
  StartTimestamp: Date;
  EndTimestamp?: Date;
}

export interface BegunInvocation {
  readonly input: DurableExecutionInvocationInput;
  readonly requestId: string;
}

/** What came back from one invocation of the handler. */
export type InvocationResult =
  | { kind: "returned"; output: unknown }
  /** `notCounted`: the invocation was cut by the service's own shutdown; it is re-run without counting as a failed attempt. */
  | { kind: "error"; error: ErrorObject; notCounted?: boolean };

export interface GetHistoryRequest {
  DurableExecutionArn: string;
  /** Whether events carry their payloads (results, inputs, errors' data); default true, as on Lambda. */
  IncludeExecutionData?: boolean;
  MaxItems?: number;
  Marker?: string;
  ReverseOrder?: boolean;
}

export interface GetHistoryResponse {
  Events: HistoryEvent[];
  NextMarker?: string;
}
