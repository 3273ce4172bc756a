/**
 * Idempotency of CheckpointDurableExecution by ClientToken: the execution remembers its last
 * checkpoint (ClientToken, what was asked, what was answered). A retry of that checkpoint gets the
 * same answer again — also after its token was used or the execution finished — so a checkpoint
 * applied whose response was lost can be retried safely; the same ClientToken with another request
 * is a ResourceConflictException (409).
 */
import { MAX_CLIENT_TOKEN_LENGTH, type CheckpointDurableExecutionRequest, type CheckpointDurableExecutionResponse } from "../generated/index.js";
import { InvalidParameterValueException, ResourceConflictException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord } from "./execution-record.js";

/** What makes two checkpoint requests the same request (the ClientToken aside). */
function checkpointFingerprint(request: CheckpointDurableExecutionRequest): string {
  return JSON.stringify([request.CheckpointToken, request.Updates ?? []]);
}

/** The request's ClientToken after validation (undefined when left out). */
export function clientTokenOf(request: CheckpointDurableExecutionRequest | undefined): string | undefined {
  const clientToken = request?.ClientToken;
  if (clientToken !== undefined && (typeof clientToken !== "string" || clientToken.length === 0 || clientToken.length > MAX_CLIENT_TOKEN_LENGTH)) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.clientTokenInvalid(MAX_CLIENT_TOKEN_LENGTH));
  }
  return clientToken;
}

/**
 * The earlier answer when `request` retries the execution's last checkpoint; undefined when it is a
 * new request. Throws ResourceConflictException when the ClientToken was used for another request.
 */
export function replayedCheckpoint(
  record: ExecutionRecord | undefined,
  clientToken: string | undefined,
  request: CheckpointDurableExecutionRequest,
): CheckpointDurableExecutionResponse | undefined {
  const last = clientToken === undefined ? undefined : record?.lastCheckpoint;
  if (!last || last.clientToken !== clientToken) return undefined;
  if (last.request !== checkpointFingerprint(request)) {
    throw new ResourceConflictException(SERVICE_MESSAGES.ResourceConflictException.clientTokenReused(JSON.stringify(clientToken)));
  }
  return structuredClone(last.response);
}

/** Remembers the answer to a checkpoint sent with a ClientToken, for its retries. */
export function rememberCheckpoint(
  record: ExecutionRecord,
  clientToken: string,
  request: CheckpointDurableExecutionRequest,
  response: CheckpointDurableExecutionResponse,
): void {
  record.lastCheckpoint = { clientToken, request: checkpointFingerprint(request), response: structuredClone(response) };
}
