/**
 * The JSON serdes used when an operation has none configured.
 *
 * @module
 */
import type { Serdes } from "../../generated/index.js";

/**
 * Serializes with `JSON.stringify` and deserializes with `JSON.parse`. `undefined` stays `undefined`
 * in both directions, which means "no payload" on the wire.
 */
// biome-ignore lint/suspicious/noExplicitAny: a generic JSON serdes has to accept any value.
export const defaultSerdes: Serdes<any> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)),
};
