/**
 * Public types of the local test runner. They follow the reference testing package's
 * (`@aws/durable-execution-sdk-js-testing`) test API shape, so a test written against its
 * `LocalDurableTestRunner` compiles and runs against ours after swapping the import.
 */
import type { ErrorObject, Operation, OperationStatus, OperationSubType, OperationType } from "../generated/index.js";
import type { ExecutionStatus } from "../local/execution-record.js";
import type { HistoryEvent } from "../local/history.js";

/** What `waitForData(status)` waits for. */
// A TypeScript enum, as in the reference testing package, so members are also types.
/**
 * The status `DurableOperation.waitForData` waits for.
 *
 * @example
 * ```ts
 * const approval = runner.getOperation("manager-approval");
 * await approval.waitForData(WaitingOperationStatus.SUBMITTED); // the submitter has sent the callback id
 * await approval.sendCallbackSuccess(JSON.stringify({ approved: true }));
 * ```
 */
export enum WaitingOperationStatus {
  /** The operation exists (any status). For a waitForCallback context: its callback was created. */
  STARTED = "STARTED",
  /**
   * Like COMPLETED, except for a waitForCallback context: there it is reached once the submitter
   * step finished (the moment a test should send the callback).
   */
  SUBMITTED = "SUBMITTED",
  /** The operation is CANCELLED, FAILED, STOPPED, SUCCEEDED or TIMED_OUT. */
  COMPLETED = "COMPLETED",
}


/**
 * An error as a test sees it (execution, operation or invocation error).
 *
 * @example
 * ```ts
 * const result = await runner.run();
 * if (result.getStatus() === "FAILED") {
 *   const { errorType, errorMessage } = result.getError();
 *   console.log(`${errorType}: ${errorMessage}`);
 * }
 * ```
 */
export interface TestResultError {
  errorMessage: string | undefined;
  errorType: string | undefined;
  errorData: string | undefined;
  stackTrace: string[] | undefined;
}

/**
 * The outcome of a child context (`runInChildContext`, a map item or a parallel branch) in a test.
 *
 * @example
 * ```ts
 * const child = runner.getOperation("payment").getContextDetails();
 * expect(child?.result).toEqual({ paid: true });
 * ```
 */
export interface ContextDetails<TResult = unknown> {
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
}

/**
 * The outcome of a step in a test: attempts, next retry time, result or error.
 *
 * @example
 * ```ts
 * const details = runner.getOperation("charge").getStepDetails();
 * expect(details?.attempt).toBe(2);      // succeeded on the second attempt
 * expect(details?.result).toBe("paid");
 * ```
 */
export interface StepDetails<TResult = unknown> {
  /** Attempts finished so far. */
  readonly attempt: number | undefined;
  /** When a scheduled retry becomes due. */
  readonly nextAttemptTimestamp: Date | undefined;
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
}

/**
 * A callback in a test: its id, and the result or error it was completed with.
 *
 * @example
 * ```ts
 * const callback = runner.getOperation("approval").getCallbackDetails();
 * console.log(callback?.callbackId, callback?.result);
 * ```
 */
export interface CallbackDetails<TResult = unknown> {
  readonly callbackId: string;
  readonly error?: TestResultError;
  readonly result?: TResult;
}

/**
 * The outcome of a `context.invoke` in a test.
 *
 * @example
 * ```ts
 * expect(runner.getOperation("tax").getChainedInvokeDetails()?.result).toEqual({ tax: 20 });
 * ```
 */
export interface ChainedInvokeDetails<TResult = unknown> {
  readonly error?: TestResultError;
  readonly result?: TResult;
}

/**
 * A wait in a test: its duration and scheduled end.
 *
 * @example
 * ```ts
 * expect(runner.getOperation("cool-off").getWaitDetails()?.waitSeconds).toBe(3600);
 * ```
 */
export interface WaitResultDetails {
  /** The requested duration in seconds. */
  readonly waitSeconds?: number;
  readonly scheduledEndTimestamp?: Date;
}

/**
 * The reply of the callback API calls (the local service returns no data).
 *
 * @example
 * ```ts
 * const reply: SendCallbackResponse = await runner.getOperation("approval").sendCallbackHeartbeat();
 * ```
 */
export type SendCallbackResponse = Record<string, never>;

/**
 * What `sendCallbackSuccess` takes: the callback's result as text (usually `JSON.stringify(value)`),
 * or that text's UTF-8 bytes as a `Buffer`, `Uint8Array` or `ArrayBuffer` (the service's API carries
 * the result as bytes). The handler receives the text either way; empty counts as no result.
 *
 * @example
 * ```ts
 * import type { CallbackSuccessResult, DurableOperation } from "durable-execution-sdk/testing";
 *
 * async function approve(callback: DurableOperation): Promise<void> {
 *   const text: CallbackSuccessResult = JSON.stringify({ approved: true });
 *   const bytes: CallbackSuccessResult = Buffer.from(JSON.stringify({ approved: true }));
 *   await callback.sendCallbackSuccess(Math.random() < 0.5 ? text : bytes); // the handler receives '{"approved":true}'
 * }
 * ```
 */
export type CallbackSuccessResult = string | Uint8Array | ArrayBuffer;

