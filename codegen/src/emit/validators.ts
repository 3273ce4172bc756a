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
import { article, nestedConfigTexts, NESTED_CONFIG_WORDING, withArticleFunction, type Ir, type IrCheck, type IrConfig, type IrDurationLimit, type IrDurationRule, type IrExecution, type IrInvocationCheck, type IrOperation, type IrValueRule } from "../ir";
import { CHECK_KINDS, predicateSources } from "../check-kinds";
import { INVOCATION_PHASES, type InvocationPhase } from "../meta-schema";
import { doc, header, exportedConst } from "./common";
import { fixFunctionName, messageFunctionName } from "./errors";
import { allConfigs } from "./configs";
import { importsFor, type ModuleIndex } from "./imports";
import { argsRulesConstant, constantCase, durationTestName, EVENT_READ_TYPE } from "../naming";

/**
 * The predicate (an expression of type `(v: unknown) => boolean`) a field's value must pass, or
 * undefined when every value passes. Simple checks name a shared predicate of support(); enums get a
 * small arrow function.
 */
export function checkPredicate(check: IrCheck): string | undefined {
  if (check.kind === "enum") return `(v: unknown) => ${check.values.map((value) => `v === ${JSON.stringify(value)}`).join(" || ")}`;
  if (check.kind === "config") throw new Error("nested configs are validated by their own function");
  return CHECK_KINDS[check.name].predicate;
}

/** The input type a check admits: what the compile-time assertion compares with the interface. */
function checkedType(check: IrCheck, validatorType: string): string {
  if (check.kind === "enum") return check.enumName;
  if (check.kind === "config") return inputTypeName(check.configName);
  return CHECK_KINDS[check.name].literal ?? validatorType;
}

const inputTypeName = (config: string) => `${config}ValidatorInput`;
/** A leading-name operation whose only other argument is optional: a null first argument followed by one is a name. */
export const nullMayBeName = (op: IrOperation): boolean => op.args.length === 2 && op.args[1]!.optional;
/** `STEP_ARGS_RULES`: the rule table of an operation's normalised arguments, which `checkArguments` is given. */
export const argsRulesName = (op: IrOperation) => argsRulesConstant(op.name);
/** `STEP_CONFIG`: the table a config's validator and the configs nesting it use. */
const configTableName = (config: string) => constantCase(config);

interface CheckedField {
  name: string;
  check: IrCheck;
  optional: boolean;
  /** Optional, and null is a value the check tests (otherwise null is read as left out): truthy, or the reason. */
  nullIsValue?: boolean | string;
  expected: string;
  fix: string;
  /** A Duration field's own longest total. */
  maxSeconds?: IrDurationLimit;
  /** An array field's rule for each entry. */
  items?: IrValueRule;
}

/**
 * The rule table of a validator: one `[field, test, expected, fix, REQUIRED | NULL_CHECKED?]` entry per field, in
 * declaration order (the order problems are reported in). `expected` and `fix` index RULE_TEXTS. A nested
 * config's test is its table, an array field with a rule for its entries has `{ each: rule }`; fields
 * that accept any value are only their name (never reported, so no texts), which keeps them known keys.
 */
function ruleTable(fields: readonly CheckedField[], texts: TextIndex): string {
  return `[${fields.map((f) => rule(f, texts)).join(", ")}]`;
}

/** One field's entry of a rule table ({@link ruleTable}). */
function rule(f: CheckedField, texts: TextIndex): string {
  const predicate = f.check.kind === "config" ? undefined : checkPredicate(f.check);
  if (f.check.kind !== "config" && predicate === undefined) return `[${JSON.stringify(f.name)}]`;
  const config = f.check.kind === "config" ? f.check.configName : undefined;
  const object = config === undefined ? undefined : nestedConfigTexts(config);
  const pair = config !== undefined && object && f.expected === object.expected && f.fix === object.fix ? texts.configObject(config) : undefined;
  // A Duration field's message is the Duration rule's own problem (checkArguments), never its expected
  // text, so its rule points both indexes at the fix and the text stays out of the bundle.
  const duration = f.check.kind === "simple" && f.check.name === "duration" && texts.durationRule;
  const [expected, fix] = pair ?? (duration ? [texts.of(f.fix), texts.of(f.fix)] : [texts.of(f.expected), texts.of(f.fix)]);
  // The rule for each entry replaces the array's own test (checkEach tests that the value is an array).
  const items = f.items && checkPredicate(f.items.check) !== undefined ? f.items : undefined;
  const each = items && `{ each: ${rule({ name: "", check: items.check, optional: true, expected: items.expected, fix: items.fix }, texts)} }`;
  // A Duration field with its own longest total has the test of that limit.
  const test = config !== undefined ? configTableName(config) : (each ?? (duration && f.maxSeconds ? durationTestOf(f.maxSeconds) : predicate!));
  return `[${JSON.stringify(f.name)}, ${test}, ${expected}, ${fix}${f.optional ? (f.nullIsValue ? ", NULL_CHECKED" : "") : ", REQUIRED"}]`;
}

