/** Pieces every operation handler uses: two-phase promises, error objects and serdes calls. */
import {
  messageSerdesFailedErrorSerializeNotString,
  messageStepErrorUnknownType,
  DurableOperationError,
  isUnrecoverableError,
  SerdesFailedError,
  type ErrorObject,
  type Serdes,
  type SerdesContext,
  TerminationReason,
} from "../../generated/index.js";
import { DurablePromise, settledDurablePromise } from "../durable-promise.js";
import { never } from "../execution/termination.js";
import type { InternalContext, OperationStart } from "../context/internal-context.js";
import { defaultSerdes } from "../serdes/default-serdes.js";
import { serdesFailureMessage } from "../serdes/safe-serdes.js";
import { thrownText } from "../text.js";

const noop = () => {};

/**
 * The promise an operation returns when awaiting adds nothing to phase 1 (which already runs). Phase 1
 * rejections are observed so an un-awaited failure is not an unhandled rejection.
 */
export function operationPromise<T>(phase1: Promise<T>): DurablePromise<T> {
  phase1.then(undefined, noop);
  // Awaiting it hands out phase1 itself (`Promise.resolve` of a native promise is that promise), as
  // `twoPhase(phase1, () => phase1)` would, without a closure per operation.
  return settledDurablePromise(phase1);
}

/** A two-phase operation: `phase1` runs now; `phase2` (which usually awaits phase 1) runs when awaited. */
export function twoPhase<T>(phase1: Promise<unknown>, phase2: () => Promise<T>): DurablePromise<T> {
  phase1.then(undefined, noop);
  return new DurablePromise<T>(phase2);
}

/** What a blocked operation returns: it never settles (the invocation is ending). */
export function blocked<T>(): DurablePromise<T> {
  return new DurablePromise<T>(() => never<T>());
}

function textOrNothing(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : thrownText(value);
}

/** The stored form of anything thrown (see docs/guide/internals-operations.md#stored-errors). */
export function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof DurableOperationError) return error.toErrorObject();
  if (error !== null && typeof error === "object" && "message" in error && "name" in error) {
    const e = error as { name: unknown; message: unknown };
    // As the reference: a missing (undefined or null) name or message is left out of the update, and
    // only a DurableOperationError has ErrorData.
    return { ErrorType: textOrNothing(e.name), ErrorMessage: textOrNothing(e.message), ErrorData: undefined, StackTrace: undefined };
  }
  return { ErrorMessage: messageStepErrorUnknownType };
}

/** Ends the invocation with an unrecoverable error's own reason. Returns a never-settling promise. */
export function terminateWith<T>(ctx: InternalContext, error: Error & { terminationReason?: TerminationReason }): Promise<T> {
  ctx.env.termination.terminate({ reason: error.terminationReason ?? TerminationReason.CUSTOM, message: error.message, error });
  return never<T>();
}

/** Rethrows unrecoverable errors as a termination; returns false for ordinary errors. */
export function handleUnrecoverable(ctx: InternalContext, error: unknown): boolean {
  if (isUnrecoverableError(error) || (error as { isUnrecoverable?: unknown })?.isUnrecoverable === true) {
    void terminateWith(ctx, error as Error);
    return true;
  }
  return false;
}

/** What serdes calls need of an operation: its raw id (the SerdesContext entityId) and name (for errors). */
type SerdesTarget = Pick<OperationStart, "rawId" | "name">;

/** The SerdesFailedError for a serdes call on `op` that threw or rejected with `cause`. */
export function serdesError(direction: "Serialization" | "Deserialization", op: SerdesTarget, cause: unknown): SerdesFailedError {
  return new SerdesFailedError(serdesFailureMessage(direction, { name: op.name, rawId: op.rawId }, cause), cause instanceof Error ? cause : undefined);
}

/** What the default (JSON) serdes makes of `value`, synchronously; a failure becomes SerdesFailedError. */
export function serializeJson(value: unknown, op: SerdesTarget): string | undefined {
  try {
    return value === undefined ? undefined : JSON.stringify(value);
  } catch (cause) {
    throw serdesError("Serialization", op, cause);
  }
}

/** What the default (JSON) serdes makes of `data`, synchronously; a failure becomes SerdesFailedError. */
export function deserializeJson(data: string | undefined, op: SerdesTarget): unknown {
  try {
    return data === undefined ? undefined : JSON.parse(data);
  } catch (cause) {
    throw serdesError("Deserialization", op, cause);
  }
}

/** The SerdesContext a serdes call on `op` is given: the operation's raw id and the execution's ARN. */
export function serdesContext(ctx: InternalContext, op: SerdesTarget): SerdesContext {
  return { entityId: op.rawId, durableExecutionArn: ctx.env.arn };
}

/** Serializes with the operation's serdes; a failure becomes SerdesFailedError. */
export async function serialize(ctx: InternalContext, serdes: Serdes<unknown> | undefined, value: unknown, op: SerdesTarget): Promise<string | undefined> {
  const s = serdes ?? ctx.serdes.defaultSerdes;
  if (s === defaultSerdes) return serializeJson(value, op);
  let data: unknown;
  try {
    data = await s.serialize(value, serdesContext(ctx, op));
  } catch (cause) {
    throw serdesError("Serialization", op, cause);
  }
  if (data !== undefined && typeof data !== "string") throw serdesError("Serialization", op, new TypeError(messageSerdesFailedErrorSerializeNotString(data === null ? "null" : typeof data)));
  return data as string | undefined;
}

/** Deserializes with the operation's serdes; a failure becomes SerdesFailedError. */
export async function deserialize(ctx: InternalContext, serdes: Pick<Serdes<unknown>, "deserialize"> | undefined, data: string | undefined, op: SerdesTarget): Promise<unknown> {
  const s = serdes ?? ctx.serdes.defaultSerdes;
  if (s === defaultSerdes) return deserializeJson(data, op);
  try {
    return await s.deserialize(data, serdesContext(ctx, op));
  } catch (cause) {
    throw serdesError("Deserialization", op, cause);
  }
}

/**
 * `promise`'s outcome, `extra` microtask turns after it settles (each `await 0` takes one). The
 * checkpoint queue is held meanwhile: these turns only pass an outcome on, as the reference's extra
 * promise layers do, so they do not count as the quiet turns after which it sends (an update the
 * outcome's receiver queues still rides the same call).
 */
export async function turns<T>(ctx: InternalContext, promise: Promise<T>, extra: number): Promise<T> {
  const cm = ctx.env.checkpoints;
  try {
    return await promise;
  } finally {
    cm.held++;
    while (extra--) await 0;
    cm.held--;
  }
}

/** Runs `fn`, turning a SerdesFailedError (or any unrecoverable error) into a termination. */
export async function guarded<T>(ctx: InternalContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (handleUnrecoverable(ctx, error)) return never<T>();
    throw error;
  }
}
