/**
 * Runs the items of a batch (see docs/guide/internals-operations.md#map-and-parallel): each item is a child context of the batch context,
 * started in index order while fewer than `maxConcurrency` run and the completion policy allows it.
 * Item failures are results, never rejections. When the policy completes the batch, items still
 * running stay STARTED and the batch is marked finished so their later checkpoints are dropped.
 */
import { BatchItemStatus } from "../../../generated/index.js";
import type {
  OperationSubType,
  BatchItem,
  CompletionItemStatus,
  CompletionStatus,
  DurableContext,
  Serdes,
} from "../../../generated/index.js";
import type { InternalContext } from "../../context/internal-context.js";
import type { DurablePromise } from "../../durable-promise.js";
import { startChildContext } from "../child-context.js";
import { asChildContextError, BatchResultImpl } from "./batch-result.js";
import type { CompletionPolicy } from "./completion.js";

/**
 * Microtasks between the completion decision and the batch function's return. Until it returns, what
 * items still running checkpoint counts (runChildContext closes the gate then, where the reference
 * does); with the reference's count, the same late item checkpoints reach the wire. Measured with
 * counting chains beside both SDKs: the reference closes the gate 4 turns after its decision (this
 * count plus the turn runChildContext takes to resume), and an item's outcome reaches the decision as
 * many turns after the item's last update as there (CHILD_RESULT_TURNS, the item wrapper below). So a
 * surviving item checkpoints up to the same point: when its sibling throws right after a step that
 * settled in the same checkpoint response, its SUCCEED goes out if it returns within 6 awaits of its own
 * step, an operation it starts within 10 (test/runtime/batch-microtask-races.test.ts).
 */
const BATCH_RETURN_TICKS = 3;

/** One map item or parallel branch, ready to run. */
export interface BatchItemPlan {
  index: number;
  /** The name the user gave (itemNamer / branch.name); what shouldComplete sees. */
  name: string | undefined;
  /** The Name of the item's context on the wire. */
  wireName: string;
  run: (context: DurableContext) => Promise<unknown>;
}

export interface BatchPlan {
  method: "map" | "parallel";
  itemSubType: OperationSubType;
  items: readonly BatchItemPlan[];
  maxConcurrency: number;
  policy: CompletionPolicy;
  itemSerdes: Serdes<unknown> | undefined;
  /** FLAT nesting: items are virtual contexts (no CONTEXT operation of their own). */
  virtual: boolean;
}

/** Starts one item as a child context of `batch` (allocating its id, `<batch>-<index + 1>`). */
export function startItem(batch: InternalContext, plan: BatchPlan, item: BatchItemPlan): DurablePromise<unknown> {
  return startChildContext(batch, {
    method: "runInChildContext",
    name: item.wireName,
    subType: plan.itemSubType,
    // As the reference's item executors, async functions around the user's: a map item's returns the
    // user's promise (a body that settled at once reaches the batch a turn later than one that had to
    // wait), a parallel branch's awaits it.
    fn: plan.method === "map" ? async (context) => item.run(context) : async (context) => await item.run(context),
    serdes: plan.itemSerdes,
    virtual: plan.virtual,
  });
}

/** The progress handed to the completion policy. */
export function completionStatus(
  plan: BatchPlan,
  counts: { success: number; failure: number },
  statusAt: (index: number) => BatchItem<unknown>["status"] | undefined,
): CompletionStatus {
  const items: CompletionItemStatus[] = plan.policy.needsItems
    ? plan.items.map((item) => ({ index: item.index, name: item.name, status: statusAt(item.index) }))
    : [];
  return {
    successCount: counts.success,
    failureCount: counts.failure,
    completedCount: counts.success + counts.failure,
    totalCount: plan.items.length,
    items,
  };
}

/**
 * Runs the items of a batch whose context executes (new, or resumed after a suspension: finished
 * items then return their stored outcome at once). Resolves when the policy completes the batch.
 */
export function runBatch(batch: InternalContext, batchRawId: string, plan: BatchPlan): Promise<BatchResultImpl<unknown>> {
  const cm = batch.env.checkpoints;
  const total = plan.items.length;
  const slots: Array<BatchItem<unknown> | undefined> = new Array(total);
  const counts = { success: 0, failure: 0 };
  let next = 0;
  let active = 0;
  let done = false;

  return new Promise<BatchResultImpl<unknown>>((resolve, reject) => {
    const status = () => completionStatus(plan, counts, (index) => slots[index]?.status);

    const finish = (reason: BatchResultImpl<unknown>["completionReason"]) => {
      done = true;
      // Items still running keep going in the background. As in the reference, what they checkpoint
      // counts until the batch function has returned (runChildContext then closes the gate).
      const all: BatchItem<unknown>[] = [];
      for (const item of slots) if (item) all.push({ ...item });
      const result = new BatchResultImpl(all, reason);
      // The reference's batch function returns BATCH_RETURN_TICKS microtasks after its decision.
      void (async () => {
        for (let tick = 0; tick < BATCH_RETURN_TICKS; tick++) await undefined;
        resolve(result);
      })();
    };

    const settle = (index: number, item: BatchItem<unknown>) => {
      if (done) return;
      slots[index] = item;
      active--;
      if (item.status === BatchItemStatus.SUCCEEDED) counts.success++;
      else counts.failure++;
      const reason = plan.policy.afterSettle(status());
      if (reason) finish(reason);
      else startMore();
    };

    const startMore = () => {
      while (!done && active < plan.maxConcurrency && next < total && plan.policy.mayStart(status())) {
        const item = plan.items[next++]!;
        active++;
        slots[item.index] = { index: item.index, status: BatchItemStatus.STARTED };
        startItem(batch, plan, item).then(
          (result) => guard(() => settle(item.index, { result, index: item.index, status: BatchItemStatus.SUCCEEDED })),
          (error) => guard(() => settle(item.index, { error: asChildContextError(error), index: item.index, status: BatchItemStatus.FAILED })),
        );
      }
      // Nothing running and nothing allowed to start (or nothing at all to run): the batch ends here.
      if (!done && active === 0) finish(plan.policy.reason(status()));
    };

    // A throwing shouldComplete fails the batch instead of leaving it hanging.
    const guard = (fn: () => void) => {
      if (done) return;
      try {
        fn();
      } catch (error) {
        done = true;
        cm.markFinished(batchRawId);
        reject(error);
      }
    };

    guard(startMore);
  });
}