/** Indexes into RULE_TEXTS, each distinct text written once. */
interface TextIndex {
  of(text: string): number;
  /** The schema has a Duration rule: its fields' messages are the rule's own problems. */
  durationRule: boolean;
  /** Both texts of a nested config field with the default wording, as one spread (undefined when either is already written). */
  configObject(config: string): [expected: number, fix: number] | undefined;
}

/**
 * The run-time twin of {@link nestedConfigTexts}: a generated function that builds the same two texts
 * from a config name, out of the same parts ({@link NESTED_CONFIG_WORDING}, and the article through
 * the generated `withArticle`, {@link withArticleFunction}).
 */
export function configObjectTextsFunction(): string {
  const w = NESTED_CONFIG_WORDING;
  const s = (text: string) => JSON.stringify(text);
  return `/** The texts of a field holding a nested config: what it expects and how to fix it ("a StepConfig object", …). */
const configObjectTexts = (config: string): string[] => {
  const object = withArticle(config) + ${s(w.objectAfter)};
  return [object, ${s(w.fixBefore)} + object + ${s(w.fixAfter)}];
};`;
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

/**
 * checkArguments' reading of a Duration field's problem (when the schema has a Duration rule): the rule's
 * own, naming the unit at fault (added to the path) and its value (\`duration.seconds must be a number of
 * 0 or more, got -5\`) or the total, instead of restating what a Duration is.
 */
const DURATION_PROBLEM = `
  // A Duration's problem is the Duration rule's own, with the field's longest total (its test's): the unit at
  // fault (added to the path) and its value, or the total.
  // (Never 0: a limit is positive, and none is Infinity.)
  const maxSeconds = (rule?.[1] as DurationTest | undefined)?.maxSeconds;
  const duration = (maxSeconds && durationIssue(valueAt(args, path), maxSeconds)) as DurationIssue | undefined;
  if (duration?.unit) path.push(duration.unit);`;

/** The validators' shared code; \`duration\` when the schema has a Duration rule (checkArguments then uses it). */
const support = (duration: boolean) => `/** Whether \`value\` is an options object: an object that is neither null nor an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
${predicateSources(CHECK_KINDS)}

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

/** The field may not be left out: undefined is refused, and null is tested as any value is. */
const REQUIRED = 1;
/**
 * An optional field whose null is a value the test checks, as the reference reads it (a count's null as
 * 0); an optional field without either flag reads null as left out, as the reference does.
 */
const NULL_CHECKED = 2;

/**
 * One field of a rule table: its name, the test its value must pass (a predicate, a nested config's
 * table, an array's rule for each entry, or none when any value passes: then the field is only a known
 * key), what a valid value is and how to fix a bad one (indexes into RULE_TEXTS), and what counts as
 * left out: REQUIRED (nothing may be), NULL_CHECKED (undefined only), or by default undefined and null.
 */
type Rule = readonly [field: string, test?: ((value: unknown) => boolean) | ConfigTable | EachRule, expected?: number, fix?: number, presence?: typeof REQUIRED | typeof NULL_CHECKED];

/** A config's fields and the groups of fields that cannot be used together. */
export interface ConfigTable {
  readonly rules: readonly Rule[];
  readonly exclusive?: readonly (readonly string[])[];
}

/** An array whose every entry must pass \`each\` (its test and texts; its field name is unused). */
interface EachRule {
  readonly each: Rule;
}

/**
 * The interpreter behind every validator: checks the fields of \`rules\` in order and returns the first
 * problem. For a config (\`config\` given) it then reports keys the table does not have and fields of
 * different exclusive groups used together.
 */
function checkFields(input: unknown, rules: readonly Rule[], config?: ConfigTable): ValidationIssue | undefined {
  if (!isRecord(input)) return invalid();
  for (const [field, test, , , presence] of rules) {
    const value = input[field];
    // A field left out is not tested: an optional field's undefined, and its null unless NULL_CHECKED.
    if (test === undefined || (presence !== REQUIRED && (presence === NULL_CHECKED ? value === undefined : value == null))) continue;
    if (typeof test === "object") {
      const issue = "each" in test ? checkEach(value, test.each) : checkFields(value, test.rules, test);
      if (issue) return within(field, issue);
    } else if (!test(value)) return invalid(field);
  }
  if (!config) return undefined;
  let keys: string[] | undefined;
  for (const key in input) if (!rules.some((rule) => rule[0] === key)) (keys ??= []).push(key);
  if (keys) return { kind: "unknownKeys", path: [], keys };
  return config.exclusive && exclusiveGroups(input, config.exclusive);
}

/** An array, then each of its entries by index (a hole of a sparse array too, which every() would skip). */
function checkEach(value: unknown, rule: Rule): ValidationIssue | undefined {
  if (!Array.isArray(value)) return invalid();
  for (let index = 0; index < value.length; index++) if (!(rule[1] as (value: unknown) => boolean)(value[index])) return { kind: "invalid", path: [index] };
  return undefined;
}

function exclusiveGroups(value: Record<string, unknown>, groups: readonly (readonly string[])[]): ValidationIssue | undefined {
  const used = groups.map((group) => group.filter((key) => value[key] !== undefined)).filter((keys) => keys.length > 0);
  if (used.length < 2) return undefined;
  return { kind: "exclusive", path: [used[0]![0]!], message: \`\${used[0]!.join(", ")} cannot be combined with \${used.slice(1).flat().join(", ")}\` };
}

${withArticleFunction()}

/**
 * A value the user gave (an argument, an option, what a callback returned), as every validation message
 * writes it: the generated validators' "(received …)", the invocation checks', the Duration rule's
 * "got …" and the runtime's own checks (retry options, previews, the file-system serdes).
 * "undefined", "null", "a function", "an array of 2", an instance of a class by its class ("a Set", "a
 * Date", "a Buffer": its own keys would not say what it is), "an object with a, b" (its first 5
 * keys), "an empty object", a string as JSON (cut after 40 characters), otherwise the type and the value
 * ("number -1", "boolean true", "bigint 10", "symbol Symbol(s)"). Never throws: a value it cannot read (a
 * Proxy whose traps throw) is written as its type.
 */
export function describeReceived(value: unknown): string {
  try {
    if (value === undefined || value === null) return \`\${value}\`;
    if (typeof value === "function") return "a function";
    if (Array.isArray(value)) return \`an array of \${value.length}\`;
    if (typeof value === "object") {
      const kind: unknown = Object.getPrototypeOf(value)?.constructor?.name;
      if (typeof kind === "string" && kind !== "" && kind !== "Object") return withArticle(kind);
      const keys = Object.keys(value);
      return keys.length ? \`an object with \${keys.slice(0, 5).join(", ")}\` : "an empty object";
    }
    if (typeof value === "string") return JSON.stringify(value.length > 40 ? \`\${value.slice(0, 40)}…\` : value);
    return \`\${typeof value} \${String(value)}\`;
  } catch {
    return typeof value;
  }
}

/** A path as the messages write it: \`config.plugins[1]\`. */
const pathText = (path: readonly (string | number)[]): string =>
  path.map((key, i) => (typeof key === "number" ? \`[\${key}]\` : i ? "." + key : key)).join("");

/** The value at \`path\` below \`root\` (undefined below a value that is not an object): what an issue's field received. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of path) current = isObject(current) ? (current as Record<string | number, unknown>)[key] : undefined;
  return current;
}

/**
 * Validates the normalised arguments of an operation. Returns them unchanged (the same objects, so
 * class instances and serdes keep their identity) or throws DurableValidationError naming the field
 * and the fix.
 */
export function checkArguments<T>(operation: string, rules: readonly Rule[], args: T): T {
  const issue = checkFields(args, rules);
  if (issue === undefined) return args;
  const path = issue.path;
  // The rule of the field at fault, and the fields of the table below it (the known keys of a config).
  let rule: Rule | undefined;
  let table: readonly Rule[] | undefined = rules;
  for (const key of path) {
    // An index: the array's rule for each entry.
    rule = typeof key === "number" ? (rule?.[1] as EachRule).each : table?.find((r) => r[0] === key);
    table = (rule?.[1] as ConfigTable | undefined)?.rules;
  }${duration ? DURATION_PROBLEM : ""}
  const where = \`\${operation}(): \${pathText(path) || "arguments"}\`;
  let message: string;
  let fix = rule ? RULE_TEXTS[rule[3]!]! : "See the operation's documentation.";
  if (issue.kind === "unknownKeys") {
    message = \`\${where} has unknown option\${issue.keys.length > 1 ? "s" : ""} \${issue.keys.map((k) => \`"\${k}"\`).join(", ")}\`;
    fix = \`Remove it or use one of: \${(table ?? []).map((r) => r[0]).join(", ")}.\`;
  } else if (issue.kind === "exclusive") {
    message = \`\${where}: \${issue.message}\`;
  } else {
    message = \`\${where} \${${duration ? "duration ? duration.problem : " : ""}\`must be \${rule ? RULE_TEXTS[rule[2]!] : "valid"} (received \${describeReceived(valueAt(args, path))})\`}\`;
  }
  throw new DurableValidationError({ operation, field: pathText([operation, ...path]), message: \`\${message}. \${fix}\`, fix, received: valueAt(args, path) });
}`;

/**
 * The operation configs' unknown-option check for the options objects of the other entry points
 * (createRetryStrategy's, configureLogger's, withDurableExecution's, …), whose fields a generated
 * \`…_FIELDS\` constant names: the same message, naming \`<operation>.config\` and the known keys.
 */
const CHECK_OPTION_KEYS = `
/**
 * Checks an options object against a generated rule table, with the operation configs'
 * DurableValidationError on \`<operation>.config…\` (a field at fault, or keys the table does not have).
 * Returns the object; a value that is not an object is left to the caller's own check.
 */
export function checkOptions<T>(operation: string, table: ConfigTable, config: T): T {
  if (isRecord(config)) checkArguments(operation, [["config", table, 0, 0]], { config });
  return config;
}

/**
 * Rejects keys of an options object that \`fields\` (space-separated: a generated \`…_FIELDS\` constant) does
 * not name, as {@link checkOptions} does.
 */
export function checkOptionKeys<T>(operation: string, fields: string, config: T): T {
  return checkOptions(operation, { rules: fields.split(" ").map((field): Rule => [field]) }, config);
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
  const sources = [...new Set([...configs.map((c) => c.source), ...ir.functions.map((f) => f.source), ...ir.operations.map((o) => o.source), ...(ir.execution ? [ir.execution.source] : [])])];
  const statements: (string | StatementStructures)[] = [header(sources)];
  const invocation = ir.execution ? [...invocationCheckStatements(ir, ir.execution), ...eventCheckStatements(ir, ir.execution)] : [];
  // The longest totals the Duration fields declare (their tests import the limits they name).
  const fieldLimits = configs.flatMap((c) => c.fields.flatMap((f) => (f.maxSeconds ? [f.maxSeconds] : [])));
  const texts = [
    ...configs.flatMap((c) => [c.name, ...c.fields.map((f) => checkedType(f.check, f.validatorType))]),
    ...(ir.durationRule ? fieldLimits.flatMap((l) => (l.limit ? [l.limit] : [])) : []),
    "DurableValidationError",
    ...invocation.map((st) => (typeof st === "string" ? st : (st.kind === StructureKind.Function ? (st.statements as string[]).join("\n") : ""))),
  ];
  statements.push(...importsFor("./validators", texts, index, ["DurableValidationError"]));
  statements.push(support(ir.durationRule !== undefined) + CHECK_OPTION_KEYS);
  if (ir.durationRule) statements.push(...durationStatements(ir.durationRule, fieldLimits));
  // Many fields share their texts ("a string", the serdes fix, …): each distinct text is written once and
  // the rules refer to it by index, which keeps the Lambda bundle small (a minifier does not merge strings).
  // The Duration fix is DURATION_RULE's own string.
  const duration = ir.durationRule;
  const textExpression = (t: string) => (duration && t === duration.fix ? "DURATION_RULE.fix" : JSON.stringify(t));
  /** The RULE_TEXTS entries as expressions (a spread of configObjectTexts fills two slots). */
  const entries: string[] = [];
  let slots = 0;
  const textIndex = new Map<string, number>();
  const ruleTexts: TextIndex = {
    durationRule: duration !== undefined,
    of(text) {
      let i = textIndex.get(text);
      if (i === undefined) {
        textIndex.set(text, (i = slots++));
        entries.push(textExpression(text));
      }
      return i;
    },
    configObject(config) {
      const { expected, fix } = nestedConfigTexts(config);
      if (textIndex.has(expected) || textIndex.has(fix)) return undefined;
      textIndex.set(expected, slots++);
      textIndex.set(fix, slots++);
      entries.push(`...configObjectTexts(${JSON.stringify(config)})`);
      return [textIndex.get(expected)!, textIndex.get(fix)!];
    },
  };
  const configStatements: StatementStructures[] = [];
  for (const c of dependencyOrder(configs)) {
    const exclusive = c.exclusive.length > 1 ? `, exclusive: ${JSON.stringify(c.exclusive)}` : "";
    configStatements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`The fields of ${article(c.name)} ${c.name}, in the order they are checked${exclusive ? ", and its exclusive groups" : ""}.`],
      declarations: [{ name: configTableName(c.name), type: "ConfigTable", initializer: `{ rules: ${ruleTable(c.fields, ruleTexts)}${exclusive} }` }],
    });
    configStatements.push(
      validatorFunction(
        c.validatorName,
        `return checkFields(input, ${configTableName(c.name)}.rules, ${configTableName(c.name)});`,
        doc({ summary: `Validates ${article(c.name)} ${c.name}: returns the first problem, or undefined when the value is valid.`, generatedFrom: `${c.source}, config ${c.name}` }),
      ),
    );
  }
  if (ir.execution) configStatements.push(...executionConfigStatements(ir.execution, ruleTexts), ...invocation);
  // Operations with the same arguments (the promise combinators) share one table.
  const argsStatements: StatementStructures[] = [];
  const tablesByText = new Map<string, string>();
  for (const op of ir.operations) {
    // A null name is checked (and refused): the reference sends it as the operation's Name (invoke) or
    // drops the argument after it (createCallback(null, config)). Another leading name is a string or
    // undefined here (a null first argument is read as the next one).
    const nullName = op.discriminator === "second-arg-string" || (op.discriminator === "leading-string" && nullMayBeName(op));
    const fields = op.args.map((a) => ({ name: a.name, check: a.check, optional: a.optional || a.name === "name", nullIsValue: a.name === "name" && nullName, expected: a.expected, fix: a.fix }));
    const table = ruleTable(fields, ruleTexts);
    const rules = argsRulesName(op);
    const shared = tablesByText.get(table);
    if (shared === undefined) tablesByText.set(table, rules);
    argsStatements.push(
      exportedConst([`The normalised arguments of ${op.callPath}, in the order they are checked (what \`checkArguments\` is given).`], {
        name: rules,
        type: "readonly Rule[]",
        initializer: shared ?? table,
      }),
    );
    argsStatements.push(
      validatorFunction(
        op.argsValidatorName,
        `return checkFields(input, ${rules});`,
        doc({ summary: `Validates the normalised arguments of ${op.callPath}: returns the first problem, or undefined.`, generatedFrom: op.source }),
      ),
    );
  }
  for (const fn of ir.functions)
    argsStatements.push(
      exportedConst([doc({ summary: `The arguments of ${fn.name}, in the order they are checked (what \`checkArguments\` is given). ${fn.summary}`, generatedFrom: `${fn.source}, function ${fn.name}` })], {
        name: fn.argsRulesName,
        type: "readonly Rule[]",
        initializer: ruleTable(fn.params, ruleTexts),
      }),
    );
  if (entries.some((e) => e.startsWith("...configObjectTexts("))) statements.push(configObjectTextsFunction());
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The distinct texts of the rule tables: what a field expects, and how to fix a bad value."],
    declarations: [{ name: "RULE_TEXTS", type: "readonly string[]", initializer: `[\n${entries.map((e) => `  ${e},`).join("\n")}\n]` }],
  });
  statements.push(...configStatements);
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
  statements.push(...argsStatements);
  return { kind: StructureKind.SourceFile, statements };
}

