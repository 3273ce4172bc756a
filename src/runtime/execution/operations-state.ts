/**
 * The SDK's view of the service's operations ("stepData"): wire Id → Operation, loaded at start and
 * refreshed from every checkpoint response. Timestamps are normalised to Date.
 */
import { REPLAYABLE_OPERATION_STATUSES, TERMINAL_OPERATION_STATUSES, type Operation, type WireOperation } from "../../generated/index.js";

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

const needsDate = (value: unknown): boolean => value !== undefined && !(value instanceof Date);

/**
 * Normalises an operation as received (ISO strings or Dates) into one with Date timestamps. An
 * operation whose timestamps are already Dates is used as it is (no copy).
 */
export function normaliseOperation(op: WireOperation): Operation {
  if (
    !needsDate(op.StartTimestamp) &&
    !needsDate(op.EndTimestamp) &&
    !needsDate(op.StepDetails?.NextAttemptTimestamp) &&
    !needsDate(op.WaitDetails?.ScheduledEndTimestamp)
  )
    return op as Operation;
  const out = { ...op } as Operation;
  if (op.StartTimestamp !== undefined) out.StartTimestamp = toDate(op.StartTimestamp);
  if (op.EndTimestamp !== undefined) out.EndTimestamp = toDate(op.EndTimestamp);
  if (op.StepDetails?.NextAttemptTimestamp !== undefined)
    out.StepDetails = { ...op.StepDetails, NextAttemptTimestamp: toDate(op.StepDetails.NextAttemptTimestamp) };
  if (op.WaitDetails?.ScheduledEndTimestamp !== undefined)
    out.WaitDetails = { ...op.WaitDetails, ScheduledEndTimestamp: toDate(op.WaitDetails.ScheduledEndTimestamp) };
  return out;
}

/** The schema's terminal statuses (schema/transitions.yaml). */
export const TERMINAL_STATUSES: ReadonlySet<string> = TERMINAL_OPERATION_STATUSES;

/** SUCCEEDED or FAILED (schema/transitions.yaml): a finished result that replay can return. */
export const isCompleted = (op: Operation | undefined): boolean => op?.Status !== undefined && REPLAYABLE_OPERATION_STATUSES.has(op.Status);
