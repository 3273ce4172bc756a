/**
 * The service's size and range limits, enforced with the Lambda API's error shapes
 * (InvalidParameterValueException, 400, naming the field and the limit). The numbers are the schema's
 * (`limits:` in schema/wire.yaml, with their sources), generated as constants the SDK reads too.
 */
import {
  describeReceived,
  DURATION_RULE,
  MAX_CALLBACK_RESULT_BYTES,
  MAX_CALLBACK_TIMEOUT_SECONDS,
  MAX_EXECUTION_NAME_LENGTH,
  MAX_FUNCTION_NAME_LENGTH,
  MAX_OPERATION_ID_LENGTH,
  MAX_OPERATION_NAME_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_SUB_TYPE_LENGTH,
  MAX_TENANT_ID_LENGTH,
  MAX_UPDATES_PER_CHECKPOINT,
  OperationType,
  type ErrorObject,
  type OperationUpdate,
} from "../generated/index.js";
import { EXECUTION_NAME_PATTERN } from "../generated/lambda-api.js";
import { MAX_RESULT_BYTES } from "../runtime/with-durable-execution.js";
import { InvalidParameterValueException, SERVICE_ERROR_OBJECTS, SERVICE_MESSAGES } from "./errors.js";

const MESSAGES = SERVICE_MESSAGES.InvalidParameterValueException;

/** Longest WaitOptions.WaitSeconds and StepOptions.NextAttemptDelaySeconds: 366 days (API model: 1..31622400). */
export const MAX_DURATION_SECONDS: number = DURATION_RULE.maxSeconds;

/** A byte limit in the binary unit that divides it (6291456 → "6 MiB", 262144 → "256 KiB"), for messages. */
function binarySize(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib} MiB` : `${bytes / 1024} KiB`;
}

function fail(message: string): never {
  throw new InvalidParameterValueException(message);
}

function checkLength(value: unknown, field: string, max: number, id: unknown): void {
  if (typeof value === "string" && value.length > max) {
    fail(MESSAGES.fieldTooLong(field, String(id).slice(0, 80), value.length, max));
  }
}

function checkDuration(value: unknown, field: string, id: unknown, max = MAX_DURATION_SECONDS): void {
  if (typeof value === "number" && value > max) {
    // The Duration rule's limit is also given in days, as the SDK's Duration messages give it.
    const days = max === MAX_DURATION_SECONDS ? DURATION_RULE.maxInDays : "";
    fail(MESSAGES.durationTooLong(field, String(id).slice(0, 80), value, max, days));
  }
}

/** Throws when the batch breaks a size limit: checked before anything else, so an oversized batch costs little. */
export function checkUpdateLimits(updates: readonly OperationUpdate[]): void {
  if (updates.length > MAX_UPDATES_PER_CHECKPOINT) {
    fail(MESSAGES.tooManyUpdates(MAX_UPDATES_PER_CHECKPOINT, updates.length));
  }
  for (const update of updates) {
    if (typeof update !== "object" || update === null) continue; // validateUpdates reports it
    const id = update.Id;
    checkLength(id, "Id", MAX_OPERATION_ID_LENGTH, id);
    checkLength(update.ParentId, "ParentId", MAX_OPERATION_ID_LENGTH, id);
    checkLength(update.Name, "Name", MAX_OPERATION_NAME_LENGTH, id);
    checkLength(update.SubType, "SubType", MAX_SUB_TYPE_LENGTH, id);
    checkLength(update.ChainedInvokeOptions?.FunctionName, "ChainedInvokeOptions.FunctionName", MAX_FUNCTION_NAME_LENGTH, id);
    checkLength(update.ChainedInvokeOptions?.TenantId, "ChainedInvokeOptions.TenantId", MAX_TENANT_ID_LENGTH, id);
    if (update.Type !== OperationType.EXECUTION && typeof update.Payload === "string" && update.Payload.length > MAX_PAYLOAD_BYTES / 3) {
      // Cheap pre-check on characters; only long strings pay for the exact UTF-8 byte count.
      const bytes = Buffer.byteLength(update.Payload, "utf8");
      if (bytes > MAX_PAYLOAD_BYTES) fail(MESSAGES.payloadTooLarge(String(id).slice(0, 80), bytes, MAX_PAYLOAD_BYTES, binarySize(MAX_PAYLOAD_BYTES)));
    }
    checkDuration(update.WaitOptions?.WaitSeconds, "WaitOptions.WaitSeconds", id);
    checkDuration(update.StepOptions?.NextAttemptDelaySeconds, "StepOptions.NextAttemptDelaySeconds", id);
    checkDuration(update.CallbackOptions?.TimeoutSeconds, "CallbackOptions.TimeoutSeconds", id, MAX_CALLBACK_TIMEOUT_SECONDS);
    checkDuration(update.CallbackOptions?.HeartbeatTimeoutSeconds, "CallbackOptions.HeartbeatTimeoutSeconds", id, MAX_CALLBACK_TIMEOUT_SECONDS);
  }
}

/** The invocation error for a handler result over {@link MAX_PAYLOAD_BYTES}, as Lambda reports an oversized response. */
export function oversizedResultError(result: unknown): ErrorObject | undefined {
  if (typeof result !== "string" || result.length <= MAX_PAYLOAD_BYTES / 3) return undefined;
  const bytes = Buffer.byteLength(result, "utf8");
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return SERVICE_ERROR_OBJECTS.responseTooLarge(bytes, MAX_PAYLOAD_BYTES, MAX_RESULT_BYTES);
}

/** Throws when a SendDurableExecutionCallbackSuccess Result is over {@link MAX_CALLBACK_RESULT_BYTES}. */
export function checkCallbackResult(bytes: number): void {
  if (bytes > MAX_CALLBACK_RESULT_BYTES) {
    fail(MESSAGES.callbackResultTooLarge(bytes, MAX_CALLBACK_RESULT_BYTES, binarySize(MAX_CALLBACK_RESULT_BYTES)));
  }
}

/** Throws unless `name` is a valid DurableExecutionName (1 to 64 of `a-z A-Z 0-9 - _`). */
export function checkExecutionName(name: unknown): void {
  // The pattern bounds the length too (1..MAX_EXECUTION_NAME_LENGTH).
  if (typeof name !== "string" || !EXECUTION_NAME_PATTERN.test(name)) {
    fail(MESSAGES.executionNameInvalid(MAX_EXECUTION_NAME_LENGTH, describeReceived(name)));
  }
}
