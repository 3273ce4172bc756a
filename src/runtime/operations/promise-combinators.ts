/**
 * `context.promise.all / allSettled / any / race` (see docs/guide/internals-operations.md#promise-combinators): lazy — nothing happens and no id is taken
 * until the first await — then the combined outcome is checkpointed as a child context.
 */
import {
  PromiseCombinatorError,
  type AllArgs,
  type AllSettledArgs,
  type AnyArgs,
  type RaceArgs,
  type Serdes,
} from "../../generated/index.js";
import { operationSpec, type InternalContext } from "../context/internal-context.js";
import { DurablePromise } from "../durable-promise.js";
import { never } from "../execution/termination.js";
import { runChildContext } from "./child-context.js";
import { guarded, turns } from "./common.js";

/**
 * Extra microtask turns (besides the one of `turns` itself) between the combinator's child context
 * settling and its caller seeing it. The reference's combinator is an async function awaiting its
 * runInChildContext's DurablePromise, which hands the outcome through its own layers: a combinator racing
 * other code in microtasks (a map item awaiting one under a completion policy) sees the same order here.
 * Measured beside the reference (test/runtime/durable-promise.reference.test.ts): first runs and replays,
 * fulfilled and rejected alike.
 */
const COMBINATOR_RESULT_TURNS = 5;

type Combine = (promises: readonly PromiseLike<unknown>[]) => Promise<unknown>;

interface StoredReason {
  name?: string;
  message?: string;
  stack?: string;
}

/** Stores rejection reasons of allSettled as { name, message, stack } and rebuilds Errors on read. */
const allSettledSerdes: Serdes<PromiseSettledResult<unknown>[]> = {
  serialize: async (value) =>
    value === undefined
      ? undefined
      : JSON.stringify(
          value.map((r) =>
            r.status === "fulfilled"
              ? r
              : { status: "rejected", reason: r.reason instanceof Error ? { message: r.reason.message, name: r.reason.name, stack: r.reason.stack } : r.reason },
          ),
        ),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    return (JSON.parse(data) as PromiseSettledResult<unknown>[]).map((r) => {
      if (r.status !== "rejected" || typeof r.reason !== "object" || r.reason === null || !("message" in r.reason)) return r;
      const stored = r.reason as StoredReason;
      const error = new Error(stored.message);
      if (stored.name) error.name = stored.name;
      if (stored.stack) error.stack = stored.stack;
      return { status: "rejected", reason: error } as PromiseRejectedResult;
    });
  },
};

function combinator(method: "all" | "allSettled" | "any" | "race", combine: Combine, serdes?: Serdes<unknown>) {
  return (ctx: InternalContext, args: AllArgs | AllSettledArgs | AnyArgs | RaceArgs): DurablePromise<unknown> =>
    new DurablePromise(() => {
      const op = ctx.begin(operationSpec(method, args.name));
      if (!op) return never();
      const spec = {
        method,
        name: args.name,
        subType: op.subType,
        fn: () => combine(args.promises as PromiseLike<unknown>[]),
        serdes,
        errorMapper: (error: Error) => new PromiseCombinatorError(error.message, error),
      };
      return guarded(ctx, () => turns(ctx, runChildContext(ctx, op, spec as never), COMBINATOR_RESULT_TURNS));
    });
}

export const allHandler = combinator("all", (p) => Promise.all(p));
export const allSettledHandler = combinator("allSettled", (p) => Promise.allSettled(p), allSettledSerdes as Serdes<unknown>);
export const anyHandler = combinator("any", (p) => Promise.any(p));
export const raceHandler = combinator("race", (p) => Promise.race(p));

