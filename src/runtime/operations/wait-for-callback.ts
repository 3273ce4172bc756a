/**
 * `waitForCallback` (see docs/guide/internals-operations.md#waitforcallback): a child context (subtype WaitForCallback) holding an unnamed callback and
 * an unnamed submitter step; its result is the raw payload, deserialized by the caller's serdes.
 */
import {
  CallbackError,
  CallbackSubmitterError,
  ChildContextError,
  StepError,
  everyConfigFieldRead,
  resolveWaitForCallbackConfig,
  type DurableContext,
  type DurableOperationError,
  OPERATIONS,
  type WaitForCallbackArgs,
} from "../../generated/index.js";
import type { InternalContext } from "../context/internal-context.js";
import type { DurablePromise } from "../durable-promise.js";
import { createCallbackHandler, passThroughDeserializer } from "./callback.js";
import { stepHandler } from "./step.js";
import { waitForCallbackPartName } from "./wait-for-callback-names.js";
import { startChildContext } from "./child-context.js";
import { deserialize, guarded, operationPromise } from "./common.js";
import { makeRawId } from "../ids.js";
import { retryPresets } from "../retry/presets.js";

/**
 * As the reference, by the stored type (`error` is rebuilt from it, one class per type): the callback's
 * own failures pass through, a failed submitter step (StepError) becomes a CallbackSubmitterError (its
 * errorData stays on the cause), anything else, CallbackSubmitterError included, a ChildContextError.
 */
function mapError(error: DurableOperationError): DurableOperationError {
  if (error instanceof CallbackError && !(error instanceof CallbackSubmitterError)) return error;
  if (error instanceof StepError) return new CallbackSubmitterError(error.message, error);
  return new ChildContextError(error.message, error);
}

export function waitForCallbackHandler(ctx: InternalContext, args: WaitForCallbackArgs): DurablePromise<unknown> {
  const { submitter } = args;
  const { timeout, heartbeatTimeout, retryStrategy, serdes, ...unread } = resolveWaitForCallbackConfig(args.config, {
    retryStrategy: retryPresets.default,
    serdes: passThroughDeserializer,
  });
  everyConfigFieldRead(unread, "WaitForCallbackConfig");
  const raw = startChildContext<string | undefined>(ctx, {
    method: "waitForCallback",
    name: args.name,
    subType: OPERATIONS.waitForCallback.subType,
    errorMapper: mapError,
    fn: async (child: DurableContext, internal: InternalContext) => {
      const callbackConfig = { timeout, heartbeatTimeout, serdes: passThroughDeserializer as never };
      const submit = async (stepContext: { logger: DurableContext["logger"] }) => {
        await submitter(callbackId, { logger: stepContext.logger });
      };
      const stepConfig = { retryStrategy };
      // With plugins, the unnamed callback and submitter are shown to them as "<name>-callback" and
      // "<name>-submitter" (never checkpointed), as the reference does.
      const named = internal.env.plugin !== undefined && args.name !== undefined;
      const [result, callbackId] = named
        ? ((await createCallbackHandler(internal, { name: undefined, config: callbackConfig }, waitForCallbackPartName(args.name!, "callback"))) as [Promise<unknown>, string])
        : await child.createCallback(callbackConfig);
      if (named) await stepHandler(internal, { name: undefined, fn: submit as never, config: stepConfig }, waitForCallbackPartName(args.name!, "submitter"));
      else await child.step(submit, stepConfig);
      return (await result) as string | undefined;
    },
  });
  const rawId = makeRawId(ctx.prefix, ctx.counter);
  return operationPromise(
    guarded(ctx, async () => {
      const text = await raw;
      return serdes === passThroughDeserializer
        ? text
        : deserialize(ctx, serdes, text, { rawId, name: args.name });
    }),
  );
}
