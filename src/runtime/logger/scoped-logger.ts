/**
 * The logger handed to a root-level step body (or waitForCondition check) that runs with the scope
 * marker instead of the async-local store (see src/runtime/execution/async-context.ts): each call
 * marks the operation's scope while it runs, so the log line carries the operation's metadata
 * (operationId, operationName, attempt) even when logged after an `await` in the body.
 *
 * @module
 */
import type { DurableContextLogger, DurableLogger } from "../../generated/index.js";
import { runMarked, type ActiveContext } from "../execution/async-context.js";
import { createForwardingLogger } from "./mode-aware-logger.js";

/**
 * The StepContext (`{ logger, attempt }`) of a root-level body: its logger is `logger` bound to `scope`,
 * built on first read — most bodies never log, and building the bound logger is the costliest part of
 * starting a body in a fresh process. `logger` stays an own enumerable property (an accessor), so
 * spreading or destructuring the context sees it as before.
 */
export function markedStepContext<L extends DurableLogger>(logger: L, scope: ActiveContext, attempt: number): { readonly logger: DurableContextLogger<L>; attempt: number } {
  let bound: DurableContextLogger<L> | undefined;
  return {
    get logger() {
      return (bound ??= scopedLogger(logger, scope));
    },
    attempt,
  };
}

/** `logger` with `scope` marked during each call. */
export function scopedLogger<L extends DurableLogger>(logger: L, scope: ActiveContext): DurableContextLogger<L> {
  return createForwardingLogger(() => logger, (call) => runMarked(scope, call));
}
