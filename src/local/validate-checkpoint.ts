/**
 * Validation of a CheckpointDurableExecution batch (see docs/guide/internals-local-service.md#checkpoint-validation). The whole batch is
 * checked before anything is applied, simulating the status each update leaves behind so that e.g.
 * a STEP START followed by SUCCEED in one batch is judged correctly. Every violation throws
 * `InvalidParameterValueException` whose message names the broken rule.
 */
import {
  MAX_ERROR_UPDATE_BYTES,
  LAST_IN_CHECKPOINT_OPERATION_TYPES,
  OPERATION_START_ACTION,
  OPERATION_TRANSITIONS,
  ERROR_FORBIDDEN_ACTIONS,
  OperationAction,
  OperationStatus,
  NO_STORED_OPERATION_TYPES,
  OperationType,
  OperationTypeValidActions,
  operationTransition,
  PARENT_OPERATION_TYPES,
  PAYLOAD_FORBIDDEN_ACTIONS,
  PAYLOAD_OR_ERROR_ACTIONS,
  type OperationTransition,
  type OperationUpdate,
  type UpdateOptionCheck,
  type UpdateOptionsRule,
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

/** Whether a present value of an options field is acceptable: the check's type, at least its `min` (value or length). */
function acceptable(value: unknown, check: UpdateOptionCheck): boolean {
  if (check.type === "number") return typeof value === "number" && Number.isFinite(value) && (check.min === undefined || value >= check.min);
  return typeof value === "string" && (check.min === undefined || value.length >= check.min);
}

/**
 * The options the row's update carries (transitions.yaml `options`): the options object when `required`,
 * then each checked field in order. A `required` field must be there and acceptable; an `invalid` one may be
 * left out (undefined or null) but not be wrong.
 */
function checkOptions(update: OperationUpdate, rule: UpdateOptionsRule): void {
  const id = String(update.Id);
  const options = update[rule.field] as Readonly<Record<string, unknown>> | null | undefined;
  if (!options && rule.required !== undefined) fail(MESSAGES[rule.required](id));
  for (const check of rule.checks) {
    const value = options?.[check.field];
    const missing = value === undefined || value === null;
    if (check.required !== undefined) {
      if (missing || !acceptable(value, check)) fail(MESSAGES[check.required](id));
    } else if (!missing && !acceptable(value, check)) {
      fail(MESSAGES[check.invalid!](`${rule.field}.${check.field}`, id));
    }
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
  // The options the update must carry, and their fields' bounds, are the row's (schema/transitions.yaml).
  if (transition.options) checkOptions(update, transition.options);
}

/** Throws InvalidParameterValueException at the first broken rule; returns normally if the batch is valid. */
export function validateUpdates(record: ExecutionRecord, updates: readonly OperationUpdate[]): void {
  checkUpdateLimits(updates);
  // An update of a type flagged lastInCheckpoint (enums.yaml: EXECUTION) comes once, last.
  let lastUpdates = 0;
  for (const update of updates) if (LAST_IN_CHECKPOINT_OPERATION_TYPES.has(update?.Type!)) lastUpdates++;
  if (lastUpdates > 1) fail(MESSAGES.executionUpdateTwice());

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
    if (LAST_IN_CHECKPOINT_OPERATION_TYPES.has(type) && index !== updates.length - 1) {
      fail(MESSAGES.executionUpdateNotLast());
    }

    // An update of a type flagged noStoredOperation (enums.yaml: EXECUTION) refers to no stored operation.
    const existing = NO_STORED_OPERATION_TYPES.has(type) ? undefined : record.get(id);
    const seen = batch.get(id);
    const knownType = seen?.type ?? existing?.op.Type;
    if (knownType !== undefined && knownType !== type) {
      fail(MESSAGES.typeMismatch(id, type, knownType));
    }
    // Present: the action is among the type's valid actions, checked above.
    const transition = operationTransition(type, action)!;
    // An Id appears once per batch, or twice as its start (transitions.yaml startAction) and an update whose
    // row allows following it.
    if (seen && !(seen.count === 1 && seen.firstAction === OPERATION_START_ACTION && transition.afterStartInBatch)) {
      fail(MESSAGES.duplicateUpdate(id, FOLLOWS_START_TYPES));
    }

    const parentId = update.ParentId as string | undefined | null;
    if (parentId !== undefined && parentId !== null) {
      const parentInBatch = batch.get(parentId);
      const parentExisting = record.get(parentId);
      // A parent is of a type flagged `parent` (enums.yaml: CONTEXT), existing or started earlier in this batch
      // (its first update there was the start action, transitions.yaml startAction).
      const parentOk =
        (parentExisting?.op.Type !== undefined && PARENT_OPERATION_TYPES.has(parentExisting.op.Type)) ||
        (parentInBatch !== undefined && PARENT_OPERATION_TYPES.has(parentInBatch.type) && parentInBatch.firstAction === OPERATION_START_ACTION);
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
