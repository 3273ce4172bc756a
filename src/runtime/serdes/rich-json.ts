/**
 * A JSON encoding that also carries `Date`, `Map` and `Set` values, while producing exactly
 * `JSON.stringify(value)` for values that do not need it.
 *
 * ## Format
 *
 * **Plain form.** When the value holds no `Map`, no `Set` and no `Date` other than at the
 * caller-declared "plain date paths", the output is byte-for-byte `JSON.stringify(value)` (Dates at the
 * declared paths become ISO strings, as usual). Readers that know nothing of this module — including
 * the reference SDK's `createClassSerdesWithDates` — read it unchanged.
 *
 * **Envelope form.** Otherwise the output is
 * `{"$durableSerdes":1,"value":<tagged JSON>}`, where inside `value`:
 *
 * | original | encoded as |
 * |---|---|
 * | `Date` | `{"$durable":"Date","iso":"2024-01-02T03:04:05.000Z"}` (`"iso":null` for an invalid date) |
 * | `Map` | `{"$durable":"Map","entries":[[key, value], …]}` (keys and values encoded recursively) |
 * | `Set` | `{"$durable":"Set","values":[value, …]}` |
 * | a plain object that itself has a `"$durable"` key | `{"$durable":"Object","entries":[[key, value], …]}` |
 *
 * Everything else follows `JSON.stringify` rules (`toJSON` is honoured, `undefined` members are dropped,
 * `undefined` array elements, Map values and Set members become `null`, BigInt throws). Escaping
 * user objects that already contain `"$durable"` keeps decoding unambiguous, and a plain value whose top
 * level happens to contain `"$durableSerdes"` is written in envelope form for the same reason.
 *
 * @module
 */
import {
  messagePlainErrorRichJsonDateIsoInvalid,
  messagePlainErrorRichJsonMalformed,
  messagePlainErrorRichJsonObjectKeyInvalid,
  messagePlainErrorRichJsonPairsInvalid,
  messagePlainErrorRichJsonSetValuesInvalid,
  messagePlainErrorRichJsonTagUnknown,
  messagePlainErrorRichJsonVersionUnsupported,
} from "../../generated/errors.js";

/** Top-level key that marks the envelope form; its value is the format version. */
export const ENVELOPE_KEY = "$durableSerdes";
/** Current envelope format version. */
export const ENVELOPE_VERSION = 1;
/** Key that marks a tagged value inside the envelope. */
export const TAG_KEY = "$durable";

type Holder = Record<string, unknown>;

const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);

const isPlainRecord = (value: unknown): value is Holder =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Tells whether `value` must be written in envelope form: it contains a Map or a Set, a Date at a path
 * not listed in `plainDatePaths`, or its top level would collide with the envelope marker.
 * Also returns the plain JSON text, so the common case costs one `JSON.stringify`.
 */
function plainPass(
  value: unknown,
  plainDatePaths: ReadonlySet<string>,
): { json: string | undefined; needsEnvelope: boolean } {
  const pathOf = new WeakMap<object, string>();
  let needsEnvelope = false;
  const json = JSON.stringify(value, function (this: Holder, key: string, current: unknown) {
    const parentPath = pathOf.get(this);
    const path = parentPath === undefined ? "" : parentPath === "" ? key : `${parentPath}.${key}`;
    if (!needsEnvelope) {
      const raw = this[key];
      if (raw instanceof Date) needsEnvelope = !plainDatePaths.has(path);
      else if (current instanceof Map || current instanceof Set) needsEnvelope = true;
      else if (parentPath === undefined && isPlainRecord(current) && hasOwn(current, ENVELOPE_KEY)) {
        needsEnvelope = true;
      }
    }
    if (typeof current === "object" && current !== null) pathOf.set(current, path);
    return current;
  });
  return { json, needsEnvelope };
}

