/**
 * `runInChildContext` (see docs/guide/internals-operations.md#runinchildcontext) and the child-context machinery that map, parallel, waitForCallback and
 * the promise combinators are built on, including ReplayChildren for results over 256 KiB.
 */
import {
  ChildContextError,
  errorFromErrorObject,
  everyConfigFieldRead,
  resolveChildConfig,
  type DurableContext,
  type DurableOperationError,
  type ErrorObject,
  CHECKPOINT_PAYLOAD_LIMIT_BYTES,
  OPERATIONS,
  CONTEXT_FAILED_STATUS,
  CONTEXT_SUCCEEDED_STATUS,
  type RunInChildContextArgs,
  type Serdes,
} from "../../generated/index.js";
import { runInChildContextUpdates } from "../../generated/updates.js";
import { identityOf, type InternalContext, type OperationStart } from "../context/internal-context.js";
import { toOperationInfo } from "../plugins/info.js";
import { PluginOperationStatus } from "../plugins/types.js";
import { Mode } from "../execution/async-context.js";
import { never } from "../execution/termination.js";
import type { DurablePromise } from "../durable-promise.js";
import { blocked, deserialize, guarded, handleUnrecoverable, operationPromise, serdesContext, serdesError, serialize, toErrorObject, turns } from "./common.js";
import { defaultSerdes } from "../serdes/default-serdes.js";

/**
 * Extra microtask turns (besides the one of `turns` itself) between runChildContext settling and the
 * child context's caller seeing it: the reference's runInChildContext hands its outcome through more
 * promise layers. Map items and parallel branches race each other in microtasks (which one a completion
 * policy sees first decides the BatchResult and what is still checkpointed), so the count is the
 * reference's: measured with counting chains beside both SDKs (new, failed and replayed contexts alike).
 */
export const CHILD_RESULT_TURNS = 3;


export interface ChildSpec<T> {
  method: string;
  name: string | undefined;
  subType: string;
  /** Receives the child's public context and its runtime side (map/parallel orchestrate items through it). */
  fn: (context: DurableContext, internal: InternalContext) => Promise<T>;
  serdes?: Serdes<unknown>;
  summaryGenerator?: (result: T) => string;
  errorMapper?: (error: DurableOperationError) => DurableOperationError;
  virtual?: boolean;
}

export function childContextHandler(ctx: InternalContext, args: RunInChildContextArgs): DurablePromise<unknown> {
  const { serdes, subType, summaryGenerator, errorMapper, virtualContext, ...unread } = resolveChildConfig(args.config, {
    serdes: ctx.serdes.defaultSerdes,
  });
  everyConfigFieldRead(unread, "ChildConfig");
  return startChildContext(ctx, {
    method: "runInChildContext",
    name: args.name,
    subType,
    fn: args.fn as ChildSpec<unknown>["fn"],
    serdes,
    summaryGenerator,
    errorMapper,
    virtual: virtualContext,
  });
}

/** Allocates the operation and runs the child context (phase 1 runs now). */
export function startChildContext<T>(ctx: InternalContext, spec: ChildSpec<T>): DurablePromise<T> {
  const op = ctx.begin({ method: spec.method, type: OPERATIONS.runInChildContext.operationType, subType: spec.subType, name: spec.name });
  if (!op) return blocked();
  return operationPromise(guarded(ctx, () => turns(ctx, runChildContext(ctx, op, spec), CHILD_RESULT_TURNS)));
}

/**
 * The error thrown to the caller for a failed child: `errorMapper`'s, or a ChildContextError worded
 * like the error rebuilt from the stored ErrorObject (so an unknown type with an empty message reads
 * "Unknown error", as in the reference). A failed record without an error: a bare ChildContextError.
 */
export function childError(spec: Pick<ChildSpec<unknown>, "errorMapper">, errorObject: ErrorObject | undefined): Error {
  if (!errorObject) return new ChildContextError();
  const reconstructed = errorFromErrorObject(errorObject);
  if (spec.errorMapper) return spec.errorMapper(reconstructed);
  return new ChildContextError(reconstructed.message, reconstructed);
}

