/**
 * Serdes calls as the runtime makes them: any failure becomes a `SerdesFailedError`.
 *
 * @module
 */
import { messageSerdesFailedErrorFailedForStep, messageSerdesFailedErrorSerializeNotString, messageSerdesFailedErrorUnknownCause, SerdesFailedError, type Serdes, type SerdesContext } from "../../generated/index.js";
import { thrownText } from "../text.js";

/** Identifies the operation whose payload is being (de)serialized, for the error message. */
export interface SerdesTarget {
  /** The operation's user-given name; omitted from the message when absent or empty. */
  name?: string;
  /** The operation's raw id, e.g. `"1-2"`. */
  rawId: string;
}

/** Which way the payload was travelling when the serdes failed. */
export type SerdesDirection = "Serialization" | "Deserialization";

/**
 * Builds the message of a serdes failure:
 * `Serialization failed for step "<name>" (<raw id>): <cause>` (or `Deserialization …`; without the
 * quoted name for unnamed operations). The cause is the thrown error's message, or
 * `Unknown serialization error` / `Unknown deserialization error` when something other than an Error
 * was thrown.
 */
export function serdesFailureMessage(direction: SerdesDirection, target: SerdesTarget, cause: unknown): string {
  const label = target.name ? `"${target.name}" ` : "";
  const detail = cause instanceof Error ? thrownText(cause.message) : messageSerdesFailedErrorUnknownCause(direction.toLowerCase());
  return messageSerdesFailedErrorFailedForStep(direction, label, target.rawId, detail);
}

function failure(direction: SerdesDirection, target: SerdesTarget, cause: unknown): SerdesFailedError {
  return new SerdesFailedError(
    serdesFailureMessage(direction, target, cause),
    cause instanceof Error ? cause : undefined,
  );
}

/**
 * Serializes `value` with `serdes`. A throw (synchronous or asynchronous) or a result that is neither a
 * string nor `undefined` is reported as a {@link SerdesFailedError} (whose message gets the
 * `[Unrecoverable Invocation] ` prefix); a thrown Error is kept as its `cause` / `originalError`.
 */
export async function safeSerialize<T>(
  serdes: Serdes<T>,
  value: T | undefined,
  context: SerdesContext,
  target: SerdesTarget,
): Promise<string | undefined> {
  let data: unknown;
  try {
    data = await serdes.serialize(value, context);
  } catch (cause) {
    throw failure("Serialization", target, cause);
  }
  if (data !== undefined && typeof data !== "string") {
    const cause = new TypeError(messageSerdesFailedErrorSerializeNotString(data === null ? "null" : typeof data));
    throw failure("Serialization", target, cause);
  }
  return data;
}

/**
 * Deserializes `data` with `serdes`. A throw (synchronous or asynchronous) is reported as a
 * {@link SerdesFailedError}; a thrown Error is kept as its `cause` / `originalError`.
 */
export async function safeDeserialize<T>(
  serdes: Serdes<T>,
  data: string | undefined,
  context: SerdesContext,
  target: SerdesTarget,
): Promise<T | undefined> {
  try {
    return await serdes.deserialize(data, context);
  } catch (cause) {
    throw failure("Deserialization", target, cause);
  }
}
