/** `invoke` (see docs/guide/internals-operations.md#invoke): call another function through the service and wait for its result. */
import { CHAINED_INVOKE_DONE_STATUSES as COMPLETED, everyConfigFieldRead, InvokeError, CHAINED_INVOKE_SUCCEEDED_STATUS, resolveInvokeConfig, type InvokeArgs } from "../../generated/index.js";
import { invokeUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext } from "../context/internal-context.js";
import { toOperationInfo } from "../plugins/info.js";
import type { DurablePromise } from "../durable-promise.js";
import { blocked, deserialize, guarded, serialize, twoPhase } from "./common.js";
import { defaultSerdes } from "../serdes/default-serdes.js";

export function invokeHandler(ctx: InternalContext, args: InvokeArgs): DurablePromise<unknown> {
  const op = ctx.begin(operationSpec("invoke", args.name));
  if (!op) return blocked();
  const cm = ctx.env.checkpoints;
  const { payloadSerdes, resultSerdes, tenantId, ...unread } = resolveInvokeConfig(args.config, { payloadSerdes: defaultSerdes, resultSerdes: defaultSerdes });
  everyConfigFieldRead(unread, "InvokeConfig");
  const plugin = ctx.env.plugin;
  let doneBefore = false;

  const phase1 = guarded(ctx, async () => {
    if (op.stored && COMPLETED.has(op.stored.Status!)) {
      cm.complete(op);
      ctx.switchIfNothingFollows();
      doneBefore = true;
      if (plugin?.onOperationEnd) await plugin.onOperationEnd({ ...toOperationInfo(op.stored, identityOf(op)), isReplay: !ctx.env.updatedBetweenInvocations(op.wireId) });
      return;
    }
    if (!op.stored) {
      const payload = await serialize(ctx, payloadSerdes, args.input, op);
      await cm.checkpoint(op, invokeUpdates.start(op, { payload, functionName: args.funcId, tenantId }));
      if (plugin?.onOperationStart) await plugin.onOperationStart({ ...toOperationInfo(cm.recordOf(op), identityOf(op)), isReplay: false });
    } else if (plugin?.onOperationStart) {
      await plugin.onOperationStart({ ...toOperationInfo(op.stored, identityOf(op)), isReplay: true });
    }
    cm.setState(op, "IDLE_NOT_AWAITED");
  });

  return twoPhase(phase1, () =>
    guarded(ctx, async () => {
      await phase1;
      const current = await cm.waitUntil(op.rawId, op.wireId, COMPLETED);
      cm.complete(op);
      const details = current.ChainedInvokeDetails;
      const message = details?.Error?.ErrorMessage;
      // The constructor supplies the default message when the stored one is empty; then, as in the
      // reference, there is no cause.
      const failure = current.Status === CHAINED_INVOKE_SUCCEEDED_STATUS ? undefined : new InvokeError(message, message ? new Error(message) : undefined, details?.Error?.ErrorData);
      if (plugin?.onOperationEnd && !doneBefore) {
        const info = { ...toOperationInfo(current, identityOf(op)), isReplay: false };
        await plugin.onOperationEnd(failure ? { ...info, error: new Error(failure.message) } : info);
      }
      if (!failure) return deserialize(ctx, resultSerdes, details?.Result, op);
      throw failure;
    }),
  );
}