export async function runChildContext<T>(ctx: InternalContext, op: OperationStart, spec: ChildSpec<T>): Promise<T> {
  const cm = ctx.env.checkpoints;
  const stored = spec.virtual ? undefined : op.stored;
  if (stored?.Status === CONTEXT_FAILED_STATUS) {
    cm.markFinished(op.rawId);
    throw childError(spec, stored.ContextDetails?.Error);
  }
  if (stored?.Status === CONTEXT_SUCCEEDED_STATUS) {
    cm.markFinished(op.rawId);
    if (!stored.ContextDetails?.ReplayChildren) {
      const serdes = spec.serdes ?? ctx.serdes.defaultSerdes;
      if (serdes === defaultSerdes) return (await deserialize(ctx, serdes, stored.ContextDetails?.Result, op)) as T;
      // A custom serdes is awaited here, not through `deserialize`, whose own `await` is a turn more (an
      // async function cannot hand its caller a turn back): the stored result then comes back in the turns
      // the default serdes takes, as on the reference, which awaits both alike. Its context and error are
      // common.ts's (serdesContext, serdesError).
      try {
        return (await serdes.deserialize(stored.ContextDetails?.Result, serdesContext(ctx, op))) as T;
      } catch (cause) {
        throw serdesError("Deserialization", op, cause);
      }
    }
    // The result was too large to store: rebuild it from the children's stored results.
    const child = ctx.child(op, { mode: Mode.ReplaySucceededContext });
    const value = await child.run(() => spec.fn(child.api, child));
    return (await deserialize(ctx, spec.serdes, await serialize(ctx, spec.serdes, value, op), op)) as T;
  }
  const plugin = ctx.env.plugin;
  // childOperationsDepth: ask the service to keep this context's children once it finishes.
  const keepChildren = ctx.childPreserveDepth(spec.virtual) >= 1 ? true : undefined;
  if (!stored && !spec.virtual) {
    cm.enqueue(op, runInChildContextUpdates.start(op));
    if (plugin?.onOperationStart) await plugin.onOperationStart({ ...identityOf(op), status: PluginOperationStatus.STARTED, isReplay: false });
    // The reference reports a virtual (FLAT) context, which is never checkpointed, as a replay.
  } else if (plugin?.onOperationStart) await plugin.onOperationStart({ ...identityOf(op), isReplay: true });
  // The body begins a microtask later, as in the reference: a caller that starts several contexts in
  // one go (map, parallel) records every context's START before the first child operation's.
  await undefined;
  const child = ctx.child(op, { mode: Mode.Execution, virtual: spec.virtual });
  let value: T;
  try {
    const body = () => child.run(() => spec.fn(child.api, child));
    const wrapper = plugin?.wrapChildContextFn;
    value = wrapper ? await child.run(() => wrapper({ ...identityOf(op), isReplay: false }, body) as Promise<T>) : await body();
  } catch (error) {
    if (handleUnrecoverable(ctx, error)) return never();
    const errorObject = toErrorObject(error);
    if (!spec.virtual) {
      cm.markFinished(op.rawId);
      cm.enqueue(op, runInChildContextUpdates.fail(op, { error: errorObject, replayChildren: keepChildren }));
    }
    if (plugin?.onOperationEnd) {
      const reconstructed = errorFromErrorObject(errorObject);
      await plugin.onOperationEnd(
        spec.virtual
          ? { ...identityOf(op), status: PluginOperationStatus.FAILED, isReplay: true, error: reconstructed }
          : { ...toOperationInfo(cm.recordOf(op), identityOf(op)), status: PluginOperationStatus.FAILED, isReplay: false, error: reconstructed },
      );
    }
    throw childError(spec, errorObject);
  }
  // Close the gate for descendants before the serialize await: a child still running in the
  // background (an abandoned map item) must not checkpoint after this context returned.
  if (!spec.virtual) cm.markFinished(op.rawId);
  const serialized = await serialize(ctx, spec.serdes, value, op);
  // The default serdes is synchronous here; the reference awaits its async one (a turn more each way).
  const json = (spec.serdes ?? ctx.serdes.defaultSerdes) === defaultSerdes;
  if (json) await 0;
  if (!spec.virtual) {
    const large = serialized !== undefined && Buffer.byteLength(serialized) > CHECKPOINT_PAYLOAD_LIMIT_BYTES;
    const payload = large ? (spec.summaryGenerator ? spec.summaryGenerator(value) : "") : serialized;
    cm.enqueue(op, runInChildContextUpdates.succeed(op, { payload, replayChildren: large ? true : keepChildren }));
    if (plugin?.onOperationEnd)
      await plugin.onOperationEnd({ ...toOperationInfo(cm.recordOf(op), identityOf(op)), status: PluginOperationStatus.SUCCEEDED, isReplay: false });
  } else if (plugin?.onOperationEnd) {
    await plugin.onOperationEnd({ ...identityOf(op), status: PluginOperationStatus.SUCCEEDED, isReplay: true });
  }
  if (json) await 0;
  return (await deserialize(ctx, spec.serdes, serialized, op)) as T;
}
