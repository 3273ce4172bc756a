/**
 * The BatchResult that map and parallel return (see docs/guide/internals-operations.md#map-and-parallel), and the serdes that stores it: item errors are
 * kept as ErrorObjects with their `Cause` chain, so messages and error classes survive replay.
 */
import {
  COMPLETION_REASON_ALL_COMPLETED,
  COMPLETION_REASON_CUSTOM_COMPLETION_FAILED,
  COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED,
  BatchItemStatus,
  ChildContextError,
  BatchCompletionError,
  DurableOperationError,
  errorFromErrorObject,
  plainErrorFromErrorObject,
  REBUILT_ERROR_TYPES,
  type BatchItem,
  type BatchResult,
  type CompletionReason,
  type ErrorObject,
  type Serdes,
} from "../../../generated/index.js";
import { thrownText } from "../../text.js";

/** A stored item error: an ErrorObject plus the stored form of its `cause`, recursively. */
export interface StoredBatchError extends ErrorObject {
  Cause?: StoredBatchError;
}

/** One item as stored in the batch payload. */
export interface StoredBatchItem {
  result?: unknown;
  error?: StoredBatchError;
  index: number;
  status: BatchItemStatus;
}

/** The stored payload of a batch whose result is small enough to keep. */
export interface StoredBatchResult {
  all: StoredBatchItem[];
  completionReason: CompletionReason;
}

/** Deepest cause chain written or read; guards against cyclic `cause` references. */
const MAX_CAUSE_DEPTH = 32;


export class BatchResultImpl<TResult> implements BatchResult<TResult> {
  readonly all: Array<BatchItem<TResult>>;
  readonly completionReason: CompletionReason;
  // Private fields stay out of JSON.stringify, which therefore shows `{ all, completionReason }`.
  #successCount = 0;
  #failureCount = 0;
  #startedCount = 0;

  constructor(all: Array<BatchItem<TResult>>, completionReason: CompletionReason) {
    this.all = all;
    this.completionReason = completionReason;
    for (const item of all) {
      if (item.status === BatchItemStatus.SUCCEEDED) this.#successCount++;
      else if (item.status === BatchItemStatus.FAILED) this.#failureCount++;
      else if (item.status === BatchItemStatus.STARTED) this.#startedCount++;
    }
  }

  /** FAILED when an item failed, unless a custom completion decided the outcome. */
  get status(): BatchItemStatus.SUCCEEDED | BatchItemStatus.FAILED {
    if (this.completionReason === COMPLETION_REASON_CUSTOM_COMPLETION_FAILED) return BatchItemStatus.FAILED;
    if (this.completionReason === COMPLETION_REASON_CUSTOM_COMPLETION_SUCCEEDED) return BatchItemStatus.SUCCEEDED;
    return this.#failureCount > 0 ? BatchItemStatus.FAILED : BatchItemStatus.SUCCEEDED;
  }

  get hasFailure(): boolean {
    return this.#failureCount > 0;
  }

  get successCount(): number {
    return this.#successCount;
  }

  get failureCount(): number {
    return this.#failureCount;
  }

  get startedCount(): number {
    return this.#startedCount;
  }

  /** Items that were started (succeeded, failed or still running); never-started items are absent. */
  get totalCount(): number {
    return this.all.length;
  }

  succeeded(): Array<BatchItem<TResult> & { result: TResult }> {
    return this.all.filter(
      (item): item is BatchItem<TResult> & { result: TResult } => item.status === BatchItemStatus.SUCCEEDED && item.result !== undefined,
    );
  }

  failed(): Array<BatchItem<TResult> & { error: ChildContextError }> {
    return this.all.filter(
      (item): item is BatchItem<TResult> & { error: ChildContextError } => item.status === BatchItemStatus.FAILED && item.error !== undefined,
    );
  }

  started(): Array<BatchItem<TResult> & { status: BatchItemStatus.STARTED }> {
    return this.all.filter((item): item is BatchItem<TResult> & { status: BatchItemStatus.STARTED } => item.status === BatchItemStatus.STARTED);
  }

