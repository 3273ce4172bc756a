/**
 * Builds the information objects plugins receive from the SDK's view of an operation (the service's
 * `Operation`, timestamps already Dates). Types, subtypes and statuses are the wire values (schema
 * enums); nothing is restated here.
 */
import { errorFromErrorObject, type Operation } from "../../generated/index.js";
import type { AttemptEndInfo, AttemptEndInfoOutcome, AttemptInfo, OperationInfo } from "./types.js";
import { thrownText } from "../text.js";

/** What an operation handler knows about its operation before the service has stored anything. */
export interface OperationIdentity {
  id: string;
  name: string | undefined;
  type: string;
  subType: string | undefined;
  parentId: string | undefined;
}

/** The operation as plugins see it (isReplay false; callers set it). Missing fields are filled from `identity`. */
export function toOperationInfo(operation: Operation | undefined, identity?: OperationIdentity): OperationInfo {
  const errorObject =
    operation?.StepDetails?.Error ?? operation?.CallbackDetails?.Error ?? operation?.ContextDetails?.Error ?? operation?.ChainedInvokeDetails?.Error;
  const info: OperationInfo = {
    id: operation?.Id ?? "",
    name: operation?.Name,
    type: operation?.Type ?? "",
    subType: operation?.SubType,
    parentId: operation?.ParentId,
    status: operation?.Status,
    startTimestamp: operation?.StartTimestamp,
    endTimestamp: operation?.EndTimestamp,
    result:
      operation?.StepDetails?.Result ?? operation?.CallbackDetails?.Result ?? operation?.ContextDetails?.Result ?? operation?.ChainedInvokeDetails?.Result,
    error: errorObject ? errorFromErrorObject(errorObject) : undefined,
    attempt: operation?.StepDetails?.Attempt,
    isReplay: false,
  };
  if (identity) {
    if (!info.id) info.id = identity.id;
    if (!info.type) info.type = identity.type;
    if (!info.subType) info.subType = identity.subType;
    // The identity's name wins over a missing stored one (waitForCallback's plugin-only names).
    if (!info.name) info.name = identity.name;
    if (!info.parentId) info.parentId = identity.parentId;
  }
  return info;
}

/** Every operation, by wire id. */
export function toOperationInfoMap(operations: Iterable<Operation> | ReadonlyMap<string, Operation>): Record<string, OperationInfo> {
  const out: Record<string, OperationInfo> = {};
  const values = operations instanceof Map ? operations.values() : (operations as Iterable<Operation>);
  for (const op of values) if (op.Id) out[op.Id] = toOperationInfo(op);
  return out;
}

/**
 * Gives `info` an `operations` property holding every operation (by wire id) as of now, built only if a
 * plugin reads it: per checkpoint, building the map of all operations for a plugin that never looks
 * would cost O(operations) each time. The snapshot is taken now (the manager replaces, never mutates,
 * its Operation objects); the property reads and writes like a plain one.
 */
export function withLazyOperations<T extends object>(info: T, operations: ReadonlyMap<string, Operation>): T & { operations: Record<string, OperationInfo> } {
  const snapshot = [...operations.values()];
  const settle = (value: Record<string, OperationInfo>) => {
    Object.defineProperty(info, "operations", { value, enumerable: true, writable: true, configurable: true });
    return value;
  };
  Object.defineProperty(info, "operations", {
    enumerable: true,
    configurable: true,
    get: () => settle(toOperationInfoMap(snapshot)),
    set: (value: Record<string, OperationInfo>) => void settle(value),
  });
  return info as T & { operations: Record<string, OperationInfo> };
}

export function toAttemptInfo(operation: Operation | undefined, identity: OperationIdentity, attempt: number): AttemptInfo {
  return { ...toOperationInfo(operation, identity), attempt };
}

export function toAttemptEndInfo(
  operation: Operation | undefined,
  identity: OperationIdentity,
  attempt: number,
  outcome: AttemptEndInfoOutcome,
  error?: Error,
): AttemptEndInfo {
  return { ...toOperationInfo(operation, identity), attempt, outcome, error };
}

/** An Error for anything thrown. */
export const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(thrownText(error)));
