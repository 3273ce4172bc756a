/**
 * The execution-history matcher of the official conformance runner (local-service spec §2.4),
 * rule for rule:
 *
 * - expected events are found in the actual history by EventId (a missing id is an error; actual
 *   events the requirement does not list are ignored);
 * - `{}` and `'*'` accept any value, but the key itself must exist in the parent object;
 * - a whole-string `${NAME}` is a placeholder: bound on first sight, equal on every later sight
 *   (variables are bound before matching, so they act as literals);
 * - a whole-string `${/re/}` must be found (regex search) in the text of the actual value;
 * - objects are compared over the expected keys only, each of which must exist; arrays element-wise
 *   with equal lengths; anything else by equality after substituting bound `${NAME}` references.
 *
 * The matcher never relaxes a rule to make a requirement pass.
 */
import { PlaceholderContext, placeholderName, pythonStr, regexMatcher } from "./placeholders.js";

export interface MatchResult {
  ok: boolean;
  errors: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Python `==` on JSON-like values (numbers by value, objects by keys and values, lists in order). */
export function pythonEquals(a: unknown, b: unknown): boolean {
  // Python's bool is an int: True == 1.
  const numeric = (v: unknown) => (typeof v === "boolean" ? Number(v) : v);
  if (typeof numeric(a) === "number" && typeof numeric(b) === "number") return numeric(a) === numeric(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => pythonEquals(item, b[index]));
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && pythonEquals(a[key], b[key]));
  }
  // null and undefined are both Python's None.
  return (a ?? null) === (b ?? null);
}

/** Short printable form of a value for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export class EventHistoryMatcher {
  private errors: string[] = [];

  constructor(readonly context: PlaceholderContext = new PlaceholderContext()) {}

  /** Matches the expected events (YAML) against the actual history (JSON form of the events). */
  match(expectedEvents: readonly unknown[], actualEvents: readonly unknown[]): MatchResult {
    this.errors = [];
    const byId = new Map<unknown, unknown>();
    for (const event of actualEvents) {
      if (isPlainObject(event) && event.EventId !== undefined && event.EventId !== null) byId.set(event.EventId, event);
    }
    for (const expected of expectedEvents) {
      const eventId = isPlainObject(expected) ? expected.EventId : undefined;
      if (eventId === undefined || eventId === null) {
        this.errors.push(`Expected event missing EventId: ${show(expected)}`);
        continue;
      }
      const actual = byId.get(eventId);
      if (actual === undefined) {
        this.errors.push(`No actual event found for EventId=${String(eventId)}`);
        continue;
      }
      this.matchValue(expected, actual, `Event[EventId=${String(eventId)}]`);
    }
    return { ok: this.errors.length === 0, errors: [...this.errors] };
  }

  /** Matches one expected value against an actual one with the same rules. */
  matchOne(expected: unknown, actual: unknown, path = "Value"): MatchResult {
    this.errors = [];
    this.matchValue(expected, actual, path);
    return { ok: this.errors.length === 0, errors: [...this.errors] };
  }

  private matchValue(expected: unknown, actual: unknown, path: string): void {
    if (isPlainObject(expected) && Object.keys(expected).length === 0) return;
    if (expected === "*") return;

    const name = placeholderName(expected);
    if (name !== undefined) {
      this.resolvePlaceholder(name, actual, path);
      return;
    }

    const regex = regexMatcher(expected);
    if (regex) {
      if (!regex.test(pythonStr(actual))) {
        this.errors.push(`${path}: value ${show(actual)} does not match regex pattern ${show(regex.source)}`);
      }
      return;
    }

    if (isPlainObject(expected) && isPlainObject(actual)) {
      for (const [key, expectedChild] of Object.entries(expected)) {
        if (!Object.hasOwn(actual, key)) {
          this.errors.push(`${path}.${key}: key missing in actual event`);
          continue;
        }
        this.matchValue(expectedChild, actual[key], `${path}.${key}`);
      }
      return;
    }

    if (Array.isArray(expected) && Array.isArray(actual)) {
      if (expected.length !== actual.length) {
        this.errors.push(`${path}: list length mismatch (expected ${expected.length}, got ${actual.length})`);
        return;
      }
      expected.forEach((item, index) => this.matchValue(item, actual[index], `${path}[${index}]`));
      return;
    }

    const resolved = typeof expected === "string" ? this.context.substitute(expected) : expected;
    if (!pythonEquals(resolved, actual)) {
      this.errors.push(`${path}: expected ${show(resolved)}, got ${show(actual)}`);
    }
  }

  private resolvePlaceholder(name: string, actual: unknown, path: string): void {
    if (!this.context.has(name)) {
      this.context.bind(name, actual);
      return;
    }
    const bound = this.context.get(name);
    if (!pythonEquals(bound, actual)) {
      this.errors.push(`${path}: placeholder \${${name}} was previously bound to ${show(bound)}, but got ${show(actual)}`);
    }
  }
}
