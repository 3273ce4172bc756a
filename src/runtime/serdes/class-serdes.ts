/**
 * Serdes that rebuild class instances.
 *
 * @module
 */
import {
  describeReceived,
  fixDurableValidationErrorClassSerdesDatePropsInvalid,
  fixDurableValidationErrorClassSerdesNotClass,
  messageDurableValidationErrorClassSerdesDatePropsInvalid,
  messageDurableValidationErrorClassSerdesNotClass,
  type Serdes,
} from "../../generated/index.js";
import { invalidInput } from "../duration.js";
import { decodeRichJson, encodeRichJson } from "./rich-json.js";

/** A class that can be constructed without arguments. */
export type NoArgClass<T> = new () => T;

function assertClass(cls: unknown, operation: string): void {
  if (typeof cls === "function") return;
  throw invalidInput({
    operation,
    field: `${operation}.cls`,
    problem: messageDurableValidationErrorClassSerdesNotClass(operation, describeReceived(cls)),
    fix: fixDurableValidationErrorClassSerdesNotClass,
    received: cls,
  });
}

/** `Object.assign(new Cls(), parsed)`: a fresh instance carrying the parsed own properties. */
function instantiate<T extends object>(cls: NoArgClass<T>, parsed: unknown): T {
  return Object.assign(new cls(), parsed);
}

/**
 * Creates a serdes for instances of `cls`.
 *
 * Serializing writes `JSON.stringify(value)`. Deserializing constructs `new cls()` (so the class must be
 * constructible without arguments, and constructor side effects run again) and copies the parsed own
 * properties onto it, which brings the class's methods back. Nested objects stay plain, Dates come back
 * as strings, and `#private` fields and accessors are not carried over. `undefined` stays `undefined`.
 *
 * @param cls - The class to rebuild.
 * @throws DurableValidationError when `cls` is not a function.
 *
 * @example
 * ```ts
 * class Cart {
 *   items: string[] = [];
 *   get size(): number {
 *     return this.items.length;
 *   }
 * }
 * const cart = await context.step("load-cart", async () => Object.assign(new Cart(), { items: ["a", "b"] }), {
 *   serdes: createClassSerdes(Cart),
 * });
 * cart.size; // 2, also after a replay: the stored fields are put on a new Cart
 * ```
 */
export function createClassSerdes<T extends object>(cls: NoArgClass<T>): Serdes<T> {
  assertClass(cls, "createClassSerdes");
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => (data === undefined ? undefined : instantiate(cls, JSON.parse(data))),
  };
}

/** Turns the value at `path` (dot-separated keys) back into a Date when it is present and truthy. */
function reviveDateAt(root: object, path: string): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let holder: unknown = root;
  for (const key of keys) {
    if (typeof holder !== "object" || holder === null) return;
    holder = (holder as Record<string, unknown>)[key];
  }
  if (typeof holder !== "object" || holder === null) return;
  const record = holder as Record<string, unknown>;
  const current = record[last];
  if (current && !(current instanceof Date)) record[last] = new Date(current as string | number);
}

/**
 * Creates a class serdes that also restores Dates — and does better than the reference SDK, which only
 * revives the listed paths:
 *
 * - Every path in `dateProps` (dot notation such as `"createdAt"` or `"meta.publishedAt"`; numeric
 *   segments index arrays) that holds a truthy value after parsing becomes a `Date`, exactly as the
 *   reference does, so payloads written by the reference read back the same way.
 * - Dates anywhere else, and `Map` / `Set` values at any depth (with their keys and members), also
 *   survive a round trip. Values that hold none of these serialize to plain `JSON.stringify` output;
 *   the others use a small tagged envelope, documented in `rich-json.ts`
 *   (`{"$durableSerdes":1,"value":…}` with `{"$durable":"Date"|"Map"|"Set", …}` nodes).
 *
 * As with {@link createClassSerdes}, the top-level object is rebuilt with `new cls()`; nested class
 * instances come back as plain objects.
 *
 * @param cls - The class to rebuild (constructible without arguments).
 * @param dateProps - Property paths that hold Dates.
 * @throws DurableValidationError when `cls` is not a function or `dateProps` is not an array of strings.
 *
 * @example
 * ```ts
 * class Invoice {
 *   id = "";
 *   due = new Date(0);
 * }
 * const invoice = await context.step("load", async () => Object.assign(new Invoice(), { id: "inv-1", due: new Date() }), {
 *   serdes: createClassSerdesWithDates(Invoice, ["due"]),
 * });
 * invoice.due.getTime(); // a Date again after a replay
 * ```
 */
export function createClassSerdesWithDates<T extends object>(
  cls: NoArgClass<T>,
  dateProps: string[],
): Serdes<T> {
  const operation = "createClassSerdesWithDates";
  assertClass(cls, operation);
  if (!Array.isArray(dateProps) || !dateProps.every((p) => typeof p === "string" && p.length > 0)) {
    throw invalidInput({
      operation,
      field: `${operation}.dateProps`,
      problem: messageDurableValidationErrorClassSerdesDatePropsInvalid(operation),
      fix: fixDurableValidationErrorClassSerdesDatePropsInvalid,
      received: dateProps,
    });
  }
  const paths = [...dateProps];
  const plainDatePaths: ReadonlySet<string> = new Set(paths);
  return {
    serialize: async (value) => (value === undefined ? undefined : encodeRichJson(value, plainDatePaths)),
    deserialize: async (data) => {
      if (data === undefined) return undefined;
      const instance = instantiate(cls, decodeRichJson(data));
      for (const path of paths) reviveDateAt(instance, path);
      return instance;
    },
  };
}
