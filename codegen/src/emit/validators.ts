/**
 * Emits validators.ts: plain TypeScript validation functions (no runtime dependency), one per config and
 * one per operation's normalised arguments, the compile-time assertions that each validator checks
 * exactly its interface, the field-rule table and `checkArguments`, which turns the first problem found
 * into a DurableValidationError naming the field and the fix.
 *
 * The functions report the same first problem, in the same order, as a zod schema built from the same
 * IR would (fields in declaration order, then unknown keys, then exclusive groups); the property test
 * in codegen/test/validators-oracle.test.ts holds them to that with zod as the oracle.
 */
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrCheck, IrConfig, IrDurationRule } from "../ir";
import { doc, header } from "./common";
import { allConfigs } from "./configs";
import { importsFor, type ModuleIndex } from "./imports";

/**
 * The predicate (an expression of type `(v: unknown) => boolean`) a field's value must pass, or
 * undefined when every value passes. Simple checks name a shared predicate of SUPPORT; enums get a
 * small arrow function.
 */
export function checkPredicate(check: IrCheck): string | undefined {
  if (check.kind === "enum") return `(v: unknown) => ${check.values.map((value) => `v === ${JSON.stringify(value)}`).join(" || ")}`;
  if (check.kind === "config") throw new Error("nested configs are validated by their own function");
  switch (check.name) {
    case "function": return "isFunction";
    case "boolean": return "isBoolean";
    case "string": return "isString";
    case "nonEmptyString": return "isNonEmptyString";
    case "number": return "isFiniteNumber";
    case "positiveInteger": return "isPositiveInteger";
    case "nonNegativeInteger": return "isNonNegativeInteger";
    case "percentage": return "isPercentage";
    case "duration": return "isDuration";
    case "serdes": return "isSerdes";
    case "deserializer": return "isDeserializer";
    case "array": return "Array.isArray";
    case "branches": return "isBranches";
    case "defined": return "isDefined";
    case "any": return undefined;
  }
}

/** The input type a check admits: what the compile-time assertion compares with the interface. */
function checkedType(check: IrCheck, validatorType: string): string {
  if (check.kind === "enum") return check.enumName;
  if (check.kind === "config") return inputTypeName(check.configName);
  switch (check.name) {
    case "boolean": return "boolean";
    case "string": case "nonEmptyString": return "string";
    case "number": case "positiveInteger": case "nonNegativeInteger": case "percentage": return "number";
    default: return validatorType;
  }
}

const inputTypeName = (config: string) => `${config}ValidatorInput`;
const rulesName = (config: string) => `${config.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_RULES`;

interface CheckedField {
  name: string;
  check: IrCheck;
  optional: boolean;
}

/**
 * The rule table of a validator: one `[field, test, flags]` entry per field, in declaration order (the
 * order problems are reported in). Fields that accept any value get no test but stay in the table, so
 * the interpreter still knows them as keys.
 */
function ruleTable(fields: readonly CheckedField[], validatorName: (config: string) => string): string {
  const rules = fields.map((f) => {
    const optional = f.optional ? "OPTIONAL" : "0";
    if (f.check.kind === "config") return `[${JSON.stringify(f.name)}, ${validatorName(f.check.configName)}, ${f.optional ? "OPTIONAL | NESTED" : "NESTED"}]`;
    const test = checkPredicate(f.check);
    return `[${JSON.stringify(f.name)}, ${test ?? "undefined"}, ${optional}]`;
  });
  return `[${rules.join(", ")}]`;
}

function validatorFunction(name: string, body: string, docs: ReturnType<typeof doc>): StatementStructures {
  return {
    kind: StructureKind.Function,
    isExported: true,
    name,
    docs: [docs],
    parameters: [{ name: "input", type: "unknown" }],
    returnType: "ValidationIssue | undefined",
    statements: [body],
  };
}

