/** `createCallback` (see docs/guide/internals-operations.md#createcallback): a callback completed by an external party through the service. */
import {
  CallbackError,
  messageCallbackErrorNoCallbackId,
  CallbackExternalError,
  plainErrorFromErrorObject,
  CallbackTimeoutError,
  CALLBACK_DONE_STATUSES as COMPLETED,
  CALLBACK_SUCCEEDED_STATUS,
  CALLBACK_TIMED_OUT_STATUS,
  everyConfigFieldRead,
  resolveCreateCallbackConfig,
  type CreateCallbackArgs,
  type Operation,
  type Serdes,
} from "../../generated/index.js";
import { createCallbackUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext, type OperationStart } from "../context/internal-context.js";
import { toOperationInfo } from "../plugins/info.js";
import { DurablePromise } from "../durable-promise.js";
import { totalSeconds, wholeSeconds } from "../duration.js";
import { blocked, deserialize, guarded, twoPhase } from "./common.js";

/** Returns the stored text unchanged: the default callback deserializer. */
export const passThroughDeserializer: Pick<Serdes<unknown>, "deserialize"> = { deserialize: async (data) => data };

/** The value or error of a finished callback. */
async function callbackOutcome(ctx: InternalContext, op: OperationStart, stored: Operation, serdes: Pick<Serdes<unknown>, "deserialize">): Promise<unknown> {
  const details = stored.CallbackDetails;
  if (stored.Status === CALLBACK_SUCCEEDED_STATUS) return deserialize(ctx, serdes, details?.Result, op);
  // As the reference: the cause carries the stored error; without a stored error there is no cause and
  // the class's default message.
  const error = details?.Error;
  const cause = error && plainErrorFromErrorObject(error);
  if (stored.Status === CALLBACK_TIMED_OUT_STATUS) throw new CallbackTimeoutError(error?.ErrorMessage, cause, error?.ErrorData);
  throw new CallbackExternalError(error?.ErrorMessage, cause, error?.ErrorData);
}

/** @param pluginName A name shown to plugins only (waitForCallback's `<name>-callback`). */
export function createCallbackHandler(ctx: InternalContext, args: CreateCallbackArgs, pluginName?: string): DurablePromise<unknown> {
  const op = ctx.begin(operationSpec("createCallback", args.name));
  if (!op) return blocked();
  if (pluginName !== undefined) op.pluginName = pluginName;
  const cm = ctx.env.checkpoints;
  const { timeout, heartbeatTimeout, serdes, ...unread } = resolveCreateCallbackConfig(args.config, {
    serdes: ctx.serdes.defaultCallbackDeserializer ?? passThroughDeserializer,
  });
  everyConfigFieldRead(unread, "CreateCallbackConfig");
  const plugin = ctx.env.plugin;

  const phase1 = guarded(ctx, async (): Promise<{ callbackId: string; done: boolean }> => {
    if (op.stored && COMPLETED.has(op.stored.Status!)) {
      cm.complete(op);
      ctx.switchIfNothingFollows();
      if (plugin?.onOperationEnd) await plugin.onOperationEnd({ ...toOperationInfo(op.stored, identityOf(op)), isReplay: !ctx.env.updatedBetweenInvocations(op.wireId) });
    } else if (!op.stored) {
      await cm.checkpoint(
        op,
        createCallbackUpdates.start(op, {
          timeoutSeconds: timeout ? wholeSeconds(totalSeconds(timeout)) : undefined,
          heartbeatTimeoutSeconds: heartbeatTimeout ? wholeSeconds(totalSeconds(heartbeatTimeout)) : undefined,
        }),
      );
      if (plugin?.onOperationStart) await plugin.onOperationStart({ ...toOperationInfo(cm.recordOf(op), identityOf(op)), isReplay: false });
    } else if (plugin?.onOperationStart) {
      await plugin.onOperationStart({ ...toOperationInfo(op.stored, identityOf(op)), isReplay: true });
    }
    const current = cm.recordOf(op);
    const callbackId = current?.CallbackDetails?.CallbackId;
    if (!callbackId) throw new CallbackError(messageCallbackErrorNoCallbackId(op.rawId));
    const done = current !== undefined && COMPLETED.has(current.Status!);
    if (!done) cm.setState(op, "IDLE_NOT_AWAITED");
    return { callbackId, done };
  });

  return twoPhase(phase1, async () => {
    const { callbackId, done } = await phase1;
    const result = new DurablePromise<unknown>(() =>
      guarded(ctx, async () => {
        const current = await cm.waitUntil(op.rawId, op.wireId, COMPLETED);
        cm.complete(op);
        if (!plugin?.onOperationEnd || done) return callbackOutcome(ctx, op, current, serdes);
        let value: unknown;
        try {
          value = await callbackOutcome(ctx, op, current, serdes);
        } catch (error) {
          await plugin.onOperationEnd({ ...toOperationInfo(current, identityOf(op)), isReplay: false, error: error as Error });
          throw error;
        }
        await plugin.onOperationEnd({ ...toOperationInfo(current, identityOf(op)), isReplay: false });
        return value;
      }),
    );
    return [result, callbackId] as const;
  });
}
