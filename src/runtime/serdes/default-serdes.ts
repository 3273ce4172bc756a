/**
 * The JSON serdes used when an operation has none configured.
 *
 * @module
 */
import type { AnySerdes } from "../../generated/index.js";

/**
 * Serializes with `JSON.stringify` and deserializes with `JSON.parse`. `undefined` stays `undefined`
 * in both directions, which means "no payload" on the wire.
 *
 * @example
 * ```ts
 * // The JSON serdes every operation uses unless configured otherwise.
 * const text = await defaultSerdes.serialize({ a: 1 }, { entityId: "1", durableExecutionArn: "arn" }); // '{"a":1}'
 * // Make it explicit for the whole execution (or pass another serdes here):
 * context.configureSerdes({ defaultSerdes });
 * ```
 */
export const defaultSerdes: AnySerdes = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)),
};