const SUPPORT = `const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isSerdes = (value: unknown): boolean =>
  isObject(value) && typeof value.serialize === "function" && typeof value.deserialize === "function";
const isDeserializer = (value: unknown): boolean => isObject(value) && typeof value.deserialize === "function";
const isFunction = (value: unknown): boolean => typeof value === "function";
const isBoolean = (value: unknown): boolean => typeof value === "boolean";
const isString = (value: unknown): boolean => typeof value === "string";
const isNonEmptyString = (value: unknown): boolean => typeof value === "string" && value.length >= 1;
const isPositiveInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;
const isNonNegativeInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isPercentage = (value: unknown): boolean => isFiniteNumber(value) && value >= 0 && value <= 100;
const isDefined = (value: unknown): boolean => value !== undefined;
const isBranches = (value: unknown): boolean =>
  Array.isArray(value) && value.every((b) => typeof b === "function" || (isObject(b) && typeof b.func === "function"));

/**
 * The first problem a validator found, at \`path\` below the value it was given: a value of the wrong
 * kind, keys the config does not have, or fields from exclusive groups used together.
 */
export type ValidationIssue =
  | { kind: "invalid"; path: (string | number)[] }
  | { kind: "unknownKeys"; path: (string | number)[]; keys: string[] }
  | { kind: "exclusive"; path: (string | number)[]; message: string };

const invalid = (field?: string): ValidationIssue => ({ kind: "invalid", path: field === undefined ? [] : [field] });

/** Re-roots an issue found in a nested value under the field holding it. */
function within(field: string, issue: ValidationIssue): ValidationIssue {
  issue.path.unshift(field);
  return issue;
}

/** The field may be left out (undefined). */
const OPTIONAL = 1;
/** The test is a nested config's validator (it returns an issue, not a boolean). */
const NESTED = 2;

/**
 * One field of a rule table: its name, the test its value must pass (a predicate, or with NESTED a
 * nested validator; undefined when any value passes) and OPTIONAL / NESTED flags.
 */
type Rule = readonly [field: string, test: ((value: unknown) => unknown) | undefined, flags: number];

/**
 * The interpreter behind every validator: checks the fields of \`rules\` in order and returns the first
 * problem. For a config (\`config\` true) it then reports keys the table does not have and fields of
 * different \`exclusive\` groups used together.
 */
function checkFields(input: unknown, rules: readonly Rule[], config?: boolean, exclusive?: readonly (readonly string[])[]): ValidationIssue | undefined {
  if (!isRecord(input)) return invalid();
  for (const [field, test, flags] of rules) {
    const value = input[field];
    if (test === undefined || (flags & OPTIONAL && value === undefined)) continue;
    if (flags & NESTED) {
      const issue = test(value) as ValidationIssue | undefined;
      if (issue) return within(field, issue);
    } else if (!test(value)) return invalid(field);
  }
  if (!config) return undefined;
  let keys: string[] | undefined;
  for (const key in input) if (!rules.some((rule) => rule[0] === key)) (keys ??= []).push(key);
  if (keys) return { kind: "unknownKeys", path: [], keys };
  return exclusive && exclusiveGroups(input, exclusive);
}

function exclusiveGroups(value: Record<string, unknown>, groups: readonly (readonly string[])[]): ValidationIssue | undefined {
  const used = groups.map((group) => group.filter((key) => value[key] !== undefined)).filter((keys) => keys.length > 0);
  if (used.length < 2) return undefined;
  return { kind: "exclusive", path: [used[0]![0]!], message: \`\${used[0]!.join(", ")} cannot be combined with \${used.slice(1).flat().join(", ")}\` };
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return \`an array of \${value.length}\`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length ? \`an object with \${keys.slice(0, 5).join(", ")}\` : "an empty object";
  }
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? \`\${value.slice(0, 40)}…\` : value);
  return \`\${typeof value} \${String(value)}\`;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of path) current = isObject(current) ? (current as Record<string | number, unknown>)[key] : undefined;
  return current;
}

/**
 * Validates the normalised arguments of an operation. Returns them unchanged (the same objects, so
 * class instances and serdes keep their identity) or throws DurableValidationError naming the field
 * and the fix.
 */
export function checkArguments<T>(operation: string, validate: (input: unknown) => ValidationIssue | undefined, args: T): T {
  const issue = validate(args);
  if (issue === undefined) return args;
  const path = issue.path;
  const field = [operation, ...path].join(".");
  const rule = FIELD_RULES[field];
  const where = \`\${operation}(): \${path.join(".") || "arguments"}\`;
  let message: string;
  let fix = rule ? RULE_TEXTS[rule[1]]! : "See the operation's documentation.";
  if (issue.kind === "unknownKeys") {
    const known = Object.keys(FIELD_RULES)
      .filter((key) => key.startsWith(\`\${field}.\`) && !key.slice(field.length + 1).includes("."))
      .map((key) => key.slice(field.length + 1));
    message = \`\${where} has unknown option\${issue.keys.length > 1 ? "s" : ""} \${issue.keys.map((k) => \`"\${k}"\`).join(", ")}\`;
    fix = \`Remove it or use one of: \${known.join(", ")}.\`;
  } else if (issue.kind === "exclusive") {
    message = \`\${where}: \${issue.message}\`;
  } else {
    message = \`\${where} must be \${rule ? RULE_TEXTS[rule[0]] : "valid"} (received \${describe(valueAt(args, path))})\`;
  }
  throw new DurableValidationError({ operation, field, message: \`\${message}. \${fix}\`, fix, received: valueAt(args, path) });
}`;