  /** Throws the first item error; for a batch FAILED without one, a BatchCompletionError. */
  throwIfError(): void {
    const first = this.all.find((item) => item.status === BatchItemStatus.FAILED && item.error !== undefined);
    if (first) throw first.error;
    if (this.status === BatchItemStatus.FAILED) throw new BatchCompletionError(this.completionReason);
  }

  getResults(): TResult[] {
    return this.succeeded().map((item) => item.result);
  }

  getErrors(): ChildContextError[] {
    return this.failed().map((item) => item.error);
  }
}

/** The stored form of an item error and its cause chain. */
export function storeBatchError(error: Error, depth = 0): StoredBatchError {
  const stored: StoredBatchError =
    error instanceof DurableOperationError ? error.toErrorObject() : { ErrorType: error.name, ErrorMessage: error.message };
  const cause: unknown = error.cause;
  if (cause instanceof Error && depth < MAX_CAUSE_DEPTH) stored.Cause = storeBatchError(cause, depth + 1);
  return stored;
}

/** Rebuilds an error (and its cause chain) from its stored form. */
export function rebuildBatchError(stored: StoredBatchError, depth = 0): Error {
  // Error types the schema rebuilds as their own class; anything else becomes a plain Error with that name.
  const error: Error = stored.ErrorType !== undefined && REBUILT_ERROR_TYPES.has(stored.ErrorType) ? errorFromErrorObject(stored) : plainErrorFromErrorObject(stored);
  if (stored.Cause && typeof stored.Cause === "object" && depth < MAX_CAUSE_DEPTH) error.cause = rebuildBatchError(stored.Cause, depth + 1);
  return error;
}

/** An item error as BatchItem promises it: a ChildContextError (anything else becomes its cause). */
export function asChildContextError(error: unknown): ChildContextError {
  if (error instanceof ChildContextError) return error;
  if (error instanceof Error) return new ChildContextError(error.message, error);
  return new ChildContextError(thrownText(error));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function restoreItemError(error: unknown): ChildContextError | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof Error) return asChildContextError(error);
  if (isObject(error)) return asChildContextError(rebuildBatchError(error as StoredBatchError));
  return asChildContextError(error);
}

/**
 * Gives a deserialized batch value its BatchResult methods back. A BatchResultImpl is returned as is;
 * anything without an `all` array is not a batch result and is returned unchanged.
 */
export function restoreBatchResult<TResult>(value: unknown): BatchResult<TResult> {
  if (value instanceof BatchResultImpl) return value as BatchResultImpl<TResult>;
  if (!isObject(value) || !Array.isArray(value.all)) return value as BatchResult<TResult>;
  // As the reference: the stored item's own keys in their order, then `result` and `error`, both always
  // present (undefined when absent), so what user code reads (keys, JSON) is the reference's.
  const items = (value.all as unknown[])
    .filter(isObject)
    .map((raw) => ({ ...raw, result: raw.result, error: restoreItemError(raw.error) }) as BatchItem<TResult>);
  return new BatchResultImpl(items, (value.completionReason as CompletionReason | undefined) ?? COMPLETION_REASON_ALL_COMPLETED);
}

/** The stored payload of a batch result. */
export function storeBatchResult(value: BatchResult<unknown>): StoredBatchResult {
  return {
    all: value.all.map((item) => ({
      result: item.result,
      error: item.error instanceof Error ? storeBatchError(item.error) : undefined,
      index: item.index,
      status: item.status,
    })),
    completionReason: value.completionReason,
  };
}

/** The default serdes of map and parallel results. */
export const batchResultSerdes: Serdes<BatchResult<unknown>> = {
  serialize: async (value) => (value ? JSON.stringify(storeBatchResult(value)) : undefined),
  deserialize: async (data) => (data ? restoreBatchResult(JSON.parse(data)) : undefined),
};
