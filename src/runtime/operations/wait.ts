/** `wait` (see docs/guide/internals-operations.md#wait): a durable timer; the service completes it, the invocation suspends meanwhile. */
import { WAIT_ELAPSED_STATUS, WAIT_STARTED_STATUS, type WaitArgs } from "../../generated/index.js";
import { waitUpdates } from "../../generated/updates.js";
import { identityOf, operationSpec, type InternalContext } from "../context/internal-context.js";
import { toOperationInfo } from "../plugins/info.js";
import { TERMINAL_STATUSES } from "../execution/operations-state.js";
import { atLeastOneSecond, totalSeconds } from "../duration.js";
import type { DurablePromise } from "../durable-promise.js";
import { blocked, guarded, twoPhase } from "./common.js";

export function waitHandler(ctx: InternalContext, args: WaitArgs): DurablePromise<void> {
  const op = ctx.begin(operationSpec("wait", args.name));
  if (!op) return blocked();
  const cm = ctx.env.checkpoints;
  // Validated by the generated argument validator (the one Duration rule); the API's minimum is 1 s.
  const seconds = atLeastOneSecond(totalSeconds(args.duration));
  const plugin = ctx.env.plugin;

  const phase1 = guarded(ctx, async (): Promise<boolean> => {
    const stored = op.stored;
    if (stored && TERMINAL_STATUSES.has(stored.Status!)) {
      cm.complete(op);
      ctx.switchIfNothingFollows();
      // Finished before this invocation: "replay", unless the service reports it changed since the last one.
      if (plugin?.onOperationEnd) await plugin.onOperationEnd({ ...toOperationInfo(stored, identityOf(op)), isReplay: !ctx.env.updatedBetweenInvocations(op.wireId) });
      return true;
    }
    if (!stored) {
      await cm.checkpoint(op, waitUpdates.start(op, { waitSeconds: seconds }));
      if (plugin?.onOperationStart) await plugin.onOperationStart({ ...toOperationInfo(cm.recordOf(op), identityOf(op)), isReplay: false });
    } else if (plugin?.onOperationStart) {
      await plugin.onOperationStart({ ...toOperationInfo(stored, identityOf(op)), isReplay: true });
    }
    cm.setState(op, "IDLE_NOT_AWAITED");
    return false;
  });

  return twoPhase(phase1, async () => {
    const done = await phase1;
    if (done) return;
    cm.markAwaited(op.rawId);
    const current = cm.recordOf(op);
    const changed =
      current && TERMINAL_STATUSES.has(current.Status!)
        ? current
        : await cm.waitForStatusChange(op.wireId, current?.Status ?? WAIT_STARTED_STATUS, current?.WaitDetails?.ScheduledEndTimestamp);
    if (changed.Status !== WAIT_ELAPSED_STATUS) ctx.currentLogger().warn(`Wait ${op.name ?? op.rawId} ended with status ${changed.Status}`);
    cm.complete(op);
    if (plugin?.onOperationEnd && changed.Status === WAIT_ELAPSED_STATUS) await plugin.onOperationEnd({ ...toOperationInfo(changed, identityOf(op)), isReplay: false });
  });
}
