/**
 * `step` (see docs/guide/internals-operations.md#step): run a body once, checkpoint its result, retry failed attempts durably.
 *
 * Every attempt sends its START. For AT_LEAST_ONCE_PER_RETRY the START is queued without being
 * awaited, so the body begins at once while the START is on its way; a body that finishes within an
 * event-loop turn sends START and its result (SUCCEED, RETRY or FAIL) in one call (see the checkpoint
 * queue in docs/guide/internals-replay.md#checkpoint-queue). AT_MOST_ONCE_PER_RETRY persists START
 * before the body runs.
 */
import {
  messageStepErrorUnknownType,
  errorFromErrorObject,
  everyConfigFieldRead,
  OperationStatus,
  resolveStepConfig,
  StepInterruptedError,
  StepSemantics,
  type Operation,
  type ResolvedStepConfig,
  type RetryDecision,
  type StepArgs,
} from "../../generated/index.js";
import { stepUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext, type OperationStart } from "../context/internal-context.js";
import { asError, toAttemptEndInfo, toAttemptInfo, toOperationInfo } from "../plugins/info.js";
import { AttemptEndInfoOutcome, PluginOperationStatus, type AttemptInfo } from "../plugins/types.js";
import type { PluginRunner } from "../plugins/runner.js";
import { bodyUsesMarker, executionMode, runInStore, runMarked, type ActiveContext } from "../execution/async-context.js";
import { lazyScopedLogger } from "../logger/scoped-logger.js";
import { never } from "../execution/termination.js";
import { retryPresets } from "../retry/presets.js";
import { atLeastOneSecond, durationToSeconds } from "../duration.js";
import { blocked, deserialize, deserializeJson, handleUnrecoverable, operationPromise, resolvedPromise, serialize, serializeJson, toErrorObject } from "./common.js";
import { defaultSerdes } from "../serdes/default-serdes.js";
import type { DurablePromise } from "../durable-promise.js";

/**
 * @param pluginName A name shown to plugins only (never checkpointed): waitForCallback's
 *   `<name>-submitter`.
 */
export function stepHandler(ctx: InternalContext, args: StepArgs, pluginName?: string): DurablePromise<unknown> {
  const op = ctx.begin(operationSpec("step", args.name));
  if (!op) return blocked();
  if (pluginName !== undefined) op.pluginName = pluginName;
  const stored = op.stored;
  if (stored?.Status === OperationStatus.SUCCEEDED && (args.config?.serdes ?? ctx.serdes.defaultSerdes) === defaultSerdes) {
    // Replay fast path: a finished step with JSON serdes needs no asynchronous work at all.
    const text = stored.StepDetails?.Result;
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      return operationPromise(runStep(ctx, op, args));
    }
    return resolvedPromise(value);
  }
  return operationPromise(runStep(ctx, op, args));
}

/** The step's config, every StepConfig default filled in (the schema's and the runtime's). Read-only: it may be shared. */
type ResolvedStep = Readonly<ResolvedStepConfig<unknown>>;

/** The resolution of "no config" with the default serdes it was made with (most steps have no config). */
let unconfigured: ResolvedStep | undefined;

function resolveStep(ctx: InternalContext, args: StepArgs): ResolvedStep {
  const fallbackSerdes = ctx.serdes.defaultSerdes;
  if (args.config === undefined && unconfigured?.serdes === fallbackSerdes) return unconfigured;
  const { retryStrategy, semantics, serdes, ...unread } = resolveStepConfig(args.config, {
    retryStrategy: retryPresets.default,
    serdes: fallbackSerdes,
  });
  everyConfigFieldRead(unread, "StepConfig");
  const resolved: ResolvedStep = { retryStrategy, semantics, serdes };
  if (args.config === undefined) unconfigured = resolved;
  return resolved;
}


