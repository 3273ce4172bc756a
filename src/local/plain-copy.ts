/**
 * Deep copies of the service's records (history events, operations, error objects) made with this
 * module's own global constructors.
 *
 * `structuredClone` is not used for values handed to callers: under Jest each test file runs in its
 * own realm while `structuredClone` is the host's, so the Dates it builds fail the test's
 * `toBeInstanceOf(Date)`. Plain code builds the copy with the `Date`, `Array` and `Object` of the
 * realm this module was loaded in — the test's realm.
 */

/** A deep copy of JSON-like data with Dates (shared references and cycles are kept as such). */
export function plainCopy<T>(value: T): T {
  return copyValue(value, new Map()) as T;
}

function copyValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== "object" || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Object.prototype.toString.call(value) === "[object Date]") {
    const copy = new Date(Date.prototype.getTime.call(value));
    seen.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(copyValue(item, seen));
    return copy;
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const copy = Uint8Array.from(bytes);
    seen.set(value, copy);
    return copy;
  }
  if (Object.prototype.toString.call(value) === "[object Error]") {
    const source = value as Error;
    const copy = new Error(source.message);
    seen.set(value, copy);
    if (source.name !== copy.name) Object.defineProperty(copy, "name", { value: source.name, writable: true, configurable: true });
    if (source.stack !== undefined) Object.defineProperty(copy, "stack", { value: source.stack, writable: true, configurable: true });
    for (const key of Object.keys(source)) Reflect.set(copy, key, copyValue(Reflect.get(source, key), seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = copyValue((value as Record<string, unknown>)[key], seen);
  return copy;
}
