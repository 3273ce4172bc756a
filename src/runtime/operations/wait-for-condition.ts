/**
 * `waitForCondition` (see docs/guide/internals-operations.md#waitforcondition): run a check, let the wait strategy decide, checkpoint the state with
 * RETRY between checks. Unlike the reference, a stored state that fails to deserialize is a
 * SerdesFailedError, never a silent restart from `initialState`.
 */
import {
  ACTIVE_STEP_STATUSES,
  messageWaitForConditionErrorFailedWithoutStoredError,
  errorFromErrorObject,
  everyConfigFieldRead,
  STEP_FAILED_STATUS,
  STEP_RETRY_STATUS,
  STEP_STARTED_STATUS,
  STEP_SUCCEEDED_STATUS,
  resolveWaitForConditionConfig,
  WaitForConditionError,
  type WaitForConditionArgs,
  type WaitForConditionDecision,
} from "../../generated/index.js";
import { waitForConditionUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext } from "../context/internal-context.js";
import { asError, toAttemptEndInfo, toAttemptInfo, toOperationInfo } from "../plugins/info.js";
import { AttemptEndInfoOutcome, PluginOperationStatus, type AttemptEndInfo } from "../plugins/types.js";
import { bodyUsesMarker, executionMode, runInStore, runMarked, type ActiveContext } from "../execution/async-context.js";
import { lazyScopedLogger } from "../logger/scoped-logger.js";
import { atLeastOneSecond, durationToSeconds } from "../duration.js";
import type { DurablePromise } from "../durable-promise.js";
import { blocked, deserialize, guarded, operationPromise, serialize, toErrorObject } from "./common.js";

export function waitForConditionHandler(ctx: InternalContext, args: WaitForConditionArgs): DurablePromise<unknown> {
  const op = ctx.begin(operationSpec("waitForCondition", args.name, { skipCheck: true }));
  if (!op) return blocked();
  const cm = ctx.env.checkpoints;
  const { checkFunc } = args;
  const { waitStrategy, initialState, serdes, ...unread } = resolveWaitForConditionConfig(args.config, { serdes: ctx.serdes.defaultSerdes });
  everyConfigFieldRead(unread, "WaitForConditionConfig");
  const plugin = ctx.env.plugin;
  // The reference reports an attempt's start time as its end time for waitForCondition checks.
  const attemptEnd = (outcome: AttemptEndInfoOutcome, attempt: number, error?: Error): AttemptEndInfo => {
    const end = toAttemptEndInfo(cm.recordOf(op), identityOf(op), attempt, outcome, error);
    return { ...end, startTimestamp: end.endTimestamp };
  };
  const track = (state: Parameters<typeof cm.setState>[1]) => cm.setState(op, state);

  return operationPromise(
    guarded(ctx, async () => {
      for (;;) {
        const stored = cm.recordOf(op);
        const status = stored?.Status;
        if (status === STEP_SUCCEEDED_STATUS) {
          cm.complete(op);
          return deserialize(ctx, serdes, stored!.StepDetails?.Result, op);
        }
        if (status === STEP_FAILED_STATUS) {
          cm.complete(op);
          const error = stored!.StepDetails?.Error;
          throw error ? errorFromErrorObject(error) : new WaitForConditionError(messageWaitForConditionErrorFailedWithoutStoredError);
        }
        if (status === STEP_RETRY_STATUS) {
          track("RETRY_WAITING");
          await cm.waitForStatusChange(op.wireId, STEP_RETRY_STATUS, stored!.StepDetails?.NextAttemptTimestamp);
          continue;
        }
        const resumes = status !== undefined && ACTIVE_STEP_STATUSES.has(status) && stored!.StepDetails?.Result !== undefined;
        const state = resumes ? await deserialize(ctx, serdes, stored!.StepDetails!.Result, op) : initialState;
        const attempt = (stored?.StepDetails?.Attempt ?? 0) + 1;
        if (status !== STEP_STARTED_STATUS) {
          cm.enqueue(op, waitForConditionUpdates.start(op));
          if (plugin?.onOperationStart) await plugin.onOperationStart({ ...identityOf(op), status: PluginOperationStatus.STARTED, isReplay: attempt > 1 });
        } else if (plugin?.onOperationStart) {
          await plugin.onOperationStart({ ...toOperationInfo(stored, identityOf(op)), isReplay: true });
        }
        track("EXECUTING");
        let next: unknown;
        let decision: WaitForConditionDecision;
        let payload: string | undefined;
        try {
          const scope: ActiveContext = { id: op.rawId, operationId: op.wireId, operationName: op.name, attempt, mode: executionMode };
          // Root-level checks run with the scope marker instead of the store (see execution/async-context.ts).
          const marker = bodyUsesMarker();
          const logger = marker ? lazyScopedLogger(ctx.currentLogger(), scope) : ctx.currentLogger();
          const check = () => checkFunc(state, { logger, attempt } as never);
          let run: () => unknown = check;
          const wrapper = plugin?.wrapOperationAttemptFn;
          if (plugin?.onOperationAttemptStart || wrapper) {
            const attemptInfo = { ...toAttemptInfo(stored, identityOf(op), attempt), startTimestamp: new Date() };
            if (plugin?.onOperationAttemptStart) await plugin.onOperationAttemptStart(attemptInfo);
            if (wrapper) run = () => wrapper(attemptInfo, check);
          }
          next = await (marker ? runMarked(scope, run) : runInStore(scope, run));
          payload = await serialize(ctx, serdes, next, op);
          next = await deserialize(ctx, serdes, payload, op);
          decision = waitStrategy(next, attempt);
        } catch (error) {
          if ((error as { isUnrecoverable?: boolean })?.isUnrecoverable) throw error;
          const errorObject = toErrorObject(error);
          await cm.checkpoint(op, waitForConditionUpdates.fail(op, { error: errorObject }));
          cm.complete(op);
          if (plugin?.onOperationAttemptEnd || plugin?.onOperationEnd) {
            const end = attemptEnd(AttemptEndInfoOutcome.FAILED, attempt, asError(error));
            if (plugin.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(end);
            if (plugin.onOperationEnd) await plugin.onOperationEnd({ ...end, startTimestamp: toOperationInfo(cm.recordOf(op)).startTimestamp, isReplay: false });
          }
          throw errorFromErrorObject(errorObject);
        }
        if (!decision.shouldContinue) {
          await cm.checkpoint(op, waitForConditionUpdates.succeed(op, { payload }));
          cm.complete(op);
          if (plugin?.onOperationAttemptEnd || plugin?.onOperationEnd) {
            const end = attemptEnd(AttemptEndInfoOutcome.SUCCEEDED, attempt);
            if (plugin.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(end);
            if (plugin.onOperationEnd) await plugin.onOperationEnd({ ...end, startTimestamp: toOperationInfo(cm.recordOf(op)).startTimestamp, isReplay: false });
          }
          return next;
        }
        const seconds = atLeastOneSecond(durationToSeconds(decision.delay, { operation: "waitForCondition", field: "waitForCondition.waitStrategy().delay" }));
        await cm.checkpoint(op, waitForConditionUpdates.retry(op, { payload, nextAttemptDelaySeconds: seconds }));
        if (plugin?.onOperationAttemptEnd) await plugin.onOperationAttemptEnd(attemptEnd(AttemptEndInfoOutcome.SUCCEEDED, attempt));
        const after = cm.recordOf(op);
        track("RETRY_WAITING");
        await cm.waitForStatusChange(op.wireId, STEP_RETRY_STATUS, after?.StepDetails?.NextAttemptTimestamp);
      }
    }),
  );
}