/** Each config after the shared configs its fields nest, so no validator is used before it is declared. */
function dependencyOrder(configs: readonly IrConfig[]): IrConfig[] {
  const byName = new Map(configs.map((c) => [c.name, c]));
  const out: IrConfig[] = [];
  const entered = new Set<IrConfig>();
  const visit = (c: IrConfig) => {
    if (entered.has(c)) return;
    entered.add(c);
    for (const f of c.fields) {
      const nested = f.check.kind === "config" ? byName.get(f.check.configName) : undefined;
      if (nested) visit(nested);
    }
    out.push(c);
  };
  configs.forEach(visit);
  return out;
}

export function emitValidators(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const configs = allConfigs(ir);
  const byName = new Map(configs.map((c) => [c.name, c]));
  const validatorName = (config: string) => byName.get(config)?.validatorName ?? `validate${config}`;
  const sources = [...new Set([...configs.map((c) => c.source), ...ir.operations.map((o) => o.source)])];
  const statements: (string | StatementStructures)[] = [header(sources)];
  const texts = [
    ...configs.flatMap((c) => [c.name, ...c.fields.map((f) => checkedType(f.check, f.validatorType))]),
    "DurableValidationError",
  ];
  statements.push(...importsFor("./validators", texts, index, ["DurableValidationError"]));
  statements.push(SUPPORT);
  if (ir.durationRule) statements.push(...durationStatements(ir.durationRule));
  // Many fields share their texts ("a string", the serdes fix, …): each distinct text is written once and
  // the rules refer to it by index, which keeps the Lambda bundle small (a minifier does not merge strings).
  const ruleTexts: string[] = [];
  const textIndex = new Map<string, number>();
  const indexOf = (text: string) => {
    let i = textIndex.get(text);
    if (i === undefined) textIndex.set(text, (i = ruleTexts.push(text) - 1));
    return i;
  };
  const rules = ir.fieldRules.map((r) => `  ${JSON.stringify(r.path)}: [${indexOf(r.expected)}, ${indexOf(r.fix)}],`);
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The distinct texts of FIELD_RULES: what a field expects, and how to fix a bad value."],
    declarations: [{ name: "RULE_TEXTS", type: "readonly string[]", initializer: `[\n${ruleTexts.map((t) => `  ${JSON.stringify(t)},`).join("\n")}\n]` }],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["What each validated field expects and how to fix a bad value, by path: indexes into RULE_TEXTS."],
    declarations: [{ name: "FIELD_RULES", type: "Readonly<Record<string, readonly [expected: number, fix: number]>>", initializer: `{\n${rules.join("\n")}\n}` }],
  });
  for (const c of dependencyOrder(configs)) {
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`The fields of a ${c.name}, in the order they are checked.`],
      declarations: [{ name: rulesName(c.name), type: "readonly Rule[]", initializer: ruleTable(c.fields, validatorName) }],
    });
    const exclusive = c.exclusive.length > 1 ? `, ${JSON.stringify(c.exclusive)}` : "";
    statements.push(
      validatorFunction(
        c.validatorName,
        `return checkFields(input, ${rulesName(c.name)}, true${exclusive});`,
        doc({ summary: `Validates a ${c.name}: returns the first problem, or undefined when the value is valid.`, generatedFrom: `${c.source}, config ${c.name}` }),
      ),
    );
  }
  statements.push(
    "/** Compile-time proof that a validator accepts exactly its interface. */\ntype Exact<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;\ntype Assert<T extends true> = T;",
  );
  for (const c of configs) {
    const members = c.fields.map((f) => {
      const type = checkedType(f.check, f.validatorType);
      return `  ${f.name}${f.optional ? `?: ${type.includes("=>") ? `(${type})` : type} | undefined` : `: ${type}`};`;
    });
    statements.push({
      kind: StructureKind.TypeAlias,
      name: inputTypeName(c.name),
      docs: [`What ${c.validatorName} admits, field by field, as a type.`],
      type: members.length ? `{\n${members.join("\n")}\n}` : "{}",
    });
  }
  for (const c of configs) {
    statements.push({
      kind: StructureKind.TypeAlias,
      name: `${c.name}MatchesValidator`,
      isExported: true,
      docs: [`Fails to compile when ${c.validatorName} and ${c.name} disagree.`],
      type: `Assert<Exact<${c.checkedInstance}, ${inputTypeName(c.name)}>>`,
    });
  }
  for (const op of ir.operations) {
    const fields = op.args.map((a) => ({ name: a.name, check: a.check, optional: a.optional || a.name === "name" }));
    const rules = rulesName(`${op.name[0]!.toUpperCase()}${op.name.slice(1)}Args`);
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`The normalised arguments of ${op.callPath}, in the order they are checked.`],
      declarations: [{ name: rules, type: "readonly Rule[]", initializer: ruleTable(fields, validatorName) }],
    });
    statements.push(
      validatorFunction(
        op.argsValidatorName,
        `return checkFields(input, ${rules});`,
        doc({ summary: `Validates the normalised arguments of ${op.callPath}: returns the first problem, or undefined.`, generatedFrom: op.source }),
      ),
    );
  }
  return { kind: StructureKind.SourceFile, statements };
}

