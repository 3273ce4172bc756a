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
  errorFromErrorObject,
  everyConfigFieldRead,
  STEP_FAILED_STATUS,
  STEP_RETRY_STATUS,
  STEP_STARTED_STATUS,
  resolveStepConfig,
  RETRY_DECISION_DEFAULTS,
  StepInterruptedError,
  StepSemantics,
  type Operation,
  type ResolvedStepConfig,
  type RetryDecision,
  type StepArgs,
} from "../../generated/index.js";
import { messagePlainErrorNonErrorThrown, UNKNOWN_STORED_ERROR } from "../../generated/errors.js";
import { stepUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext, type OperationStart } from "../context/internal-context.js";
import { asError, toAttemptEndInfo, toAttemptInfo, toOperationInfo } from "../plugins/info.js";
import { AttemptEndInfoOutcome, PluginOperationStatus } from "../plugins/types.js";
import { bodyUsesMarker, executionMode, runInStore, runMarked, type ActiveContext } from "../execution/async-context.js";
import { lazyScopedLogger } from "../logger/scoped-logger.js";
import { never } from "../execution/termination.js";
import { isCompleted } from "../execution/operations-state.js";
import { decideRetry, retryPresets } from "../retry/presets.js";
import { atLeastOneSecond, durationToSeconds } from "../duration.js";
import { blocked, deserialize, deserializeJson, handleUnrecoverable, operationPromise, serialize, serializeJson, toErrorObject } from "./common.js";
import { defaultSerdes } from "../serdes/default-serdes.js";
import { settledDurablePromise, type DurablePromise } from "../durable-promise.js";

/**
 * @param pluginName A name shown to plugins only (never checkpointed): waitForCallback's
 *   `<name>-submitter`.
 */
export function stepHandler(ctx: InternalContext, args: StepArgs, pluginName?: string): DurablePromise<unknown> {
  const spec = operationSpec("step", args.name);
  const config = args.config;
  const fallbackSerdes = ctx.serdes.defaultSerdes;
  // With JSON serdes a SUCCEEDED record comes back as it is (no start record is built for it).
  let op = (config?.serdes ?? fallbackSerdes) === defaultSerdes ? ctx.begin(spec, true) : ctx.begin(spec);
  if (!op) return blocked();
  if (!("rawId" in op)) {
    // Replay fast path: a finished step with JSON serdes needs no asynchronous work at all.
    const text = op.StepDetails?.Result;
    try {
      return settledDurablePromise(text === undefined ? undefined : JSON.parse(text));
    } catch {
      // Not JSON after all: settled through the serdes like any replayed step (which reports it).
      op = ctx.startOf(spec, op);
    }
  }
  if (pluginName) op.pluginName = pluginName;
  // The step's promise; an invalid config throws in resolveStep and so rejects the step, as it always did.
  return operationPromise(new Promise((resolve, reject) => runAttempt(ctx, op, args, resolveStep(config, fallbackSerdes), resolve, reject, op.stored)));
}

/** The step's config, every StepConfig default filled in (the schema's and the runtime's). Read-only: it may be shared. */
type ResolvedStep = Readonly<ResolvedStepConfig<unknown>>;

/** The resolution of "no config" with the default serdes it was made with (most steps have no config). */
let unconfigured: ResolvedStep | undefined;

/** `config` (StepArgs' config) resolved, with the context's default serdes `fallbackSerdes` where it names none. */
function resolveStep(config: StepArgs["config"], fallbackSerdes: ResolvedStep["serdes"]): ResolvedStep {
  if (config === undefined && unconfigured?.serdes === fallbackSerdes) return unconfigured;
  const { retryStrategy, semantics, serdes, ...unread } = resolveStepConfig(config, {
    retryStrategy: retryPresets.default,
    serdes: fallbackSerdes,
  });
  everyConfigFieldRead(unread, "StepConfig");
  const resolved: ResolvedStep = { retryStrategy, semantics, serdes };
  if (config === undefined) unconfigured = resolved;
  return resolved;
}


/** NextAttemptDelaySeconds of a retry: the decision's delay (checked by the one Duration rule, default RetryDecision's), at least 1 s. */
export function retryDelaySeconds(decision: RetryDecision): number {
  const delay = decision.delay ?? RETRY_DECISION_DEFAULTS.delay;
  return atLeastOneSecond(durationToSeconds(delay, { operation: "step", field: "step.retryStrategy().delay" }));
}

/**
 * `await value`, then `next`, in the microtask turn the `await` takes; an error of either goes to
 * `onError`, as an async function's `try` block sends it. This and {@link afterHook} are module
 * functions, not closures made by every attempt.
 */
const after = <T>(value: T | PromiseLike<T>, next: (settled: T) => void, onError: (error: unknown) => void): void =>
  void Promise.resolve(value).then((settled) => {
    try {
      next(settled);
    } catch (error) {
      onError(error);
    }
  }, onError);

