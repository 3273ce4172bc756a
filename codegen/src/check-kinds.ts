/**
 * The check kinds a schema field, param or wrap-time rule may name (`check: positiveInteger`, …): one entry
 * per kind, holding all the generator knows of it. The meta-schema's names (meta-schema.ts `checkSchema`),
 * the validators' predicates and their support code (emit/validators.ts), the type a validator compares
 * with the interface, the expected texts, which checks take a literal default and the test of that
 * default (ir/configs.ts, ir/execution.ts, emit/configs.ts) all read this table, so a new kind is one entry
 * (codegen/test/check-kinds.test.ts adds a toy one).
 */
import { ts } from "ts-morph";

/** One check kind; its name is its key in {@link CHECK_KINDS}. */
export interface CheckKind {
  /** What a valid value is, in words: the validators' expected text (a Duration field's is the Duration rule's own). */
  readonly expected: string;
  /**
   * The predicate a value must pass, as the generated validators name it: a const of their support code
   * (defined by `source`), a built-in (`Array.isArray`) or the Duration rule's `isDuration`. None when
   * every value passes.
   */
  readonly predicate?: string;
  /** The TypeScript definition of `predicate`, emitted (in table order) into the validators' support code. */
  readonly source?: string;
  /**
   * The type of a value that passes, when it is a literal's: a field of this kind may have a literal
   * default, which must pass the emitted predicate itself ({@link literalTests}). Without it the
   * validator compares the field's own type with the interface, and a default is not a literal.
   */
  readonly literal?: "boolean" | "string" | "number";
}

const KINDS = {
  object: {
    expected: "an object",
    predicate: "isObject",
    source: "const isObject = (value: unknown): value is Record<string, unknown> => typeof value === \"object\" && value !== null;",
  },
  number: {
    expected: "a number",
    predicate: "isFiniteNumber",
    source: "const isFiniteNumber = (value: unknown): value is number => typeof value === \"number\" && Number.isFinite(value);",
    literal: "number",
  },
  serdes: {
    expected: "an object with serialize and deserialize functions",
    predicate: "isSerdes",
    source: `const isSerdes = (value: unknown): boolean =>
  isObject(value) && typeof value.serialize === "function" && typeof value.deserialize === "function";`,
  },
  deserializer: {
    expected: "an object with a deserialize function",
    predicate: "isDeserializer",
    source: "const isDeserializer = (value: unknown): boolean => isObject(value) && typeof value.deserialize === \"function\";",
  },
  function: { expected: "a function", predicate: "isFunction", source: "const isFunction = (value: unknown): boolean => typeof value === \"function\";" },
  boolean: { expected: "true or false", predicate: "isBoolean", source: "const isBoolean = (value: unknown): boolean => typeof value === \"boolean\";", literal: "boolean" },
  string: { expected: "a string", predicate: "isString", source: "const isString = (value: unknown): boolean => typeof value === \"string\";", literal: "string" },
  nonEmptyString: {
    expected: "a non-empty string",
    predicate: "isNonEmptyString",
    source: "const isNonEmptyString = (value: unknown): boolean => typeof value === \"string\" && value.length >= 1;",
    literal: "string",
  },
  positiveInteger: {
    expected: "a whole number of at least 1",
    predicate: "isPositiveInteger",
    source: "const isPositiveInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;",
    literal: "number",
  },
  positiveIntegerOrInfinity: {
    expected: "a whole number of at least 1, or Infinity",
    predicate: "isPositiveIntegerOrInfinity",
    source: "const isPositiveIntegerOrInfinity = (value: unknown): boolean => value === Infinity || isPositiveInteger(value);",
    literal: "number",
  },
  nonNegativeInteger: {
    expected: "a whole number of at least 0",
    predicate: "isNonNegativeInteger",
    source: "const isNonNegativeInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;",
    literal: "number",
  },
  percentage: {
    expected: "a number from 0 to 100",
    predicate: "isPercentage",
    source: "const isPercentage = (value: unknown): boolean => isFiniteNumber(value) && value >= 0 && value <= 100;",
    literal: "number",
  },
  nonNegativeNumber: {
    expected: "a finite number of at least 0",
    predicate: "isNonNegativeNumber",
    source: "const isNonNegativeNumber = (value: unknown): boolean => isFiniteNumber(value) && value >= 0;",
    literal: "number",
  },
  nonNegativeIntegerOrInfinity: {
    expected: "a whole number of at least 0, or Infinity",
    predicate: "isNonNegativeIntegerOrInfinity",
    source: "const isNonNegativeIntegerOrInfinity = (value: unknown): boolean => value === Infinity || (Number.isInteger(value) && (value as number) >= 0);",
    literal: "number",
  },
  defined: { expected: "a value other than undefined", predicate: "isDefined", source: "const isDefined = (value: unknown): boolean => value !== undefined;" },
  durableContext: {
    expected: "a DurableContext",
    predicate: "isDurableContext",
    source: `/** A DurableContext, as the functions beside the context operations (withRetry) take it: an object with the wait and runInChildContext methods withRetry calls. */
const isDurableContext = (value: unknown): boolean => isObject(value) && typeof value.wait === "function" && typeof value.runInChildContext === "function";`,
  },
  branches: {
    expected: "an array of functions or { name?, func } objects",
    predicate: "isBranches",
    source: `/**
 * Parallel branches: each a function or { func, name? } with a string name (it is sent as the branch's
 * Name; null is no name, as the reference reads it); a hole of a sparse array, which every() skips, is
 * refused (includes() sees it).
 */
const isBranches = (value: unknown): boolean =>
  Array.isArray(value) &&
  !value.includes(undefined) &&
  value.every((b) => typeof b === "function" || (isObject(b) && typeof b.func === "function" && (b.name == null || typeof b.name === "string")));`,
  },
  // Defined by the Duration rule's code (emit/validators.ts durationStatements), which only a schema with the rule has.
  // Its expected text is the Duration rule's (with the field's limit); this one serves a schema without the rule.
  duration: { expected: "a Duration: days, hours, minutes and seconds, each a number of 0 or more", predicate: "isDuration" },
  array: { expected: "an array", predicate: "Array.isArray" },
  any: { expected: "any value" },
} as const satisfies Record<string, CheckKind>;

