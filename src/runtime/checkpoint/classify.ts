/** Classification of checkpoint failures (see docs/guide/internals-replay.md#checkpoint-failures): does the failure end the invocation or the execution? */
import {
  CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS,
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
  messageTerminationCheckpointFailed,
  type UnrecoverableError,
} from "../../generated/index.js";
import { INVALID_CHECKPOINT_TOKEN_PREFIX, INVALID_PARAMETER_VALUE_ERROR_TYPE } from "../../generated/service-errors.js";
import { thrownText } from "../text.js";

/** A failed service call that ends the execution whatever its HTTP status: the schema's serviceErrorNames of CheckpointUnrecoverableExecutionError (the KMS key errors today). */
export function isExecutionEndingServiceError(error: unknown): boolean {
  return typeof (error as { name?: unknown })?.name === "string" && CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS.has((error as Error).name);
}

/** The HTTP status a failed call's error carries (`$metadata.httpStatusCode`, as the AWS SDK sets it), if any. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * Whether a call that failed with this HTTP status may succeed when sent again: 429 (throttled) and
 * every 5xx. Any other 4xx is the request's own fault. The one rule behind both retrying a call
 * (checkpoint-retry.ts) and deciding whether a checkpoint failure ends the execution (below).
 */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const INVALID_TOKEN = INVALID_CHECKPOINT_TOKEN_PREFIX.toLowerCase();
const INVALID_PARAMETER_CODE = INVALID_PARAMETER_VALUE_ERROR_TYPE.toLowerCase();

/**
 * The error code of a failed call: `name` (AWS SDK), `code` / `Code` / `__type` (other clients and
 * raw JSON bodies), without a namespace prefix such as `com.amazonaws.lambda#`, in lower case.
 */
function errorCode(error: unknown): string | undefined {
  const e = error as { name?: unknown; code?: unknown; Code?: unknown; __type?: unknown } | null | undefined;
  const code = [e?.name, e?.code, e?.Code, e?.__type].find((value) => typeof value === "string" && value !== "" && value !== "Error");
  return typeof code === "string" ? code.slice(code.lastIndexOf("#") + 1).toLowerCase() : undefined;
}

/**
 * A refused checkpoint token (the invocation ends, the next one gets a fresh token): an
 * InvalidParameterValueException — recognised by its error code in any letter case, with or without
 * a namespace prefix — whose message starts with the schema's INVALID_CHECKPOINT_TOKEN_PREFIX in any
 * letter case (AWS writes "Invalid Checkpoint Token", the local services "Invalid checkpoint token").
 */
export function isInvalidTokenError(error: unknown): boolean {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return errorCode(error) === INVALID_PARAMETER_CODE && typeof message === "string" && message.trimStart().toLowerCase().startsWith(INVALID_TOKEN);
}

/** Turns whatever `checkpoint` threw into an execution- or invocation-scoped unrecoverable error. */
export function classifyCheckpointError(error: unknown): UnrecoverableError {
  const cause = error instanceof Error ? error : new Error(thrownText(error));
  const message = messageTerminationCheckpointFailed(cause.message);
  if (isDurableExecutionClientError(error) || (error as { isDurableExecutionClientError?: unknown })?.isDurableExecutionClientError === true) {
    return (error as { scope?: string }).scope === DurableExecutionClientErrorScope.EXECUTION
      ? new CheckpointUnrecoverableExecutionError(message, cause)
      : new CheckpointUnrecoverableInvocationError(message, cause);
  }
  if (isExecutionEndingServiceError(error)) return new CheckpointUnrecoverableExecutionError(message, cause);
  const status = httpStatus(error);
  if (status !== undefined && status >= 400 && !isRetryableHttpStatus(status)) {
    return isInvalidTokenError(error)
      ? new CheckpointUnrecoverableInvocationError(message, cause)
      : new CheckpointUnrecoverableExecutionError(message, cause);
  }
  return new CheckpointUnrecoverableInvocationError(message, cause);
}
