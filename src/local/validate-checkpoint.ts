/**
 * Validation of a CheckpointDurableExecution batch (local-service spec §1.4). The whole batch is
 * checked before anything is applied, simulating the status each update leaves behind so that e.g.
 * a STEP START followed by SUCCEED in one batch is judged correctly. Every violation throws
 * `InvalidParameterValueException` whose message names the broken rule.
 */
import {
  OperationAction,
  OperationStatus,
  OperationType,
  OperationTypeValidActions,
  operationTransition,
  type OperationTransition,
  type OperationUpdate,
} from "../generated/index.js";
import { InvalidParameterValueException } from "./errors.js";
import type { ExecutionRecord } from "./execution-record.js";
import { checkUpdateLimits } from "./service-limits.js";

/** Largest serialized update (in bytes) that may carry an Error. */
export const MAX_ERROR_UPDATE_BYTES = 32768;

/** Valid actions per operation type: a schema fact (schema/enums.yaml, OperationType relation). */
const VALID_ACTIONS: Readonly<Record<OperationType, readonly OperationAction[]>> = OperationTypeValidActions;

const KNOWN_ACTIONS = new Set<string>(Object.values(OperationAction));

interface BatchState {
  type: OperationType;
  /** Status after the updates seen so far; undefined = the operation does not exist yet. */
  status: OperationStatus | undefined;
  count: number;
  firstAction: OperationAction;
}

function fail(message: string): never {
  throw new InvalidParameterValueException(message);
}

function describe(status: OperationStatus | undefined): string {
  return status === undefined ? "new" : status;
}

/** The schema's transition row (schema/transitions.yaml): the current status must be one it accepts. */
function requireStatus(update: OperationUpdate, status: OperationStatus | undefined, transition: OperationTransition): void {
  if (transition.from === "any") return;
  if (!transition.from.includes(status ?? "new")) {
    fail(`${transition.rule}: operation ${update.Id} is ${describe(status)}; ${update.Action} on a ${update.Type} requires ${transition.from.join(", ")}`);
  }
}

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function checkOptionalDuration(value: unknown, field: string, id: string): void {
  if (value !== undefined && value !== null && !isNonNegativeNumber(value)) {
    fail(`Invalid ${field}: operation ${id} must give a non-negative number of seconds`);
  }
}

function checkPayloadRules(update: OperationUpdate): void {
  const hasPayload = update.Payload !== undefined && update.Payload !== null;
  const hasError = update.Error !== undefined && update.Error !== null;
  if (update.Action === OperationAction.FAIL && hasPayload) {
    fail(`A FAIL update must not carry a Payload (operation ${update.Id})`);
  }
  if (update.Action === OperationAction.SUCCEED && hasError) {
    fail(`A SUCCEED update must not carry an Error (operation ${update.Id})`);
  }
  if (update.Action === OperationAction.RETRY && hasPayload && hasError) {
    fail(`A RETRY update must not carry both an Error and a Payload (operation ${update.Id})`);
  }
  if (hasError && Buffer.byteLength(JSON.stringify(update), "utf8") > MAX_ERROR_UPDATE_BYTES) {
    fail(`An update carrying an Error must not exceed ${MAX_ERROR_UPDATE_BYTES} bytes when serialized (operation ${update.Id})`);
  }
}

function checkTransition(update: OperationUpdate, status: OperationStatus | undefined, transition: OperationTransition): void {
  requireStatus(update, status, transition);
  // The options each kind of update must carry (the status rules above are the schema's).
  if (update.Type === OperationType.STEP && update.Action === OperationAction.RETRY) {
    if (!update.StepOptions) fail(`A STEP RETRY update requires StepOptions (operation ${update.Id})`);
    checkOptionalDuration(update.StepOptions.NextAttemptDelaySeconds, "StepOptions.NextAttemptDelaySeconds", update.Id!);
  }
  const startsTimerOrTarget = update.Type === OperationType.WAIT || update.Type === OperationType.CALLBACK || update.Type === OperationType.CHAINED_INVOKE;
  if (startsTimerOrTarget && update.Action === OperationAction.START) checkStartOptions(update);
}

