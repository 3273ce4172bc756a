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
import * as crypto from "node:crypto";

/** Number of hex characters of the MD5 digest kept in a wire id. */
export const WIRE_ID_LENGTH = 16;

/** Upper bound on the number of raw id → wire id translations kept in memory. */
export const WIRE_ID_CACHE_LIMIT = 10_000;

/** Separator between the levels of a hierarchical raw id. */
export const RAW_ID_SEPARATOR = "-";

const wireIdCache = new Map<string, string>();

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
  return (oneShotHash ? oneShotHash("md5", input, "hex") : crypto.createHash("md5").update(input, "utf8").digest("hex")).slice(0, WIRE_ID_LENGTH);
}

/** `crypto.hash` (Node ≥ 20.12): one call, no Hash object — much less garbage per id. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

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
  if (wireIdCache.size >= WIRE_ID_CACHE_LIMIT) {
    const oldest = wireIdCache.keys().next();
    if (!oldest.done) wireIdCache.delete(oldest.value);
  }
  wireIdCache.set(rawId, wireId);
  return wireId;
}

/** Alias of {@link toWireId}, under the name the reference implementation uses internally. */
export const hashId = toWireId;

/**
 * Translates an optional raw id; `undefined` (the root context, which has no id) stays `undefined`.
 * Handy for `ParentId`, which root-level operations omit.
 */
export function toOptionalWireId(rawId: string | undefined): string | undefined {
  return rawId === undefined ? undefined : toWireId(rawId);
}

/** Number of wire ids currently memoised (for diagnostics and tests). */
export function wireIdCacheSize(): number {
  return wireIdCache.size;
}

/** Empties the wire id cache (for tests; never needed for correctness). */
export function clearWireIdCache(): void {
  wireIdCache.clear();
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

/**
 * Returns the raw id of the context that encloses `rawId`, or `undefined` for a root-level id.
 *
 * @example
 * ```ts
 * parentRawId("1-2-3"); // "1-2"
 * parentRawId("4");     // undefined
 * ```
 */
export function parentRawId(rawId: string): string | undefined {
  const cut = rawId.lastIndexOf(RAW_ID_SEPARATOR);
  return cut === -1 ? undefined : rawId.slice(0, cut);
}

/** Nesting depth of a raw id: 1 for root-level operations, 2 for their children, and so on. */
export function rawIdDepth(rawId: string): number {
  let depth = 1;
  for (const ch of rawId) if (ch === RAW_ID_SEPARATOR) depth++;
  return depth;
}

/**
 * Per-context allocator of raw ids. Each {@link RawIdCounter.next} call claims the next slot
 * synchronously, matching how every durable call takes its id at call time.
 */
export interface RawIdCounter {
  /** The enclosing context's raw id (`undefined` at the root). */
  readonly prefix: string | undefined;
  /** How many ids have been handed out so far. */
  readonly count: number;
  /** Claims and returns the next raw id. */
  next(): string;
  /** Returns the raw id the next {@link RawIdCounter.next} call would return, without claiming it. */
  peek(): string;
}

/**
 * Creates a {@link RawIdCounter} for a context.
 *
 * @param prefix - The raw id of the operation that owns the context (`undefined` for the root).
 * @param start - Number of slots already consumed (default 0, so the first id ends in `1`).
 */
export function createRawIdCounter(prefix?: string, start = 0): RawIdCounter {
  let count = start;
  return {
    prefix,
    get count() {
      return count;
    },
    next() {
      count += 1;
      return makeRawId(prefix, count);
    },
    peek() {
      return makeRawId(prefix, count + 1);
    },
  };
}