/** The name of a check kind (the meta-schema's `check:` names but `config`, which names the operation's own config). */
export type CheckKindName = keyof typeof KINDS;

/** The check kinds, in the order their predicates are defined in the generated validators. */
export const CHECK_KINDS: { readonly [K in CheckKindName]: CheckKind } = KINDS;

/** The kinds' names, in table order (the meta-schema's enum). */
export const checkKindNames = <K extends string>(kinds: { readonly [N in K]: CheckKind }): [K, ...K[]] => Object.keys(kinds) as [K, ...K[]];

/** The validators' support code of the kinds: each `source`, in table order. */
export const predicateSources = (kinds: Readonly<Record<string, CheckKind>>): string =>
  Object.values(kinds).flatMap((k) => (k.source === undefined ? [] : [k.source])).join("\n");

/**
 * The test of a literal default of each kind that takes one: the emitted predicate itself, its support
 * code compiled and run here, so a default the generated validator would refuse is refused by the generator.
 */
export function literalTests<K extends string>(kinds: { readonly [N in K]: CheckKind }): ReadonlyMap<K, (value: unknown) => boolean> {
  const literal = checkKindNames(kinds).filter((name) => kinds[name].literal !== undefined);
  for (const name of literal) if (kinds[name].predicate === undefined) throw new Error(`check kind "${name}" takes a literal default (literal: ${kinds[name].literal}) but has no predicate to test it with`);
  const js = ts.transpileModule(predicateSources(kinds), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const tests = new Function(`${js}\nreturn [${literal.map((name) => kinds[name].predicate).join(", ")}];`)() as ((value: unknown) => boolean)[];
  return new Map(literal.map((name, i) => [name, tests[i]!]));
}

/** The tests of the literal defaults of {@link CHECK_KINDS}. */
export const LITERAL_TESTS = literalTests(CHECK_KINDS);
