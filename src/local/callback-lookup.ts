/** Finding the open CALLBACK operation a callback id names (SendDurableExecutionCallback*). */
import { OperationStatus, OperationType } from "../generated/index.js";
import { CallbackTimeoutException, InvalidParameterValueException, ResourceNotFoundException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord, OperationEntry } from "./execution-record.js";
import { decodeCallbackId } from "./tokens.js";
import type { TokenSigner } from "./token-signer.js";

/**
 * The execution and operation of an open callback. Throws InvalidParameterValueException for a
 * missing id, ResourceNotFoundException for an id this service did not mint (or whose operation is
 * gone), CallbackTimeoutException when the callback or its execution already ended.
 */
export function openCallback(
  callbackId: unknown,
  findByKey: (executionKey: string) => ExecutionRecord | undefined,
  signer: TokenSigner,
): { record: ExecutionRecord; entry: OperationEntry } {
  if (typeof callbackId !== "string" || callbackId.length === 0) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.callbackIdRequired());
  }
  const data = decodeCallbackId(signer, callbackId);
  const record = data && findByKey(data.executionKey);
  const entry = data && record?.get(data.operationId);
  if (!record || !entry || entry.op.Type !== OperationType.CALLBACK || entry.op.CallbackDetails?.CallbackId !== callbackId) {
    throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.callbackNotFound(callbackId));
  }
  if (!record.isRunning || entry.op.Status !== OperationStatus.STARTED) {
    const state = record.isRunning ? entry.op.Status : `execution ${record.status}`;
    throw new CallbackTimeoutException(SERVICE_MESSAGES.CallbackTimeoutException.callbackClosed(callbackId, String(state)));
  }
  return { record, entry };
}
