/**
 * On a skipping clock the service's time runs ahead of real time by what was skipped, while the
 * handler's `Date.now()` stays real. The SDK compares operation timestamps (a wait's
 * ScheduledEndTimestamp, a retry's NextAttemptTimestamp) with `Date.now()` to decide when to poll,
 * so the operations a handler receives carry their timestamps moved back by the skipped time: in
 * the handler's own time base, a wait due in one second is due in one second.
 */
import type { DurableExecutionClient, WireOperation } from "../generated/index.js";

function shiftDate(value: unknown, ms: number): Date | undefined {
  if (value === undefined || value === null) return undefined;
  return new Date(new Date(value as string | number | Date).getTime() - ms);
}

/** Moves the timestamps of `ops` (copies the caller owns) `ms` earlier, in place. */
export function shiftOperationTimes(ops: WireOperation[] | undefined, ms: number): void {
  if (!ops || ms === 0) return;
  for (const op of ops) {
    if (op.StartTimestamp !== undefined) op.StartTimestamp = shiftDate(op.StartTimestamp, ms);
    if (op.EndTimestamp !== undefined) op.EndTimestamp = shiftDate(op.EndTimestamp, ms);
    if (op.WaitDetails?.ScheduledEndTimestamp !== undefined) {
      op.WaitDetails = { ...op.WaitDetails, ScheduledEndTimestamp: shiftDate(op.WaitDetails.ScheduledEndTimestamp, ms) };
    }
    if (op.StepDetails?.NextAttemptTimestamp !== undefined) {
      op.StepDetails = { ...op.StepDetails, NextAttemptTimestamp: shiftDate(op.StepDetails.NextAttemptTimestamp, ms) };
    }
  }
}

/** A client whose responses carry operation timestamps moved `skipped()` ms earlier. */
export function handlerTimeClient(client: DurableExecutionClient, skipped: () => number): DurableExecutionClient {
  return {
    async checkpoint(request, logger) {
      const response = await client.checkpoint(request, logger);
      shiftOperationTimes(response.NewExecutionState?.Operations, skipped());
      return response;
    },
    async getExecutionState(request, logger) {
      const response = await client.getExecutionState(request, logger);
      shiftOperationTimes(response.Operations, skipped());
      return response;
    },
  };
}
