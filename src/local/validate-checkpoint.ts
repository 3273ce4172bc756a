/**
 * Validation of a CheckpointDurableExecution batch (see docs/guide/internals-local-service.md#checkpoint-validation). The whole batch is
 * checked before anything is applied, simulating the status each update leaves behind so that e.g.
 * a STEP START followed by SUCCEED in one batch is judged correctly. Every violation throws
 * `InvalidParameterValueException` whose message names the broken rule.
 */
import {
  MAX_ERROR_UPDATE_BYTES,
  OPERATION_TRANSITIONS,
  ERROR_FORBIDDEN_ACTIONS,
  OperationAction,
  OperationStatus,
  OperationType,
  OperationTypeValidActions,
  operationTransition,
  OUTSIDE_COMPLETED_OPERATION_TYPES,
  PAYLOAD_FORBIDDEN_ACTIONS,
  PAYLOAD_OR_ERROR_ACTIONS,
  type OperationTransition,
  type OperationUpdate,
} from "../generated/index.js";
import { InvalidParameterValueException, SERVICE_MESSAGES } from "./errors.js";

const MESSAGES = SERVICE_MESSAGES.InvalidParameterValueException;
import type { ExecutionRecord } from "./execution-record.js";
import { checkUpdateLimits } from "./service-limits.js";

/** Valid actions per operation type: a schema fact (schema/enums.yaml, OperationType relation). */
const VALID_ACTIONS: Readonly<Record<OperationType, readonly OperationAction[]>> = OperationTypeValidActions;

const KNOWN_ACTIONS = new Set<string>(Object.values(OperationAction));

/** The types with an update that may follow a START in one batch, for the message: "STEP or CONTEXT". */
const FOLLOWS_START_TYPES = Object.entries(OPERATION_TRANSITIONS)
  .filter(([, rows]) => Object.values(rows).some((row: OperationTransition) => row.afterStartInBatch))
  .map(([type]) => type)
  .join(" or ");

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
    fail(MESSAGES.transitionNotAllowed(transition.rule, String(update.Id), describe(status), String(update.Action), String(update.Type), transition.from.join(", ")));
  }
}

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function checkOptionalDuration(value: unknown, field: string, id: string): void {
  if (value !== undefined && value !== null && !isNonNegativeNumber(value)) {
    fail(MESSAGES.negativeSeconds(field, id));
  }
}

function checkPayloadRules(update: OperationUpdate): void {
  const hasPayload = update.Payload !== undefined && update.Payload !== null;
  const hasError = update.Error !== undefined && update.Error !== null;
  // What an action's update may carry is a flag of its OperationAction value (enums.yaml).
  const action = update.Action as OperationAction;
  if (hasPayload && PAYLOAD_FORBIDDEN_ACTIONS.has(action)) fail(MESSAGES.payloadForbidden(action, String(update.Id)));
  if (hasError && ERROR_FORBIDDEN_ACTIONS.has(action)) fail(MESSAGES.errorForbidden(action, String(update.Id)));
  if (hasPayload && hasError && PAYLOAD_OR_ERROR_ACTIONS.has(action)) fail(MESSAGES.payloadAndError(action, String(update.Id)));
  if (hasError && Buffer.byteLength(JSON.stringify(update), "utf8") > MAX_ERROR_UPDATE_BYTES) {
    fail(MESSAGES.errorUpdateTooLarge(MAX_ERROR_UPDATE_BYTES, String(update.Id)));
  }
}

function checkTransition(update: OperationUpdate, status: OperationStatus | undefined, transition: OperationTransition): void {
  requireStatus(update, status, transition);
  // The options each kind of update must carry (the status rules above are the schema's).
  if (update.Type === OperationType.STEP && update.Action === OperationAction.RETRY) {
    if (!update.StepOptions) fail(MESSAGES.stepRetryWithoutOptions(String(update.Id)));
    checkOptionalDuration(update.StepOptions.NextAttemptDelaySeconds, "StepOptions.NextAttemptDelaySeconds", update.Id!);
  }
  // The types completed from outside the handler start a timer or a target, so their START carries options.
  if (update.Action === OperationAction.START && OUTSIDE_COMPLETED_OPERATION_TYPES.has(update.Type!)) checkStartOptions(update);
}

