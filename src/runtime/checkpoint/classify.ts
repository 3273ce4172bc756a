/** Classification of checkpoint failures (§5.7): does the failure end the invocation or the execution? */
import {
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  isDurableExecutionClientError,
  type UnrecoverableError,
} from "../../generated/index.js";

const KMS_ERRORS = new Set(["KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException"]);

export function isKmsError(error: unknown): boolean {
  return typeof (error as { name?: unknown })?.name === "string" && KMS_ERRORS.has((error as Error).name);
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** Turns whatever `checkpoint` threw into an execution- or invocation-scoped unrecoverable error. */
export function classifyCheckpointError(error: unknown): UnrecoverableError {
  const cause = error instanceof Error ? error : new Error(String(error));
  const message = `Checkpoint failed: ${cause.message}`;
  if (isDurableExecutionClientError(error) || (error as { isDurableExecutionClientError?: unknown })?.isDurableExecutionClientError === true) {
    return (error as { scope?: string }).scope === "EXECUTION"
      ? new CheckpointUnrecoverableExecutionError(message, cause)
      : new CheckpointUnrecoverableInvocationError(message, cause);
  }
  if (isKmsError(error)) return new CheckpointUnrecoverableExecutionError(message, cause);
  const status = httpStatus(error);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    const invalidToken = cause.name === "InvalidParameterValueException" && cause.message.startsWith("Invalid Checkpoint Token");
    return invalidToken ? new CheckpointUnrecoverableInvocationError(message, cause) : new CheckpointUnrecoverableExecutionError(message, cause);
  }
  return new CheckpointUnrecoverableInvocationError(message, cause);
}