function checkStartOptions(update: OperationUpdate): void {
  if (update.Type === OperationType.WAIT) {
    if (!isNonNegativeNumber(update.WaitOptions?.WaitSeconds)) {
      fail(`A WAIT START update requires WaitOptions.WaitSeconds, a non-negative number (operation ${update.Id})`);
    }
  } else if (update.Type === OperationType.CALLBACK) {
    checkOptionalDuration(update.CallbackOptions?.TimeoutSeconds, "CallbackOptions.TimeoutSeconds", update.Id!);
    checkOptionalDuration(update.CallbackOptions?.HeartbeatTimeoutSeconds, "CallbackOptions.HeartbeatTimeoutSeconds", update.Id!);
  } else if (update.Type === OperationType.CHAINED_INVOKE) {
    const fn = update.ChainedInvokeOptions?.FunctionName;
    if (typeof fn !== "string" || fn.length === 0) {
      fail(`A CHAINED_INVOKE START update requires ChainedInvokeOptions.FunctionName (operation ${update.Id})`);
    }
  }
}

/** Throws InvalidParameterValueException at the first broken rule; returns normally if the batch is valid. */
export function validateUpdates(record: ExecutionRecord, updates: readonly OperationUpdate[]): void {
  checkUpdateLimits(updates);
  let executionUpdates = 0;
  for (const update of updates) if (update?.Type === OperationType.EXECUTION) executionUpdates++;
  if (executionUpdates > 1) fail("At most one EXECUTION update is allowed per checkpoint");

  const batch = new Map<string, BatchState>();
  updates.forEach((update, index) => {
    if (typeof update !== "object" || update === null) fail(`Update #${index} is not an object`);
    const id = update.Id as string | undefined;
    if (typeof id !== "string" || id.length === 0) fail(`Every update needs an Id (update #${index} has none)`);
    const type = update.Type as OperationType | undefined;
    if (type === undefined || !(type in VALID_ACTIONS)) {
      fail(`Update ${id} needs a valid Type (got ${String(type)})`);
    }
    const action = update.Action as OperationAction | undefined;
    if (action === undefined || !KNOWN_ACTIONS.has(action)) {
      fail(`Update ${id} needs a valid Action (got ${String(action)})`);
    }
    if (!VALID_ACTIONS[type].includes(action)) {
      fail(`Invalid ${type} action: ${action} is not allowed (allowed: ${VALID_ACTIONS[type].join(", ")})`);
    }
    if (type === OperationType.EXECUTION && index !== updates.length - 1) {
      fail("The EXECUTION update must be the last update of the checkpoint");
    }

    const existing = type === OperationType.EXECUTION ? undefined : record.get(id);
    const seen = batch.get(id);
    const knownType = seen?.type ?? existing?.op.Type;
    if (knownType !== undefined && knownType !== type) {
      fail(`Update ${id} has Type ${type} but operation ${id} is a ${knownType}`);
    }
    if (seen) {
      const allowed =
        seen.count === 1 &&
        seen.firstAction === OperationAction.START &&
        action !== OperationAction.START &&
        (type === OperationType.STEP || type === OperationType.CONTEXT);
      if (!allowed) {
        fail(
          `Operation ${id} appears more than once in the checkpoint; only a START followed by one non-START update of a STEP or CONTEXT may share an Id`,
        );
      }
    }

    const parentId = update.ParentId as string | undefined | null;
    if (parentId !== undefined && parentId !== null) {
      const parentInBatch = batch.get(parentId);
      const parentExisting = record.get(parentId);
      const parentOk =
        parentExisting?.op.Type === OperationType.CONTEXT ||
        (parentInBatch?.type === OperationType.CONTEXT && parentInBatch.firstAction === OperationAction.START);
      if (!parentOk) {
        fail(
          `ParentId ${parentId} of operation ${id} must reference an existing CONTEXT operation or a CONTEXT started earlier in the same checkpoint`,
        );
      }
    }

    checkPayloadRules(update);
    const status = seen ? seen.status : existing?.op.Status;
    // Present: the action is among the type's valid actions, checked above.
    const transition = operationTransition(type, action)!;
    checkTransition(update, status, transition);

    batch.set(id, {
      type,
      status: transition.to,
      count: (seen?.count ?? 0) + 1,
      firstAction: seen?.firstAction ?? action,
    });
  });
}