/**
 * The execution's config (its interface is hand-written): its exported rule table, which withDurableExecution
 * checks a config against when it wraps the handler (\`checkOptions\`), and its validator. No compile-time
 * assertion: the interface's field types name runtime types; test/execution-config.test.ts holds them to
 * the schema's.
 */
function executionConfigStatements(x: IrExecution, texts: TextIndex): StatementStructures[] {
  const c = x.config;
  const fields = c.fields.map((f): CheckedField => ({ name: f.name, check: f.rule!.check, optional: true, expected: f.rule!.expected, fix: f.rule!.fix, ...(f.items ? { items: f.items } : {}) }));
  const later = c.invocationChecks.map((k) => `- ${k.fields.join(", ")} (message ${k.message}): {@link ${k.functionName}}`);
  return [
    exportedConst(
      [
        doc({
          summary: `The fields of ${article(c.name)} ${c.name}, in the order they are checked when the handler is wrapped (\`checkOptions\`).`,
          ...(later.length ? { description: `Checked when the handler runs instead:\n\n${later.join("\n")}` } : {}),
          generatedFrom: `${x.source}, config ${c.name}`,
        }),
      ],
      { name: c.tableName, type: "ConfigTable", initializer: `{ rules: ${ruleTable(fields, texts)} }` },
    ),
    validatorFunction(
      c.validatorName,
      `return checkFields(input, ${c.tableName}.rules, ${c.tableName});`,
      doc({ summary: `Validates ${article(c.name)} ${c.name} as withDurableExecution does when it wraps the handler: returns the first problem, or undefined when the value is valid.`, generatedFrom: `${x.source}, config ${c.name}` }),
    ),
    exportedConst(
      [
        doc({
          summary: `withDurableExecution's arguments, in the order they are checked when it wraps the handler (what \`checkArguments\` is given): the handler, then the config, which may be left out but is otherwise ${c.expected}.`,
          generatedFrom: `${x.source}, handler and config`,
        }),
      ],
      {
        name: x.argsRulesName,
        type: "readonly Rule[]",
        initializer: `[${rule({ name: "handler", check: x.handler.check, optional: false, expected: x.handler.expected, fix: x.handler.fix }, texts)}, ["config", ${c.tableName}, ${texts.of(c.expected)}, ${texts.of(c.fix)}]]`,
      },
    ),
  ];
}