/**
 * One operation of an execution, found by name, index or id. A lookup made before (or during) a
 * run fills in as the operation appears; every getter returns `undefined` while there is no data.
 *
 * @example
 * ```ts
 * const charge = runner.getOperation("charge"); // may be looked up before run()
 * const result = await runner.run({ payload: { amount: 10 } });
 * expect(charge.getStatus()).toBe("SUCCEEDED");
 * expect(charge.getStepDetails()?.result).toEqual({ paid: 10 });
 * ```
 */
export interface DurableOperation<TResult = any> {
  /** Resolves once the operation reaches `status` (default STARTED); rejects if the run ends first. */
  waitForData(status?: WaitingOperationStatus): Promise<DurableOperation<TResult>>;
  getContextDetails(): ContextDetails<TResult> | undefined;
  getStepDetails(): StepDetails<TResult> | undefined;
  getChainedInvokeDetails(): ChainedInvokeDetails<TResult> | undefined;
  /** For a CALLBACK operation or a waitForCallback context. */
  getCallbackDetails(): CallbackDetails<TResult> | undefined;
  getWaitDetails(): WaitResultDetails | undefined;
  getChildOperations(): DurableOperation[] | undefined;
  getOperationData(): Operation | undefined;
  getEvents(): HistoryEvent[] | undefined;
  getId(): string | undefined;
  getParentId(): string | undefined;
  getName(): string | undefined;
  getType(): OperationType | undefined;
  getSubType(): OperationSubType | undefined;
  isWaitForCallback(): boolean;
  isCallback(): boolean;
  getStatus(): OperationStatus | undefined;
  getStartTimestamp(): Date | undefined;
  getEndTimestamp(): Date | undefined;
  /**
   * Completes the callback (CALLBACK operation or waitForCallback context) with `result` as its
   * payload: text, or its UTF-8 bytes (the handler receives the text either way).
   */
  sendCallbackSuccess(result?: CallbackSuccessResult): Promise<SendCallbackResponse>;
  sendCallbackFailure(error?: ErrorObject): Promise<SendCallbackResponse>;
  sendCallbackHeartbeat(): Promise<SendCallbackResponse>;
}

/**
 * One handler invocation, from its InvocationCompleted event.
 *
 * @example
 * ```ts
 * const invocations = result.getInvocations();
 * expect(invocations).toHaveLength(2); // one before the wait, one after
 * expect(invocations.every((i) => i.error === undefined)).toBe(true);
 * ```
 */
export interface Invocation {
  startTimestamp: Date | undefined;
  endTimestamp: Date | undefined;
  requestId: string | undefined;
  error: TestResultError | undefined;
}

/**
 * Columns of `TestResult.print()`; all default to true.
 *
 * @example
 * ```ts
 * result.print({ parentId: false, startTime: false, endTime: false }); // name, type, subtype, status, duration
 * ```
 */
export interface PrintColumns {
  parentId?: boolean;
  name?: boolean;
  type?: boolean;
  subType?: boolean;
  status?: boolean;
  startTime?: boolean;
  endTime?: boolean;
  duration?: boolean;
}

/**
 * The outcome of `run()`.
 *
 * @example
 * ```ts
 * const result = await runner.run({ payload: "o-1" });
 * expect(result.getStatus()).toBe("SUCCEEDED");
 * expect(result.getResult()).toBe("o-1 shipped");
 * expect(result.getHistoryEvents().map((e) => e.EventType)).toContain("WaitSucceeded");
 * ```
 */
export interface TestResult<TResult = any> {
  /** Every operation except the EXECUTION one, in start order (children included). */
  getOperations(params?: { status: OperationStatus }): DurableOperation[];
  getInvocations(): Invocation[];
  /** The execution's status: SUCCEEDED, FAILED, TIMED_OUT or STOPPED. */
  getStatus(): ExecutionStatus;
  /** The JSON-parsed result; throws an Error with the execution's error message unless SUCCEEDED. */
  getResult(): TResult | undefined;
  /** The execution's error; throws if it SUCCEEDED. */
  getError(): TestResultError;
  /** The execution's history events in EventId order. */
  getHistoryEvents(): HistoryEvent[];
  /** Prints a table of the operations to the console. */
  print(columns?: PrintColumns): void;
}

/**
 * The argument of `run()`: the execution input.
 *
 * @example
 * ```ts
 * await runner.run({ payload: { orderId: "o-1" } });
 * ```
 */
export interface InvokeRequest {
  /** The execution input (JSON-encoded; omitted → `{}`). */
  payload?: unknown;
}

/**
 * What every durable test runner offers (the reference's `DurableTestRunner`).
 *
 * @example
 * ```ts
 * async function expectSuccess(runner: DurableTestRunner<DurableOperation, unknown>) {
 *   const result = await runner.run({ payload: {} });
 *   expect(result.getStatus()).toBe("SUCCEEDED");
 * }
 * await expectSuccess(new LocalDurableTestRunner({ handlerFunction: handler }));
 * ```
 */
export interface DurableTestRunner<TDurableOperation extends DurableOperation, ResultType> {
  run(params?: InvokeRequest): Promise<TestResult<ResultType>>;
  getOperation(name: string): TDurableOperation;
  getOperationByIndex(index: number): TDurableOperation;
  getOperationByNameAndIndex(name: string, index: number): TDurableOperation;
  getOperationById(id: string): TDurableOperation;
}