function checkStartOptions(update: OperationUpdate): void {
  if (update.Type === OperationType.WAIT) {
    if (!isNonNegativeNumber(update.WaitOptions?.WaitSeconds)) {
      fail(MESSAGES.waitStartWithoutSeconds(String(update.Id)));
    }
  } else if (update.Type === OperationType.CALLBACK) {
    checkOptionalDuration(update.CallbackOptions?.TimeoutSeconds, "CallbackOptions.TimeoutSeconds", update.Id!);
    checkOptionalDuration(update.CallbackOptions?.HeartbeatTimeoutSeconds, "CallbackOptions.HeartbeatTimeoutSeconds", update.Id!);
  } else if (update.Type === OperationType.CHAINED_INVOKE) {
    const fn = update.ChainedInvokeOptions?.FunctionName;
    if (typeof fn !== "string" || fn.length === 0) {
      fail(MESSAGES.invokeStartWithoutFunction(String(update.Id)));
    }
  }
}

/** Throws InvalidParameterValueException at the first broken rule; returns normally if the batch is valid. */
export function validateUpdates(record: ExecutionRecord, updates: readonly OperationUpdate[]): void {
  checkUpdateLimits(updates);
  let executionUpdates = 0;
  for (const update of updates) if (update?.Type === OperationType.EXECUTION) executionUpdates++;
  if (executionUpdates > 1) fail(MESSAGES.executionUpdateTwice());

  const batch = new Map<string, BatchState>();
  updates.forEach((update, index) => {
    if (typeof update !== "object" || update === null) fail(MESSAGES.updateNotObject(index));
    const id = update.Id as string | undefined;
    if (typeof id !== "string" || id.length === 0) fail(MESSAGES.updateWithoutId(index));
    const type = update.Type as OperationType | undefined;
    if (type === undefined || !(type in VALID_ACTIONS)) {
      fail(MESSAGES.updateInvalidType(id, String(type)));
    }
    const action = update.Action as OperationAction | undefined;
    if (action === undefined || !KNOWN_ACTIONS.has(action)) {
      fail(MESSAGES.updateInvalidAction(id, String(action)));
    }
    if (!VALID_ACTIONS[type].includes(action)) {
      fail(MESSAGES.actionNotAllowed(type, action, VALID_ACTIONS[type].join(", ")));
    }
    if (type === OperationType.EXECUTION && index !== updates.length - 1) {
      fail(MESSAGES.executionUpdateNotLast());
    }

    const existing = type === OperationType.EXECUTION ? undefined : record.get(id);
    const seen = batch.get(id);
    const knownType = seen?.type ?? existing?.op.Type;
    if (knownType !== undefined && knownType !== type) {
      fail(MESSAGES.typeMismatch(id, type, knownType));
    }
    // Present: the action is among the type's valid actions, checked above.
    const transition = operationTransition(type, action)!;
    // An Id appears once per batch, or twice as a START and an update whose row allows following it.
    if (seen && !(seen.count === 1 && seen.firstAction === OperationAction.START && transition.afterStartInBatch)) {
      fail(MESSAGES.duplicateUpdate(id, FOLLOWS_START_TYPES));
    }

    const parentId = update.ParentId as string | undefined | null;
    if (parentId !== undefined && parentId !== null) {
      const parentInBatch = batch.get(parentId);
      const parentExisting = record.get(parentId);
      const parentOk =
        parentExisting?.op.Type === OperationType.CONTEXT ||
        (parentInBatch?.type === OperationType.CONTEXT && parentInBatch.firstAction === OperationAction.START);
      if (!parentOk) {
        fail(MESSAGES.parentNotContext(parentId, id));
      }
    }

    checkPayloadRules(update);
    const status = seen ? seen.status : existing?.op.Status;
    checkTransition(update, status, transition);

    batch.set(id, {
      type,
      status: transition.to,
      count: (seen?.count ?? 0) + 1,
      firstAction: seen?.firstAction ?? action,
    });
  });
}