/** `DurableExecutionConfigIssue`: what an invocation check reports. */
export const invocationIssueTypeName = (x: IrExecution): string => `${x.config.name}Issue`;

/** The checks of the execution's config made when the handler runs, grouped by the point they are made at, in the schema's order. */
export function invocationPhases(x: IrExecution): { when: InvocationPhase; functionName: string; checks: IrInvocationCheck[] }[] {
  return (Object.keys(INVOCATION_PHASES) as InvocationPhase[]).flatMap((when) => {
    const checks = x.config.invocationChecks.filter((k) => k.when === when);
    return checks.length ? [{ when, functionName: checks[0]!.functionName, checks }] : [];
  });
}

/**
 * withDurableExecution's checks of its config made when the handler runs (schema/execution.yaml
 * \`invocationChecks\`): one function per point of the runtime (\`when\`) that returns the first problem of
 * the checks made there, in the schema's order: the field at fault, the message the invocation fails with
 * (the DurableValidationError message, or problemAndFix of it and its fix), the fix and the value. The
 * config's interface is hand-written (it names runtime types), so the functions take the fields they read.
 */
function invocationCheckStatements(ir: Ir, x: IrExecution): StatementStructures[] {
  const c = x.config;
  if (c.invocationChecks.length === 0) return [];
  const owner = "DurableValidationError";
  const issue = invocationIssueTypeName(x);
  const readName = `${c.name}Read`;
  // The nested shape of the fields read: { client?: unknown; pluginsConfig?: { childOperationsDepth?: unknown } }.
  type Shape = Map<string, Shape>;
  const shape: Shape = new Map();
  for (const k of c.invocationChecks)
    for (const path of k.fields) {
      let level = shape;
      for (const key of path.split(".")) level = level.get(key) ?? level.set(key, new Map()).get(key)!;
    }
  const typeOf = (s: Shape): string => `{ ${[...s].map(([key, inner]) => `${key}?: ${inner.size ? typeOf(inner) : "unknown"}`).join("; ")} }`;
  // `config` may be left out; once a field of it was read, it is there.
  const read = (path: string, known = false) => `config${known ? "." : "?."}${path.split(".").join("?.")}`;
  const messages = new Map(ir.errors.find((e) => e.name === owner)!.messages.map((m) => [m.name, m]));
  const argument = (p: { from: "value" | "default" }, path: string) => (p.from === "value" ? "describeReceived(value)" : `${c.defaultsName}.${path}`);
  const call = (name: string, args: string[]) => (args.length ? `${name}(${args.join(", ")})` : name);
  const checkCode = (k: IrInvocationCheck, first: boolean): string => {
    const m = messages.get(k.message)!;
    const path = k.fields[0]!;
    const field = JSON.stringify(`config.${path}`);
    let condition: string;
    let received: string;
    let lead = "";
    if (k.check.kind === "notBoth") {
      condition = k.fields.map((f, i) => read(f, i > 0)).join(" && ");
      received = read(path, true);
    } else {
      const predicate = checkPredicate(k.check)!;
      lead = `${first ? "let value: unknown" : "value"} = ${read(path)};\n  `;
      // null is the field left out, unless the schema says the check reads it as a value (nullIsValue).
      condition = `value ${k.nullIsValue !== undefined ? "!==" : "!="} ${k.nullIsValue !== undefined ? "undefined" : "null"} && !${predicate.startsWith("(") ? `(${predicate})` : predicate}(value)`;
      received = "value";
    }
    const problem = call(messageFunctionName(owner, m.name), k.messageParams.map((p) => argument(p, path)));
    const fixExpression = call(fixFunctionName(owner, m.name), k.fixParams.map((p) => argument(p, path)));
    // A fix with params is computed once; a constant one is named where it is used.
    const fix = k.fixParams.length ? "fix" : fixExpression;
    const message = k.composedWith ? `${messageFunctionName(owner, k.composedWith)}(${problem}, ${fix})` : problem;
    const result = `{ field: ${field}, message: ${message}, fix${fix === "fix" ? "" : `: ${fix}`}, received: ${received} }`;
    const body = fix === "fix" ? `{\n    const fix = ${fixExpression};\n    return ${result};\n  }` : `return ${result};`;
    return `${lead}if (${condition}) ${body}`;
  };
  const phases = invocationPhases(x);
  return [
    {
      kind: StructureKind.Interface,
      name: issue,
      isExported: true,
      docs: [doc({ summary: `What a check of ${article(c.name)} ${c.name} made when the handler runs found: the field at fault (\`config.…\`), the message the invocation fails with, the fix and the value received.`, generatedFrom: `${x.source}, config ${c.name} invocationChecks` })],
      properties: ["field", "message", "fix"].map((name) => ({ name, type: "string" })).concat([{ name: "received", type: "unknown" }]),
    },
    {
      kind: StructureKind.TypeAlias,
      name: readName,
      docs: [`The fields of ${article(c.name)} ${c.name} its invocation checks read (its interface is hand-written).`],
      type: typeOf(shape),
    },
    ...phases.map(
      (phase): StatementStructures => ({
        kind: StructureKind.Function,
        isExported: true,
        name: phase.functionName,
        docs: [
          doc({
            summary: `withDurableExecution's checks of its config made ${INVOCATION_PHASES[phase.when]}: the first problem, or undefined.`,
            description: phase.checks.map((k) => `- ${k.fields.join(", ")}: ${k.rule}; message ${k.message}`).join("\n"),
            generatedFrom: `${x.source}, config ${c.name} invocationChecks (when: ${phase.when})`,
          }),
        ],
        parameters: [{ name: "config", type: `${readName} | undefined` }],
        returnType: `${issue} | undefined`,
        statements: [phase.checks.map((k, i) => checkCode(k, i === phase.checks.findIndex((n) => n.check.kind !== "notBoth"))).join("\n  ") + "\n  return undefined;"],
      }),
    ),
  ];
}

