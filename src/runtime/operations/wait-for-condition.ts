/**
 * `waitForCondition` (§4.5): run a check, let the wait strategy decide, checkpoint the state with
 * RETRY between checks. Unlike the reference, a stored state that fails to deserialize is a
 * SerdesFailedError, never a silent restart from `initialState`.
 */
import {
  errorFromErrorObject,
  everyConfigFieldRead,
  resolveWaitForConditionConfig,
  WaitForConditionError,
  type WaitForConditionArgs,
  type WaitForConditionDecision,
} from "../../generated/index.js";
import { baseUpdate, operationSpec, type InternalContext } from "../context/internal-context.js";
import { activeContext, Mode } from "../execution/async-context.js";
import { totalSeconds } from "../duration.js";
import type { DurablePromise } from "../durable-promise.js";
import { blocked, deserialize, guarded, operationPromise, serialize, toErrorObject } from "./common.js";

export function waitForConditionHandler(ctx: InternalContext, args: WaitForConditionArgs): DurablePromise<unknown> {
  const op = ctx.begin(operationSpec("waitForCondition", args.name, { skipCheck: true }));
  if (!op) return blocked();
  const cm = ctx.env.checkpoints;
  const { checkFunc } = args;
  const { waitStrategy, initialState, serdes, ...unread } = resolveWaitForConditionConfig(args.config, { serdes: ctx.serdes.defaultSerdes });
  everyConfigFieldRead(unread, "WaitForConditionConfig");
  const base = baseUpdate(op);
  const track = (state: Parameters<typeof cm.setState>[3], end?: Date) => cm.setState(op.rawId, op.wireId, op.subType, state, end);

  return operationPromise(
    guarded(ctx, async () => {
      for (;;) {
        const stored = cm.getOperation(op.wireId);
        const status = stored?.Status;
        if (status === "SUCCEEDED") {
          track("COMPLETED");
          return deserialize(ctx, serdes, stored!.StepDetails?.Result, op);
        }
        if (status === "FAILED") {
          track("COMPLETED");
          const error = stored!.StepDetails?.Error;
          throw error ? errorFromErrorObject(error) : new WaitForConditionError("waitForCondition failed");
        }
        if (status === "PENDING") {
          track("RETRY_WAITING", stored!.StepDetails?.NextAttemptTimestamp);
          await cm.waitForStatusChange(op.wireId, "PENDING", stored!.StepDetails?.NextAttemptTimestamp);
          continue;
        }
        const resumes = (status === "STARTED" || status === "READY") && stored!.StepDetails?.Result !== undefined;
        const state = resumes ? await deserialize(ctx, serdes, stored!.StepDetails!.Result, op) : initialState;
        const attempt = (stored?.StepDetails?.Attempt ?? 0) + 1;
        if (status !== "STARTED") cm.enqueue(op.rawId, base);
        track("EXECUTING");
        let next: unknown;
        let decision: WaitForConditionDecision;
        let payload: string | undefined;
        try {
          const logger = ctx.currentLogger();
          next = await activeContext.run(
            { id: op.rawId, operationId: op.wireId, operationName: op.name, attempt, mode: () => Mode.Execution },
            () => checkFunc(state, { logger, attempt } as never),
          );
          payload = await serialize(ctx, serdes, next, op);
          next = await deserialize(ctx, serdes, payload, op);
          decision = waitStrategy(next, attempt);
        } catch (error) {
          if ((error as { isUnrecoverable?: boolean })?.isUnrecoverable) throw error;
          const errorObject = toErrorObject(error);
          await cm.checkpoint(op.rawId, { ...base, Action: "FAIL", Error: errorObject });
          track("COMPLETED");
          throw errorFromErrorObject(errorObject);
        }
        if (!decision.shouldContinue) {
          await cm.checkpoint(op.rawId, { ...base, Action: "SUCCEED", Payload: payload });
          track("COMPLETED");
          return next;
        }
        const seconds = Math.max(1, Math.round(totalSeconds(decision.delay)));
        await cm.checkpoint(op.rawId, { ...base, Action: "RETRY", Payload: payload, StepOptions: { NextAttemptDelaySeconds: seconds } });
        const after = cm.getOperation(op.wireId);
        track("RETRY_WAITING", after?.StepDetails?.NextAttemptTimestamp);
        await cm.waitForStatusChange(op.wireId, "PENDING", after?.StepDetails?.NextAttemptTimestamp);
      }
    }),
  );
}
