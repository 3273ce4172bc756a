/**
 * The service's size and range limits, enforced with the Lambda API's error shapes
 * (InvalidParameterValueException, 400, naming the field and the limit). Numbers: the Lambda API
 * reference of CheckpointDurableExecution / OperationUpdate and the durable-functions quotas (the
 * 250 updates per checkpoint and the 6 MB response payload are also in ../shared/spec).
 */
import { DURATION_RULE, type ErrorObject, type OperationUpdate } from "../generated/index.js";
import { InvalidParameterValueException } from "./errors.js";

/** Updates in one CheckpointDurableExecution call: the service's limit (the SDK batches at most this many). */
export const MAX_UPDATES_PER_CHECKPOINT = 250;
/**
 * Payload of one update, and a result an invocation returns: 6 MiB, Lambda's synchronous response
 * limit. Not applied to an EXECUTION update: the SDK checkpoints a result too large to return as
 * one (see docs/guide/internals-local-service.md#results-and-limits), bounded only by the request size the checkpoint route reads.
 */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Longest duration (WaitSeconds, retry delays, callback timeouts): the schema's Duration rule (366 days, the longest an execution may run). */
export const MAX_DURATION_SECONDS = DURATION_RULE.maxSeconds;
/** Longest operation Id and ParentId (the SDK sends 32-character hashes). */
export const MAX_OPERATION_ID_LENGTH = 64;
/** Longest operation Name. */
export const MAX_OPERATION_NAME_LENGTH = 256;
/** Longest operation SubType. */
export const MAX_SUB_TYPE_LENGTH = 32;
/** Longest FunctionName of a chained invoke: a 64-character name, or an ARN up to 140 characters. */
export const MAX_FUNCTION_NAME_LENGTH = 140;

function fail(message: string): never {
  throw new InvalidParameterValueException(message);
}

function checkLength(value: unknown, field: string, max: number, id: unknown): void {
  if (typeof value === "string" && value.length > max) {
    fail(`${field} of operation ${String(id).slice(0, 80)} has ${value.length} characters; at most ${max} are allowed`);
  }
}

function checkDuration(value: unknown, field: string, id: unknown): void {
  if (typeof value === "number" && value > MAX_DURATION_SECONDS) {
    fail(`${field} of operation ${String(id).slice(0, 80)} is ${value} seconds; at most ${MAX_DURATION_SECONDS} (366 days) is allowed`);
  }
}

/** Throws when the batch breaks a size limit: checked before anything else, so an oversized batch costs little. */
export function checkUpdateLimits(updates: readonly OperationUpdate[]): void {
  if (updates.length > MAX_UPDATES_PER_CHECKPOINT) {
    fail(`A checkpoint may carry at most ${MAX_UPDATES_PER_CHECKPOINT} updates (got ${updates.length}); send the rest in further checkpoints`);
  }
  for (const update of updates) {
    if (typeof update !== "object" || update === null) continue; // validateUpdates reports it
    const id = update.Id;
    checkLength(id, "Id", MAX_OPERATION_ID_LENGTH, id);
    checkLength(update.ParentId, "ParentId", MAX_OPERATION_ID_LENGTH, id);
    checkLength(update.Name, "Name", MAX_OPERATION_NAME_LENGTH, id);
    checkLength(update.SubType, "SubType", MAX_SUB_TYPE_LENGTH, id);
    checkLength(update.ChainedInvokeOptions?.FunctionName, "ChainedInvokeOptions.FunctionName", MAX_FUNCTION_NAME_LENGTH, id);
    if (update.Type !== "EXECUTION" && typeof update.Payload === "string" && update.Payload.length > MAX_PAYLOAD_BYTES / 3) {
      // Cheap pre-check on characters; only long strings pay for the exact UTF-8 byte count.
      const bytes = Buffer.byteLength(update.Payload, "utf8");
      if (bytes > MAX_PAYLOAD_BYTES) fail(`Payload of operation ${String(id).slice(0, 80)} has ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} (6 MiB) are allowed`);
    }
    checkDuration(update.WaitOptions?.WaitSeconds, "WaitOptions.WaitSeconds", id);
    checkDuration(update.StepOptions?.NextAttemptDelaySeconds, "StepOptions.NextAttemptDelaySeconds", id);
    checkDuration(update.CallbackOptions?.TimeoutSeconds, "CallbackOptions.TimeoutSeconds", id);
    checkDuration(update.CallbackOptions?.HeartbeatTimeoutSeconds, "CallbackOptions.HeartbeatTimeoutSeconds", id);
  }
}

/** The invocation error for a handler result over {@link MAX_PAYLOAD_BYTES}, as Lambda reports an oversized response. */
export function oversizedResultError(result: unknown): ErrorObject | undefined {
  if (typeof result !== "string" || result.length <= MAX_PAYLOAD_BYTES / 3) return undefined;
  const bytes = Buffer.byteLength(result, "utf8");
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return {
    ErrorType: "Function.ResponseSizeTooLarge",
    ErrorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes). Checkpoint a large result instead of returning it (the SDK does this above 6 MB).`,
  };
}