/**
 * withDurableExecution's checks of the event its handler is invoked with (schema/execution.yaml \`event\`): one
 * function of plain code, each check a branch of one conditional expression in the schema's order, that returns the first problem: the field
 * at fault (\`event.…\`), the composer's message of the check's message, and the composer's fix. Any value may
 * arrive as the event (null, a string), so every read but those after a check that the event has a truthy
 * field is an optional chain.
 */
function eventCheckStatements(ir: Ir, x: IrExecution): StatementStructures[] {
  const event = x.event;
  if (!event) return [];
  const owner = "DurableValidationError";
  const readName = EVENT_READ_TYPE;
  // The nested shape of the fields read: { DurableExecutionArn?: unknown; InitialExecutionState?: { Operations?: unknown } }.
  type Shape = Map<string, Shape>;
  const shape: Shape = new Map();
  for (const k of event.checks) {
    let level = shape;
    for (const key of k.field.split(".")) level = level.get(key) ?? level.set(key, new Map()).get(key)!;
  }
  const typeOf = (s: Shape): string => `{ ${[...s].map(([key, inner]) => `${key}?: ${inner.size ? typeOf(inner) : "unknown"}`).join("; ")} }`;
  const messages = new Map(ir.errors.find((e) => e.name === owner)!.messages.map((m) => [m.name, m]));
  let known = false;
  const lines = event.checks.map((k, i) => {
    const parts = k.field.split(".");
    const read = `(event as ${readName}${known ? "" : " | null | undefined"})${known ? "." : "?."}${parts.join("?.")}`;
    const condition = k.check === "truthy" ? `!${read}` : `!Array.isArray(${read} ?? [])`;
    if (k.check === "truthy") known = true;
    // The field is named where the problem is built: in its first path param, or beside a message without one.
    const assign = `(field = ${JSON.stringify(k.field)})`;
    const name = messageFunctionName(owner, k.message);
    const args = k.messageParams.map((_p, n) => (n === 0 ? assign : "field"));
    const problem = args.length ? `${name}(${args.join(", ")})` : `(${assign}, ${name})`;
    return `${condition}\n    ? ${problem}\n    : `;
  });
  const composer = messages.get(event.composedWith)!;
  // What the field holds (undefined when it is missing or the event is not an object), as every other
  // validation error's \`received\` is the value at its field: never the whole event (its token included).
  const result = `{ field: \`event.\${field}\`, message: ${messageFunctionName(owner, composer.name)}(problem), fix: ${fixFunctionName(owner, composer.name)}, received: valueAt(event, field.split(".")) }`;
  return [
    {
      kind: StructureKind.Interface,
      name: event.issueTypeName,
      isExported: true,
      docs: [
        doc({
          summary: "What a check of the event withDurableExecution's handler is invoked with found: the field at fault (`event.…`), the message the event is refused with, the fix, and what the field holds.",
          generatedFrom: `${x.source}, event`,
        }),
      ],
      properties: [...["field", "message", "fix"].map((name) => ({ name, type: "string" })), { name: "received", type: "unknown" }],
    },
    {
      kind: StructureKind.TypeAlias,
      name: readName,
      docs: [`The fields of ${article(event.type)} ${event.type} its checks read (any value may arrive).`],
      type: typeOf(shape),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: event.functionName,
      docs: [
        doc({
          summary: "withDurableExecution's checks of the event its handler is invoked with, made first at every invocation: the first problem, or undefined.",
          description: [
            event.checks.map((k) => `- ${k.field}: ${k.rule}; message ${k.message}`).join("\n"),
            `The message is ${event.composedWith} of the check's message; the fix is ${event.composedWith}'s.`,
          ].join("\n\n"),
          generatedFrom: `${x.source}, event`,
        }),
      ],
      parameters: [{ name: "event", type: "unknown" }],
      returnType: `${event.issueTypeName} | undefined`,
      // One conditional expression (a minifier writes it shorter than if/else), its last branch none (a
      // message is never empty).
      statements: [`let field!: string;\n  const problem =\n    ${lines.join("")}"";\n  if (problem) return ${result};\n  return undefined;`],
    },
  ];
}

