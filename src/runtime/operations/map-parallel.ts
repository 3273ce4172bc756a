/**
 * `map` and `parallel` (see docs/guide/internals-operations.md#map-and-parallel): a child context (subtype Map / Parallel) whose function orchestrates
 * the items, each in its own child context (subtype MapIteration / ParallelBranch, virtual with FLAT
 * nesting). The result is a BatchResult, stored with errors as ErrorObjects, or as a summary with
 * ReplayChildren when it is larger than 256 KiB.
 */
import {
  describeReceived,
  fixDurableValidationErrorItemNamerNotString,
  messageDurableValidationErrorBranchNameSubject,
  messageDurableValidationErrorItemNamerNameSubject,
  messageDurableValidationErrorItemNamerNotString,
  DurableValidationError,
  everyConfigFieldRead,
  NestingType,
  resolveMapConfig,
  resolveParallelConfig,
  type BatchResult,
  type DurableContext,
  type MapArgs,
  type ParallelArgs,
  type ResolvedParallelConfig,
  type Serdes,
  OPERATIONS,
} from "../../generated/index.js";
import type { InternalContext } from "../context/internal-context.js";
import type { DurablePromise } from "../durable-promise.js";
import { Mode } from "../execution/async-context.js";
import { batchResultSerdes, restoreBatchResult } from "./batch/batch-result.js";
import { completionPolicy } from "./batch/completion.js";
import { replayBatch } from "./batch/replay.js";
import { runBatch, type BatchItemPlan, type BatchPlan } from "./batch/scheduler.js";
import { batchSummary, type BatchKind } from "./batch/summary.js";
import { runChildContext, type ChildSpec } from "./child-context.js";
import { blocked, guarded, operationPromise, turns } from "./common.js";

export { BatchResultImpl, batchResultSerdes, restoreBatchResult } from "./batch/batch-result.js";
export { completeBatch, continueBatch } from "./batch/completion.js";

/**
 * Microtask turns a batch's result reaches its caller after runChildContext settles, as in the
 * reference (whose map and parallel pass it through more promise layers): code racing a nested batch
 * (another item of the enclosing batch) sees it finish at the same point. Measured with counting chains.
 */
const BATCH_RESULT_TURNS = 8;

/** The fields map and parallel share (their configs resolved), which startBatch reads. */
type BatchConfig = ResolvedParallelConfig<unknown>;

export function mapHandler(ctx: InternalContext, args: MapArgs): DurablePromise<BatchResult<unknown>> {
  const { items, mapFunc } = args;
  const { itemNamer, maxConcurrency, serdes, itemSerdes, completionConfig, summaryGenerator, nesting, ...unread } = resolveMapConfig(args.config, {
    serdes: batchResultSerdes as Serdes<BatchResult<unknown>>,
    itemSerdes: ctx.serdes.defaultSerdes,
  });
  everyConfigFieldRead(unread, "MapConfig");
  const config: BatchConfig = { maxConcurrency, serdes, itemSerdes, completionConfig, summaryGenerator, nesting };
  let plans: BatchItemPlan[];
  try {
    // Array.from, not items.map: a hole of a sparse array is an undefined item (map() would keep the hole).
    plans = Array.from(items, (item, index) => {
      const name = itemNamer ? itemNamer(item, index) : undefined;
      if (name != null && typeof name !== "string") {
        throw new DurableValidationError({
          operation: "map",
          field: "map.config.itemNamer",
          message: messageDurableValidationErrorItemNamerNotString(describeReceived(name), index),
          fix: fixDurableValidationErrorItemNamerNotString,
          received: name,
        });
      }
      return { index, name, wireName: name || `${OPERATIONS.map.itemNamePrefix}${index}`, run: (context: DurableContext) => mapFunc(context, item, index, items) };
    });
  } catch (error) {
    return operationPromise(Promise.reject(error));
  }
  return startBatch(ctx, "map", args.name, plans, config);
}

export function parallelHandler(ctx: InternalContext, args: ParallelArgs): DurablePromise<BatchResult<unknown>> {
  const plans: BatchItemPlan[] = args.branches.map((branch, index) => {
    const named = typeof branch === "function" ? undefined : branch;
    const func = typeof branch === "function" ? branch : branch.func;
    return { index, name: named?.name, wireName: named?.name || `${OPERATIONS.parallel.itemNamePrefix}${index}`, run: (context: DurableContext) => func(context) };
  });
  const { maxConcurrency, serdes, itemSerdes, completionConfig, summaryGenerator, nesting, ...unread } = resolveParallelConfig(args.config, {
    serdes: batchResultSerdes as Serdes<BatchResult<unknown>>,
    itemSerdes: ctx.serdes.defaultSerdes,
  });
  everyConfigFieldRead(unread, "ParallelConfig");
  return startBatch(ctx, "parallel", args.name, plans, { maxConcurrency, serdes, itemSerdes, completionConfig, summaryGenerator, nesting });
}

function startBatch(
  ctx: InternalContext,
  kind: BatchKind,
  name: string | undefined,
  items: BatchItemPlan[],
  config: BatchConfig,
): DurablePromise<BatchResult<unknown>> {
  // The batch operation's wire type and subtypes (its own and its items'), from the schema.
  const wire = OPERATIONS[kind];
  // An item's name is its child context's Name: begin refuses one the service would refuse before the
  // batch starts, naming where the user gave it (items start under runInChildContext's machinery).
  const op = ctx.begin({
    method: kind,
    type: wire.operationType,
    subType: wire.subType,
    name,
    items,
    itemName: (index) => (kind === "map" ? [messageDurableValidationErrorItemNamerNameSubject(index), "config.itemNamer"] : [messageDurableValidationErrorBranchNameSubject(index)]),
  });
  if (!op) return blocked();
  const plan: BatchPlan = {
    method: kind,
    itemSubType: wire.itemSubType,
    items,
    // No maxConcurrency: unlimited.
    maxConcurrency: config.maxConcurrency ?? Infinity,
    policy: completionPolicy(kind, config.completionConfig),
    itemSerdes: config.itemSerdes as Serdes<unknown>,
    virtual: config.nesting === NestingType.FLAT,
  };
  const userSummary = config.summaryGenerator;
  const spec: ChildSpec<BatchResult<unknown>> = {
    method: kind,
    name,
    subType: wire.subType,
    serdes: config.serdes as Serdes<unknown>,
    summaryGenerator: (result) => batchSummary(kind, result, userSummary),
    fn: (_context, batch) =>
      batch.mode === Mode.ReplaySucceededContext
        ? replayBatch(batch, op.rawId, op.stored?.ContextDetails?.Result, plan)
        : runBatch(batch, op.rawId, plan),
  };
  return operationPromise(guarded(ctx, async () => restoreBatchResult(await turns(ctx, runChildContext(ctx, op, spec), BATCH_RESULT_TURNS))));
}