/** `if (hook) await hook()`, then `next` (see {@link after}). */
const afterHook = (hook: (() => unknown) | false | undefined, next: () => void, onError: (error: unknown) => void): void =>
  hook ? after(hook(), next, onError) : next();

/**
 * The step from its stored state: a finished step settles from its record (when the replay fast path
 * in {@link stepHandler} does not apply), a step waiting for its retry waits, anything else is an
 * attempt: START (checkpointed first under AT_MOST_ONCE_PER_RETRY, queued without waiting otherwise),
 * the plugins' start hooks, the body in its scope, then the result checkpointed (SUCCEED) or the error
 * handed to the retry strategy ({@link fail}). A retry, or the end of a wait, starts over from the
 * stored state. Settles the step's promise through `resolve` / `reject`.
 *
 * Written as promise continuations, not an async function, so a cold start does not pay for compiling
 * it (docs/guide/internals-replay.md, "Why the hot path has no async functions"). `after(x, next)` is
 * `await x` followed by `next`, with the same microtask turn; a hook left unset is not awaited, as in
 * `if (hook) await hook(...)`; errors go where that async function's `try` blocks sent them.
 */
function runAttempt(
  ctx: InternalContext,
  op: OperationStart,
  args: StepArgs,
  step: ResolvedStep,
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
  /** The stored state: on the first pass the record begin just read (`op.stored`), read again on every later one. */
  stored: Operation | undefined,
): void {
  const env = ctx.env;
  const cm = env.checkpoints;
  const status = stored?.Status;
  const plugin = env.plugin;
  const { semantics, serdes } = step;
  const json = serdes === defaultSerdes;
  const attempt = (stored?.StepDetails?.Attempt ?? 0) + 1;
  /**
   * The step rejects: it is no longer executing, whatever threw (the body's last attempt, the retry
   * strategy, a checkpoint), so it cannot keep the invocation from suspending. An unrecoverable error
   * ends the invocation instead.
   */
  const settleError = (error: unknown): void => {
    if (handleUnrecoverable(ctx, error)) return resolve(never());
    cm.complete(op);
    reject(error);
  };
  /** The loop's `continue`: start over from the stored state. */
  const again = (): void => runAttempt(ctx, op, args, step, resolve, reject, cm.recordOf(op));

  /** The attempt failed (`ran`: its body ran, and plugins saw it start): the retry strategy decides. */
  const attemptFailed = (error: unknown, ran = true): void => {
    if (handleUnrecoverable(ctx, error)) return resolve(never());
    after(fail(ctx, op, step, error, attempt, ran), (outcome) => (outcome === "retry" ? again() : settleError(outcome)), settleError);
  };
  const finish = (payload: string | undefined): void => {
    cm.complete(op);
    if (json) resolve(Promise.resolve(deserializeJson(payload, op)));
    else after(deserialize(ctx, serdes, payload, op), resolve, settleError);
  };
  // The continuations of a step's usual turns (the body's result, its SUCCEED delivered) catch their
  // own errors, so they go to `then` as they are, without the wrapper (a closure and its context) that
  // `after` makes per turn; the SUCCEED's continuation is the checkpoint queue's to run, without a
  // promise of its own. Fewer objects per step: one scavenge fewer in a cold 1000-step run.
  /** The body's value (JSON serialized here, or what the serdes made of it): checkpointed as SUCCEED. */
  const succeeded = (value: unknown): void => {
    try {
      const payload = json ? serializeJson(value, op) : (value as string | undefined);
      cm.checkpoint(op, stepUpdates.succeed(op, { payload }), () => {
        try {
          if (!plugin?.onOperationAttemptEnd && !plugin?.onOperationEnd) return finish(payload);
          const end = toAttemptEndInfo(cm.recordOf(op), identityOf(op), attempt, AttemptEndInfoOutcome.SUCCEEDED);
          afterHook(
            plugin.onOperationAttemptEnd && (() => plugin.onOperationAttemptEnd!(end)),
            () => afterHook(plugin.onOperationEnd && (() => plugin.onOperationEnd!({ ...end, isReplay: false })), () => finish(payload), settleError),
            settleError,
          );
        } catch (error) {
          settleError(error);
        }
      });
    } catch (error) {
      settleError(error);
    }
  };
  // The body's outcome; JSON is applied synchronously, with the turn an asynchronous serializer would
  // take: the result is then queued after the failure of a concurrent body that threw in the same turn,
  // and later code resumes in the reference's order. Nothing here throws (a fulfilled value is never a
  // native promise, and the serializer is an async function), so it needs no `try` of its own.
  const bodyReturned = (result: unknown): void =>
    void (json ? Promise.resolve(result) : serialize(ctx, serdes, result, op)).then(succeeded, settleError);

  const runBody = (): void => {
    cm.setState(op, "EXECUTING");
    const scope: ActiveContext = { id: op.rawId, operationId: op.wireId, operationName: op.name, attempt, mode: executionMode };
    // Root-level bodies run with the scope marker instead of the store (see execution/async-context.ts);
    // their logger then carries the operation's metadata itself.
    const marker = bodyUsesMarker();
    const stepContext = { logger: marker ? lazyScopedLogger(ctx.currentLogger(), scope) : ctx.currentLogger(), attempt };
    try {
      const wrapper = plugin?.wrapOperationAttemptFn;
      if (plugin?.onOperationAttemptStart || wrapper) {
        const attemptInfo = { ...toAttemptInfo(cm.recordOf(op), identityOf(op), attempt), startTimestamp: new Date() };
        // The attempt's body as plugins see it: inside wrapOperationAttemptFn when there is one.
        const body = (): unknown => args.fn(stepContext as never);
        const wrapped = wrapper ? () => wrapper(attemptInfo, body) : body;
        const run = (): void => after(marker ? runMarked(scope, wrapped) : runInStore(scope, wrapped), bodyReturned, attemptFailed);
        return afterHook(plugin.onOperationAttemptStart && (() => plugin.onOperationAttemptStart!(attemptInfo)), run, attemptFailed);
      }
      // Without plugin hooks the body is called with its step context directly (no wrapper function).
      Promise.resolve(marker ? runMarked(scope, args.fn, stepContext as never) : runInStore(scope, args.fn, stepContext as never)).then(bodyReturned, attemptFailed);
    } catch (error) {
      attemptFailed(error);
    }
  };

  // START, then the plugins' onOperationStart. A STARTED record is an attempt begun in an earlier
  // invocation that never finished: under AT_MOST_ONCE_PER_RETRY it counts as interrupted and is not
  // re-run; otherwise it runs again, without a new START.
  const replay = status === STEP_STARTED_STATUS;
  const started = (fromRecord: boolean): void =>
    afterHook(
      plugin?.onOperationStart &&
        (() =>
          plugin.onOperationStart!(
            fromRecord
              ? { ...toOperationInfo(cm.recordOf(op), identityOf(op)), isReplay: replay || attempt > 1 }
              : { ...identityOf(op), status: PluginOperationStatus.STARTED, isReplay: attempt > 1 },
          )),
      runBody,
      settleError,
    );
  try {
    if (stored !== undefined && isCompleted(stored)) {
      cm.complete(op);
      if (status === STEP_FAILED_STATUS) return settleError(errorFromErrorObject(stored!.StepDetails?.Error ?? UNKNOWN_STORED_ERROR));
      return after(deserialize(ctx, serdes, stored!.StepDetails?.Result, op), resolve, settleError);
    }
    if (status === STEP_RETRY_STATUS) {
      cm.setState(op, "RETRY_WAITING");
      return after(cm.waitForStatusChange(op.wireId, STEP_RETRY_STATUS, stored!.StepDetails?.NextAttemptTimestamp), again, settleError);
    }
    if (replay) {
      if (semantics === StepSemantics.AtMostOncePerRetry) return attemptFailed(new StepInterruptedError(op.rawId, op.name), false);
      started(true);
    } else if (semantics === StepSemantics.AtMostOncePerRetry) {
      after(cm.checkpoint(op, stepUpdates.start(op)), () => started(true), settleError);
    } else {
      cm.enqueue(op, stepUpdates.start(op));
      // Without an onOperationStart hook there is nothing to await first: the body starts now.
      if (plugin?.onOperationStart) started(false);
      else runBody();
    }
  } catch (error) {
    settleError(error);
  }
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
  const presented = error instanceof Error ? error : new Error(messagePlainErrorNonErrorThrown);
  // A strategy that returns nothing falls back to the default preset (decideRetry). One that throws
  // rejects the step with its error, as in the reference (settleError marks the step done).
  const decision = decideRetry(step.retryStrategy, presented, attempt);
  const errorObject = toErrorObject(error);
  const attemptEnd = () => toAttemptEndInfo(cm.recordOf(op), identityOf(op), attempt, AttemptEndInfoOutcome.FAILED, asError(error));
  if (!decision.shouldRetry) {
    await cm.checkpoint(op, stepUpdates.fail(op, { error: errorObject }));
    cm.complete(op);
    if (plugin?.onOperationAttemptEnd || plugin?.onOperationEnd) {
      const end = attemptEnd();
      if (plugin.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(end);
      if (plugin.onOperationEnd) await plugin.onOperationEnd({ ...end, isReplay: false, error: asError(error) });
    }
    return errorFromErrorObject(errorObject);
  }
  await cm.checkpoint(op, stepUpdates.retry(op, { error: errorObject, nextAttemptDelaySeconds: retryDelaySeconds(decision) }));
  if (plugin?.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(attemptEnd());
  const stored = cm.recordOf(op);
  cm.setState(op, "RETRY_WAITING");
  await cm.waitForStatusChange(op.wireId, STEP_RETRY_STATUS, stored?.StepDetails?.NextAttemptTimestamp);
  return "retry";
}