/**
 * The one Duration rule as code: `DURATION_RULE` (its facts and texts), `durationIssue` (the first
 * problem, naming the unit at fault) and `isDuration` (the generated validators' check). The runtime's
 * `durationToSeconds` and the local service's limits use the same exports.
 */
function durationStatements(rule: IrDurationRule, fieldLimits: readonly IrDurationLimit[]): (string | StatementStructures)[] {
  const units = Object.keys(rule.unitSeconds);
  const list = `${units.slice(0, -1).join(", ")} or ${units[units.length - 1]}`;
  // One test per distinct longest total of the Duration fields that declare their own.
  const tests = [...new Map(fieldLimits.map((l) => [durationTestOf(l), l.limit ?? "Infinity"])).entries()].map(([name, value]) => `const ${name} = durationTest(${value});`);
  return [
    exportedConst(
      [
        doc({
          summary: "What a valid Duration is, at every entry point (operation configs, wait, retry strategies and their decisions, withRetry).",
          description: rule.reason,
          generatedFrom: `${rule.source}, durationRule`,
        }),
      ],
      {
        name: "DURATION_RULE",
        initializer: `{
  /** Seconds per unit, largest first. */
  unitSeconds: ${JSON.stringify(rule.unitSeconds).replace(/"([a-z]+)":/g, "$1: ")},
  /** Shortest total, in seconds. */
  minSeconds: ${rule.minSeconds},
  /** Longest total, in seconds, of a Duration field that declares none of its own (\`maxSeconds:\` in the schema). */
  maxSeconds: ${rule.maxSeconds},
  /** maxSeconds in whole days, as the messages give it after the seconds ("" when it is not whole days); a field's own limit is given in seconds only. */
  maxInDays: ${JSON.stringify(rule.maxInDays)},
  /** The fix of every Duration message. */
  fix: ${JSON.stringify(rule.fix)},
} as const`,
      },
    ),
    `/** The first thing wrong with a Duration: \`unit\` names the key at fault (absent: the whole value). */
export interface DurationIssue {
  unit?: string;
  /** What is wrong, to follow the field's path ("must be …", "has …"). */
  problem: string;
}

/**
 * Checks \`value\` against {@link DURATION_RULE}, with \`maxSeconds\` the field's longest total (the
 * rule's own unless the field declares one): the first problem, or its total in seconds.
 *
 * @generated from ${rule.source}, durationRule
 */
export function durationIssue(value: unknown, maxSeconds: number = DURATION_RULE.maxSeconds): DurationIssue | { seconds: number } {
  if (!isRecord(value)) return { problem: \`must be a Duration object, got \${describeReceived(value)}\` };
  let total = 0;
  let given = 0;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(DURATION_RULE.unitSeconds, key)) return { unit: key, problem: "is not a Duration unit" };
    const amount = value[key];
    if (amount == null) continue;
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0)
      return { unit: key, problem: \`must be a number of 0 or more, got \${describeReceived(amount)}\` };
    given++;
    total += amount * DURATION_RULE.unitSeconds[key as keyof typeof DURATION_RULE.unitSeconds];
  }
  if (given === 0) return { problem: "must set at least one of ${list}" };
  if (total > maxSeconds) return { problem: \`is \${total} seconds; at most \${maxSeconds}\${maxSeconds === DURATION_RULE.maxSeconds ? DURATION_RULE.maxInDays : ""} are allowed\` };
${
  // Amounts are never negative, so a total can fall short only of a positive minimum: with 0 the check is left out.
  rule.minSeconds > 0 ? `  if (total < DURATION_RULE.minSeconds) return { problem: \`is \${total} seconds; at least \${DURATION_RULE.minSeconds} are required\` };\n` : ""
}  return { seconds: total };
}

/** The test of a Duration field whose longest total is \`maxSeconds\`, which checkArguments reads back for the message. */
type DurationTest = ((value: unknown) => boolean) & { maxSeconds: number };
const durationTest = (maxSeconds: number): DurationTest => Object.assign((value: unknown) => "seconds" in durationIssue(value, maxSeconds), { maxSeconds });
const isDuration = durationTest(DURATION_RULE.maxSeconds);${tests.map((t) => `\n${t}`).join("")}`,
  ];
}

/** The validators' test of a Duration field with its own longest total: one per limit, or for no limit. */
const durationTestOf = (limit: IrDurationLimit): string => (limit.limit ? durationTestName(limit.limit) : "isDurationOfAnyLength");