/** JSON.stringify replacer that writes the tagged form described in the module docs. */
function taggingReplacer(this: Holder, key: string, current: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) {
    return { [TAG_KEY]: "Date", iso: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
  }
  if (current instanceof Map) return { [TAG_KEY]: "Map", entries: [...current.entries()] };
  if (current instanceof Set) return { [TAG_KEY]: "Set", values: [...current.values()] };
  if (isPlainRecord(current) && hasOwn(current, TAG_KEY)) {
    return { [TAG_KEY]: "Object", entries: Object.entries(current) };
  }
  return current;
}

/**
 * Encodes `value` (see the module docs for the format).
 *
 * @param value - Any JSON-compatible value, possibly containing Dates, Maps and Sets.
 * @param plainDatePaths - Dotted property paths (e.g. `"meta.createdAt"`, `"items.0.at"`) whose Dates
 *   the reader revives by itself, so they do not force the envelope form.
 * @returns The JSON text, or `undefined` when `JSON.stringify` would return `undefined`.
 */
export function encodeRichJson(
  value: unknown,
  plainDatePaths: ReadonlySet<string> = new Set(),
): string | undefined {
  const { json, needsEnvelope } = plainPass(value, plainDatePaths);
  if (!needsEnvelope || json === undefined) return json;
  const tagged = JSON.stringify(value, taggingReplacer);
  return `{"${ENVELOPE_KEY}":${ENVELOPE_VERSION},"value":${tagged}}`;
}

function corrupt(detail: string): never {
  throw new Error(messagePlainErrorRichJsonMalformed(ENVELOPE_KEY, detail));
}

function pairsOf(node: Holder, field: string, kind: string): unknown[][] {
  const list = node[field];
  if (!Array.isArray(list) || !list.every((pair) => Array.isArray(pair) && pair.length === 2)) {
    corrupt(messagePlainErrorRichJsonPairsInvalid(kind, field));
  }
  return list as unknown[][];
}

function reviveTagged(node: Holder): unknown {
  const tag = node[TAG_KEY];
  switch (tag) {
    case "Date": {
      const iso = node.iso;
      if (iso !== null && typeof iso !== "string") corrupt(messagePlainErrorRichJsonDateIsoInvalid);
      return new Date(iso === null ? Number.NaN : iso);
    }
    case "Map":
      return new Map(pairsOf(node, "entries", "Map").map(([k, v]) => [revive(k), revive(v)]));
    case "Set": {
      const values = node.values;
      if (!Array.isArray(values)) corrupt(messagePlainErrorRichJsonSetValuesInvalid);
      return new Set(values.map(revive));
    }
    case "Object": {
      const out: Holder = {};
      for (const [k, v] of pairsOf(node, "entries", "Object")) {
        if (typeof k !== "string") corrupt(messagePlainErrorRichJsonObjectKeyInvalid);
        Object.defineProperty(out, k, { value: revive(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return corrupt(messagePlainErrorRichJsonTagUnknown(TAG_KEY, JSON.stringify(tag)));
  }
}

/** Replaces tagged nodes bottom-up, in place for arrays and plain objects. */
function revive(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = revive(node[i]);
    return node;
  }
  if (!isPlainRecord(node)) return node;
  if (hasOwn(node, TAG_KEY)) return reviveTagged(node);
  for (const key of Object.keys(node)) {
    const before = node[key];
    const after = revive(before);
    // defineProperty rather than assignment, so a "__proto__" key never reaches the prototype setter.
    if (after !== before) {
      Object.defineProperty(node, key, { value: after, enumerable: true, writable: true, configurable: true });
    }
  }
  return node;
}

/**
 * Decodes text written by {@link encodeRichJson}. Plain JSON (including anything written by other
 * serializers) is returned as `JSON.parse` gives it.
 *
 * @throws SyntaxError for invalid JSON; Error for an envelope of an unknown version or a malformed tag.
 */
export function decodeRichJson(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  if (!isPlainRecord(parsed) || !hasOwn(parsed, ENVELOPE_KEY)) return parsed;
  const version = parsed[ENVELOPE_KEY];
  if (version !== ENVELOPE_VERSION) {
    corrupt(messagePlainErrorRichJsonVersionUnsupported(JSON.stringify(version), ENVELOPE_VERSION));
  }
  return revive(parsed.value);
}
