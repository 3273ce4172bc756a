/**
 * Rebuilding a batch whose result was too large to store (see docs/guide/internals-operations.md#runinchildcontext, ReplayChildren): the batch
 * context runs in ReplaySucceededContext mode and walks the items in index order. Items the stored
 * summary marks finished (`S`/`F`) are re-driven so their child contexts return their stored outcome;
 * the others are skipped, still consuming their id slot so later items keep their ids.
 */
import { BatchItemStatus } from "../../../generated/index.js";
import type { BatchItem, Operation } from "../../../generated/index.js";
import type { InternalContext } from "../../context/internal-context.js";
import { isCompleted } from "../../execution/operations-state.js";
import { makeRawId, toWireId } from "../../ids.js";
import type { CheckpointManager } from "../../checkpoint/checkpoint-manager.js";
import { asChildContextError, BatchResultImpl } from "./batch-result.js";
import { readRecordedBatch } from "./summary.js";
import { completionStatus, startItem, type BatchPlan } from "./scheduler.js";

/**
 * For a FLAT item (no context record) without recorded statuses: finished when it has checkpointed
 * operations and all of them are terminal. Ids inside a context are contiguous, so the walk stops at
 * the first gap.
 */
function virtualItemFinished(cm: CheckpointManager, itemRawId: string): boolean {
  let found = false;
  for (let n = 1; ; n++) {
    const op = cm.getOperation(toWireId(makeRawId(itemRawId, n)));
    if (!op) return found;
    if (!isCompleted(op)) return false;
    found = true;
  }
}

function itemFinished(cm: CheckpointManager, marks: string | undefined, index: number, itemRawId: string): boolean {
  const record: Operation | undefined = cm.getOperation(toWireId(itemRawId));
  if (marks !== undefined) {
    const mark = marks[index];
    // A finished mark is only honoured when the item's own record agrees: re-driving an unfinished
    // record in this mode would never settle.
    return (mark === "S" || mark === "F") && (!record || isCompleted(record));
  }
  if (record) return isCompleted(record);
  return virtualItemFinished(cm, itemRawId);
}

/** Rebuilds the batch result from the items' checkpoints, using the stored summary. */
export async function replayBatch(
  batch: InternalContext,
  batchRawId: string,
  storedPayload: string | undefined,
  plan: BatchPlan,
): Promise<BatchResultImpl<unknown>> {
  const cm = batch.env.checkpoints;
  const recorded = readRecordedBatch(storedPayload);
  const rebuilt: BatchItem<unknown>[] = [];
  const counts = { success: 0, failure: 0 };
  for (const item of plan.items) {
    const itemRawId = makeRawId(batchRawId, item.index + 1);
    if (!itemFinished(cm, recorded.itemStatuses, item.index, itemRawId)) {
      batch.counter++;
      continue;
    }
    try {
      const result = await startItem(batch, plan, item);
      rebuilt.push({ result, index: item.index, status: BatchItemStatus.SUCCEEDED });
      counts.success++;
    } catch (error) {
      rebuilt.push({ error: asChildContextError(error), index: item.index, status: BatchItemStatus.FAILED });
      counts.failure++;
    }
  }
  const byIndex = new Map(rebuilt.map((item) => [item.index, item.status]));
  const reason = recorded.completionReason ?? plan.policy.reason(completionStatus(plan, counts, (index) => byIndex.get(index)));
  return new BatchResultImpl(rebuilt, reason);
}
