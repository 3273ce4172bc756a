/**
 * The callback API of the local service (SendDurableExecutionCallbackSuccess / Failure / Heartbeat):
 * finding the open CALLBACK operation a callback id names, then completing it or keeping it alive.
 */
import { OperationStatus, OperationType, SERVICE_TRANSITIONS, type ErrorObject } from "../generated/index.js";
import { CallbackTimeoutException, InvalidParameterValueException, ResourceNotFoundException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord, OperationEntry } from "./execution-record.js";
import { applyCallbackOutcome, appliesTo, type CallbackOutcome, type LifecycleHooks } from "./lifecycle.js";
import { checkCallbackResult } from "./service-limits.js";
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
  // Open: in a status the callback API's answer applies in (the schema's callbackSucceeded transition).
  if (!record.isRunning || !appliesTo(SERVICE_TRANSITIONS.callbackSucceeded, entry.op.Status)) {
    const state = record.isRunning ? entry.op.Status : `execution ${record.status}`;
    throw new CallbackTimeoutException(SERVICE_MESSAGES.CallbackTimeoutException.callbackClosed(callbackId, String(state)));
  }
  return { record, entry };
}

/** What the callback desk needs from the store. */
export interface CallbackDeskDeps {
  findByKey(executionKey: string): ExecutionRecord | undefined;
  readonly signer: TokenSigner;
  readonly hooks: LifecycleHooks;
  /** Arms the callback's heartbeat timer, replacing the one before. */
  armHeartbeat(record: ExecutionRecord, entry: OperationEntry, due: number): void;
}

/**
 * Completes, fails or keeps alive the callback an id names. The store runs each call inside one of its
 * transactions; an id that names no open callback throws (see {@link openCallback}).
 */
export class CallbackDesk {
  constructor(private readonly deps: CallbackDeskDeps) {}

  /** The callback succeeded with `result` (UTF-8 text or its bytes, within the Lambda API's size limit; empty counts as none). */
  succeed(callbackId: string, result?: string | Uint8Array): void {
    checkCallbackResult(result === undefined ? 0 : typeof result === "string" ? Buffer.byteLength(result, "utf8") : result.byteLength);
    const text = result === undefined ? undefined : typeof result === "string" ? result : Buffer.from(result).toString("utf8");
    this.complete(callbackId, { status: OperationStatus.SUCCEEDED, result: text === "" ? undefined : text });
  }

  fail(callbackId: string, error?: ErrorObject): void {
    this.complete(callbackId, { status: OperationStatus.FAILED, error });
  }

  /** Restarts the callback's heartbeat timeout, when it has one. */
  heartbeat(callbackId: string): void {
    const { record, entry } = this.open(callbackId);
    const heartbeat = entry.callbackHeartbeatSeconds;
    if (heartbeat !== undefined) this.deps.armHeartbeat(record, entry, this.deps.hooks.now() + heartbeat * 1000);
  }

  private complete(callbackId: string, outcome: CallbackOutcome): void {
    const { record, entry } = this.open(callbackId);
    applyCallbackOutcome(record, entry, outcome, this.deps.hooks);
  }

  private open(callbackId: string): { record: ExecutionRecord; entry: OperationEntry } {
    return openCallback(callbackId, (key) => this.deps.findByKey(key), this.deps.signer);
  }
}
