/**
 * Variables and placeholders of a conformance requirement (local-service spec §2.4): `Variables`
 * bound before the run (`${GEN_STR:N}` = random lowercase alphanumerics, anything else literally),
 * placeholders bound on first sight while matching, and `${NAME}` references substituted into
 * Input, ExpectedResult, CallbackActions, history literals and ExpectedLogs.
 */
import { randomInt } from "node:crypto";

const GEN_STR = /^\$\{GEN_STR:(\d+)\}$/;
/** A whole-string reference `${NAME}` (the official runner's pattern, greedy like Python's). */
const WHOLE_REFERENCE = /^\$\{(.+)\}$/;
/** A whole-string regex matcher `${/re/}`. */
const REGEX_MATCHER = /^\$\{\/(.+)\/\}$/;
/** References inside a longer string. */
const INNER_REFERENCE = /\$\{([^}]+)\}/g;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function generateString(length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

/** The name of a `${NAME}` placeholder, or undefined (regex matchers `${/re/}` are not placeholders). */
export function placeholderName(value: unknown): string | undefined {
  if (typeof value !== "string" || REGEX_MATCHER.test(value)) return undefined;
  return WHOLE_REFERENCE.exec(value)?.[1];
}

/** The regular expression of a `${/re/}` matcher, or undefined. */
export function regexMatcher(value: unknown): RegExp | undefined {
  if (typeof value !== "string") return undefined;
  const source = REGEX_MATCHER.exec(value)?.[1];
  return source === undefined ? undefined : new RegExp(source);
}

/** Text of a value the way Python's `str()` prints scalars (what `${/re/}` is searched in). */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export class PlaceholderContext {
  private readonly values = new Map<string, unknown>();

  /** Binds the requirement's `Variables`. */
  static fromVariables(variables: unknown): PlaceholderContext {
    const context = new PlaceholderContext();
    if (variables && typeof variables === "object" && !Array.isArray(variables)) {
      for (const [name, raw] of Object.entries(variables as Record<string, unknown>)) {
        const generated = typeof raw === "string" ? GEN_STR.exec(raw) : null;
        if (generated) context.bind(name, generateString(Number(generated[1])));
        else if (typeof raw === "string") context.bind(name, context.substitute(raw));
        else context.bind(name, pythonStr(raw));
      }
    }
    return context;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  bind(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  /** A copy (trial matches must not leave bindings behind). */
  clone(): PlaceholderContext {
    const copy = new PlaceholderContext();
    for (const [name, value] of this.values) copy.bind(name, value);
    return copy;
  }

  bindings(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  /**
   * Replaces bound `${NAME}` references: a string that is exactly one bound reference becomes the
   * bound value; references inside a longer string become its text. Unbound references and regex
   * matchers stay as they are. Objects and arrays are substituted recursively (a new value).
   */
  substitute<T>(value: T): T {
    if (typeof value === "string") {
      const whole = placeholderName(value);
      if (whole !== undefined && this.values.has(whole)) return this.values.get(whole) as T;
      if (REGEX_MATCHER.test(value)) return value;
      return value.replace(INNER_REFERENCE, (reference, name: string) =>
        this.values.has(name) ? pythonStr(this.values.get(name)) : reference,
      ) as T;
    }
    if (Array.isArray(value)) return value.map((item) => this.substitute(item)) as T;
    if (value !== null && typeof value === "object") {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) result[key] = this.substitute(item);
      return result as T;
    }
    return value;
  }
}
