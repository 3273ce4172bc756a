/**
 * Operation identifiers.
 *
 * Every durable operation gets a *raw id*: a hierarchical counter string such as `"1"`, `"2"`, or
 * `"1-2-1"` (the id of the enclosing context, a dash, then the operation's 1-based position inside that
 * context). Raw ids are what serdes see as `SerdesContext.entityId`. On the wire, `Id` and `ParentId`
 * carry the *wire id*: the first 16 lowercase hex characters of the MD5 digest of the raw id's UTF-8
 * bytes.
 *
 * @module
 */
import { WIRE_ID_LENGTH } from "../generated/index.js";
import { builtin } from "./builtins.js";

const crypto = builtin("node:crypto");


/** Upper bound on the number of raw id → wire id translations kept in memory. */
export const WIRE_ID_CACHE_LIMIT = 10_000;

/** Separator between the levels of a hierarchical raw id. */
export const RAW_ID_SEPARATOR = "-";

/** A map that holds at most `limit` entries: when full, the entry inserted first makes room. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.#entries.size >= this.limit && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }
}

const wireIdCache = new BoundedCache<string, string>(WIRE_ID_CACHE_LIMIT);

/**
 * Hashes an arbitrary string the way wire ids are derived, without touching the cache.
 *
 * Use this for one-off identifiers that will never be looked up again (for example the id of the
 * update that carries an oversize execution result, built from `"execution-result-<ms>"`), so they do
 * not push useful entries out of the cache.
 *
 * @param input - Any string; hashed as UTF-8.
 * @returns The first {@link WIRE_ID_LENGTH} hex characters of MD5(input).
 */
export function md5Prefix(input: string): string {
  // crypto.hash (every Node that `engines` allows has it): one call, no Hash object, much less garbage per id.
  return crypto.hash("md5", input, "hex").slice(0, WIRE_ID_LENGTH);
}

/**
 * Translates a raw operation id into the wire id sent as `Id` / `ParentId`.
 *
 * Results are memoised in a bounded cache: once {@link WIRE_ID_CACHE_LIMIT} entries are held, the
 * entry that was inserted first is dropped to make room (hot ids are re-inserted on their next use).
 *
 * @example
 * ```ts
 * toWireId("1"); // "c4ca4238a0b92382"
 * ```
 * @param rawId - A raw id such as `"1"` or `"1-2"`.
 */
export function toWireId(rawId: string): string {
  const cached = wireIdCache.get(rawId);
  if (cached !== undefined) return cached;
  const wireId = md5Prefix(rawId);
  wireIdCache.set(rawId, wireId);
  return wireId;
}

/**
 * Wire ids by position, for {@link wireIdAt}: the key is the raw id of the context ("" at the root),
 * the array holds the wire id of its operation at `position` at index `position - 1`.
 */
const wireIdsByPosition = new Map<string, string[]>();
/** How many wire ids {@link wireIdsByPosition} holds; at {@link WIRE_ID_CACHE_LIMIT} it starts over. */
let positionalCount = 0;

/**
 * The wire id of the `position`-th operation of the context whose raw id is `prefix` — the operation
 * whose raw id is `rawId` (`makeRawId(prefix, position)`) — memoised by position.
 *
 * This is the translation every operation start makes. Unlike {@link toWireId}'s cache, which is keyed
 * by the raw id string, remembering one costs an array store, not a hash-table insert of a new string
 * key: a cold replay of 10 000 operations translates 10 000 ids it will not ask for again in that
 * invocation, and the table inserts cost it more than the hashing. A later invocation in the same
 * process (a warm Lambda replaying the same history) finds them here. At most
 * {@link WIRE_ID_CACHE_LIMIT} are held; one more empties the memo first.
 *
 * When `history` holds a record under the id, the memo keeps the record's own `Id` string and returns
 * it, not the copy the hash just made. The record's copy is alive anyway while the invocation runs, so
 * the hashed copy dies young: a cold replay adds no string per operation that outlives V8's young
 * generation. (Keeping the hashed copies made a replay of 10 000 steps promote 10 000 strings, and V8
 * grew its young generation to hold them: on Node 24 the replay's peak heap was twice as high;
 * BENCHMARKS.md, thirty-third session.)
 *
 * @param prefix - The raw id of the enclosing context, or `undefined` at the root.
 * @param position - The operation's 1-based counter value in that context.
 * @param rawId - `makeRawId(prefix, position)`, which the caller has built already.
 * @param history - Where the invocation's records are looked up by wire id.
 */
export function wireIdAt(prefix: string | undefined, position: number, rawId: string, history?: { getOperation(wireId: string): { Id?: string } | undefined }): string {
  const key = prefix ?? "";
  let ids = wireIdsByPosition.get(key);
  if (ids !== undefined && position <= ids.length) {
    const known = ids[position - 1];
    if (known !== undefined) return known;
  }
  const hashed = md5Prefix(rawId);
  const wireId = history?.getOperation(hashed)?.Id ?? hashed;
  if (positionalCount >= WIRE_ID_CACHE_LIMIT) {
    wireIdsByPosition.clear();
    positionalCount = 0;
    ids = undefined;
  }
  if (ids === undefined) wireIdsByPosition.set(key, (ids = []));
  ids[position - 1] = wireId;
  positionalCount++;
  return wireId;
}

/**
 * Puts a translation {@link wireIdAt} made into {@link toWireId}'s cache, for an operation whose raw id
 * will be translated again (its checkpoint updates, its child context), so that does not hash it anew.
 */
export function rememberWireId(rawId: string, wireId: string): void {
  wireIdCache.set(rawId, wireId);
}

/**
 * Builds the raw id of the `position`-th operation (1-based) of a context.
 *
 * @param prefix - The raw id of the enclosing context, or `undefined` / `""` at the root.
 * @param position - The operation's counter value inside that context (1 for the first operation).
 */
export function makeRawId(prefix: string | undefined, position: number): string {
  return prefix ? `${prefix}${RAW_ID_SEPARATOR}${position}` : String(position);
}