/** NextAttemptDelaySeconds of a retry: the decision's delay (checked by the one Duration rule), at least 1 s; 1 s without one. */
export function retryDelaySeconds(decision: RetryDecision): number {
  if (!decision.delay) return 1;
  return atLeastOneSecond(durationToSeconds(decision.delay, { operation: "step", field: "step.retryStrategy().delay" }));
}

async function runStep(ctx: InternalContext, op: OperationStart, args: StepArgs): Promise<unknown> {
  // An unrecoverable error anywhere in the step ends the invocation (what guarded() does for other operations, on this frame).
  try {
    const step = resolveStep(ctx, args);
    const { semantics, serdes } = step;
    const fn = args.fn;
    const cm = ctx.env.checkpoints;
    const atMostOnce = semantics === StepSemantics.AtMostOncePerRetry;

    for (;;) {
      const stored: Operation | undefined = cm.getOperation(op.wireId);
      const status = stored?.Status;
      if (status === OperationStatus.SUCCEEDED) {
        cm.setState(op, "COMPLETED");
        return await deserialize(ctx, serdes, stored!.StepDetails?.Result, op);
      }
      if (status === OperationStatus.FAILED) {
        cm.setState(op, "COMPLETED");
        throw errorFromErrorObject(stored!.StepDetails?.Error ?? { ErrorType: "StepError", ErrorMessage: messageStepErrorUnknownType });
      }
      if (status === OperationStatus.PENDING) {
        cm.setState(op, "RETRY_WAITING");
        await cm.waitForStatusChange(op.wireId, OperationStatus.PENDING, stored!.StepDetails?.NextAttemptTimestamp);
        continue;
      }
      const attempt = (stored?.StepDetails?.Attempt ?? 0) + 1;

      if (status === OperationStatus.STARTED && atMostOnce) {
        // The previous attempt started but never finished: count it as interrupted, do not re-run.
        const interrupted = new StepInterruptedError(op.rawId, op.name);
        const outcome = await fail(ctx, op, step, interrupted, attempt, false);
        if (outcome === "retry") continue;
        throw outcome;
      }

      const plugin = ctx.env.plugin;
      if (status !== OperationStatus.STARTED) {
        if (atMostOnce) {
          await cm.checkpoint(op, stepUpdates.start(op));
          if (plugin?.onOperationStart) await plugin.onOperationStart({ ...toOperationInfo(cm.getOperation(op.wireId), identityOf(op)), isReplay: attempt > 1 });
        } else {
          cm.enqueue(op, stepUpdates.start(op));
          if (plugin?.onOperationStart) await plugin.onOperationStart({ ...identityOf(op), status: PluginOperationStatus.STARTED, isReplay: attempt > 1 });
        }
      } else if (plugin?.onOperationStart) {
        await plugin.onOperationStart({ ...toOperationInfo(stored, identityOf(op)), isReplay: true });
      }
      cm.setState(op, "EXECUTING");
      const scope: ActiveContext = { id: op.rawId, operationId: op.wireId, operationName: op.name, attempt, mode: executionMode };
      // Root-level bodies run with the scope marker instead of the store (see execution/async-context.ts);
      // their logger then carries the operation's metadata itself.
      const marker = bodyUsesMarker();
      const stepContext = { logger: marker ? lazyScopedLogger(ctx.currentLogger(), scope) : ctx.currentLogger(), attempt };
      let result: unknown;
      try {
        const wrapper = plugin?.wrapOperationAttemptFn;
        if (plugin?.onOperationAttemptStart || wrapper) {
          const attemptInfo = { ...toAttemptInfo(cm.getOperation(op.wireId), identityOf(op), attempt), startTimestamp: new Date() };
          if (plugin?.onOperationAttemptStart) await plugin.onOperationAttemptStart(attemptInfo);
          const run = wrappedBody(wrapper, attemptInfo, fn, stepContext);
          result = await (marker ? runMarked(scope, run) : runInStore(scope, run));
        } else {
          // No closure over this frame's variables: those would live in a context allocated on every call.
          result = await (marker ? runMarked(scope, fn, stepContext as never) : runInStore(scope, fn, stepContext as never));
        }
      } catch (error) {
        if (handleUnrecoverable(ctx, error)) return never();
        const outcome = await fail(ctx, op, step, error, attempt, true);
        if (outcome === "retry") continue;
        throw outcome;
      }
      // JSON (the default serdes) is applied synchronously, with the microtask an asynchronous serializer
      // would take: the result is then queued after the failure of a concurrent body that threw in the
      // same turn, and later code resumes in the reference's order.
      const payload = serdes === defaultSerdes ? serializeJson(await result, op) : await serialize(ctx, serdes, result, op);
      await cm.checkpoint(op, stepUpdates.succeed(op, { payload }));
      if (plugin?.onOperationAttemptEnd || plugin?.onOperationEnd) {
        const end = toAttemptEndInfo(cm.getOperation(op.wireId), identityOf(op), attempt, AttemptEndInfoOutcome.SUCCEEDED);
        if (plugin.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(end);
        if (plugin.onOperationEnd) await plugin.onOperationEnd({ ...end, isReplay: false });
      }
      cm.setState(op, "COMPLETED");
      return serdes === defaultSerdes ? Promise.resolve(deserializeJson(payload, op)) : await deserialize(ctx, serdes, payload, op);
    }
  } catch (error) {
    if (handleUnrecoverable(ctx, error)) return never();
    throw error;
  }
}

/** The attempt's body as plugins see it: inside wrapOperationAttemptFn when there is one. */
function wrappedBody(wrapper: PluginRunner["wrapOperationAttemptFn"], attemptInfo: AttemptInfo, fn: StepArgs["fn"], stepContext: unknown): () => unknown {
  const body = () => fn(stepContext as never);
  return wrapper ? () => wrapper(attemptInfo, body) : body;
}

/** Asks the retry strategy; checkpoints RETRY (and waits until due) or FAIL. Returns "retry" or the error to throw. */
async function fail(
  ctx: InternalContext,
  op: OperationStart,
  step: ResolvedStep,
  error: unknown,
  attempt: number,
  /** Whether this attempt ran (and plugins saw it start); an interrupted AT_MOST_ONCE attempt did not. */
  ran: boolean,
): Promise<"retry" | Error> {
  const cm = ctx.env.checkpoints;
  const plugin = ran ? ctx.env.plugin : undefined;
  const presented = error instanceof Error ? error : new Error("Unknown Error");
  // A strategy that returns nothing falls back to the default preset, as in the reference.
  const decision: RetryDecision = step.retryStrategy(presented, attempt) ?? retryPresets.default(presented, attempt);
  const errorObject = toErrorObject(error);
  if (!decision.shouldRetry) {
    await cm.checkpoint(op, stepUpdates.fail(op, { error: errorObject }));
    cm.setState(op, "COMPLETED");
    if (plugin?.onOperationAttemptEnd || plugin?.onOperationEnd) {
      const end = toAttemptEndInfo(cm.getOperation(op.wireId), identityOf(op), attempt, AttemptEndInfoOutcome.FAILED, asError(error));
      if (plugin.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(end);
      if (plugin.onOperationEnd) await plugin.onOperationEnd({ ...end, isReplay: false, error: asError(error) });
    }
    return errorFromErrorObject(errorObject);
  }
  await cm.checkpoint(op, stepUpdates.retry(op, { error: errorObject, nextAttemptDelaySeconds: retryDelaySeconds(decision) }));
  if (plugin?.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(toAttemptEndInfo(cm.getOperation(op.wireId), identityOf(op), attempt, AttemptEndInfoOutcome.FAILED, asError(error)));
  const stored = cm.getOperation(op.wireId);
  cm.setState(op, "RETRY_WAITING");
  await cm.waitForStatusChange(op.wireId, OperationStatus.PENDING, stored?.StepDetails?.NextAttemptTimestamp);
  return "retry";
}