/**
 * The one Duration rule as code: `DURATION_RULE` (its facts and texts), `durationIssue` (the first
 * problem, naming the unit at fault) and `isDuration` (the generated validators' check). The runtime's
 * `durationToSeconds` and the local service's limits use the same exports.
 */
function durationStatements(rule: IrDurationRule): (string | StatementStructures)[] {
  const units = Object.keys(rule.unitSeconds);
  const list = `${units.slice(0, -1).join(", ")} or ${units[units.length - 1]}`;
  const days = rule.maxSeconds % 86_400 === 0 ? ` (${rule.maxSeconds / 86_400} days)` : "";
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        doc({
          summary: "What a valid Duration is, at every entry point (operation configs, wait, retry strategies and their decisions, withRetry).",
          description: rule.reason,
          generatedFrom: `${rule.source}, durationRule`,
        }),
      ],
      declarations: [
        {
          name: "DURATION_RULE",
          initializer: `{
  /** Seconds per unit, largest first. */
  unitSeconds: ${JSON.stringify(rule.unitSeconds).replace(/"([a-z]+)":/g, "$1: ")},
  /** Shortest total, in seconds. */
  minSeconds: ${rule.minSeconds},
  /** Longest total, in seconds. */
  maxSeconds: ${rule.maxSeconds},
  /** What a valid Duration is. */
  expected: ${JSON.stringify(rule.expected)},
  /** The fix of every Duration message. */
  fix: ${JSON.stringify(rule.fix)},
} as const`,
        },
      ],
    },
    `/** The first thing wrong with a Duration: \`unit\` names the key at fault (absent: the whole value). */
export interface DurationIssue {
  unit?: string;
  /** What is wrong, to follow the field's path ("must be …", "has …"). */
  problem: string;
}

const describeAmount = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "number" ? String(value) : typeof value === "string" ? JSON.stringify(value) : typeof value;

/**
 * Checks \`value\` against {@link DURATION_RULE}: the first problem, or its total in seconds.
 *
 * @generated from ${rule.source}, durationRule
 */
export function durationIssue(value: unknown): DurationIssue | { seconds: number } {
  if (!isRecord(value)) return { problem: \`must be a Duration object, got \${describeAmount(value)}\` };
  let total = 0;
  let given = 0;
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(DURATION_RULE.unitSeconds, key)) return { unit: key, problem: "is not a Duration unit" };
    const amount = value[key];
    if (amount === undefined) continue;
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0)
      return { unit: key, problem: \`must be a number of 0 or more, got \${describeAmount(amount)}\` };
    given++;
    total += amount * DURATION_RULE.unitSeconds[key as keyof typeof DURATION_RULE.unitSeconds];
  }
  if (given === 0) return { problem: "must set at least one of ${list}" };
  if (total > DURATION_RULE.maxSeconds) return { problem: \`is \${total} seconds; at most \${DURATION_RULE.maxSeconds}${days} are allowed\` };
  if (total < DURATION_RULE.minSeconds) return { problem: \`is \${total} seconds; at least \${DURATION_RULE.minSeconds} are required\` };
  return { seconds: total };
}

const isDuration = (value: unknown): boolean => "seconds" in durationIssue(value);`,
  ];
}
