/**
 * Emits the config interfaces (configs.ts) and, from the same IR nodes, their zod validators, the
 * compile-time assertions that the two agree, the argument validators and the field-rule table used to
 * build DurableValidationError messages (validators.ts).
 */
import { StructureKind, VariableDeclarationKind, type InterfaceDeclarationStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrCheck, IrConfig } from "../ir";
import { doc, header, typeParamStructures } from "./common";
import { importsFor, type ModuleIndex } from "./imports";

function configInterface(c: IrConfig): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: c.name,
    typeParameters: typeParamStructures(c.typeParams),
    docs: [doc({ summary: c.summary ?? `Options of ${c.name.replace(/Config$/, "")}.`, description: c.description, generatedFrom: `${c.source}, config ${c.name}` })],
    properties: c.fields.map((f) => ({
      name: f.name,
      type: f.type,
      hasQuestionToken: f.optional,
      docs: [
        doc({
          summary: f.summary,
          description: [f.description, f.default ? `Default: ${f.default}.` : undefined].filter(Boolean).join("\n\n") || undefined,
          generatedFrom: `${c.source}, config ${c.name}.${f.name}`,
        }),
      ],
    })),
  };
}

export function allConfigs(ir: Ir): IrConfig[] {
  return [...ir.sharedConfigs, ...ir.configs];
}

export function emitConfigs(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const configs = allConfigs(ir);
  const statements: (string | StatementStructures)[] = [header([...new Set(configs.map((c) => c.source))])];
  const texts = configs.flatMap((c) => [...c.fields.map((f) => f.type), ...c.typeParams.flatMap((p) => [p.constraint ?? "", p.default ?? ""])]);
  statements.push(...importsFor("./configs", texts, index));
  statements.push(...configs.map(configInterface));
  return { kind: StructureKind.SourceFile, statements };
}

/** The zod expression validating one value. */
export function zodFor(check: IrCheck, validatorType: string, optional: boolean): string {
  let expr: string;
  // A TypeScript enum is validated through the enum object itself, so the schema's input type is the enum.
  if (check.kind === "enum") expr = check.declaration === "enum" ? `z.enum(${check.enumName})` : `z.enum([${check.values.map((v) => JSON.stringify(v)).join(", ")}])`;
  else if (check.kind === "config") expr = `${check.configName.charAt(0).toLowerCase()}${check.configName.slice(1)}Schema`;
  else {
    const custom = (guard: string) => `z.custom<${validatorType}>(${guard})`;
    switch (check.name) {
      case "function": expr = custom("isFunction"); break;
      case "boolean": expr = "z.boolean()"; break;
      case "string": expr = "z.string()"; break;
      case "nonEmptyString": expr = "z.string().min(1)"; break;
      case "number": expr = "z.number()"; break;
      case "positiveInteger": expr = "z.number().int().min(1)"; break;
      case "nonNegativeInteger": expr = "z.number().int().min(0)"; break;
      case "percentage": expr = "z.number().min(0).max(100)"; break;
      case "duration": expr = custom("isDuration"); break;
      case "serdes": expr = custom("isSerdes"); break;
      case "deserializer": expr = custom("isDeserializer"); break;
      case "array": expr = custom("isArray"); break;
      case "branches": expr = custom("isBranches"); break;
      case "defined": expr = custom("isDefined"); break;
      case "any": expr = custom("isAnything"); break;
    }
  }
  return optional ? `${expr}.optional()` : expr;
}

function configSchemaStatement(c: IrConfig): StatementStructures {
  const body = c.fields.map((f) => `  ${f.name}: ${zodFor(f.check, f.validatorType, f.optional)},`).join("\n");
  let initializer = `z.strictObject({\n${body}\n})`;
  if (c.exclusive.length > 1) {
    initializer += `.superRefine((value, ctx) => exclusiveGroups(value, ${JSON.stringify(c.exclusive)}, ctx))`;
  }
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [doc({ summary: `Validates a ${c.name}.`, generatedFrom: `${c.source}, config ${c.name}` })],
    declarations: [{ name: c.schemaName, initializer }],
  };
}

const SUPPORT = `const isFunction = (value: unknown): boolean => typeof value === "function";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isArray = (value: unknown): boolean => Array.isArray(value);
const isDefined = (value: unknown): boolean => value !== undefined;
const isAnything = (): boolean => true;
const isSerdes = (value: unknown): boolean =>
  isObject(value) && typeof value.serialize === "function" && typeof value.deserialize === "function";
const isDeserializer = (value: unknown): boolean => isObject(value) && typeof value.deserialize === "function";
const isBranches = (value: unknown): boolean =>
  Array.isArray(value) && value.every((b) => typeof b === "function" || (isObject(b) && typeof b.func === "function"));
const DURATION_UNITS = ["days", "hours", "minutes", "seconds"] as const;
const isDuration = (value: unknown): boolean => {
  if (!isObject(value)) return false;
  let total = 0;
  let units = 0;
  for (const key of Object.keys(value)) {
    if (!(DURATION_UNITS as readonly string[]).includes(key)) return false;
  }
  for (const unit of DURATION_UNITS) {
    const amount = value[unit];
    if (amount === undefined) continue;
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0) return false;
    units++;
    total += amount;
  }
  return units > 0 && total > 0;
};

function exclusiveGroups(value: Record<string, unknown>, groups: string[][], ctx: z.RefinementCtx): void {
  const used = groups.map((group) => group.filter((key) => value[key] !== undefined)).filter((keys) => keys.length > 0);
  if (used.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: [used[0]![0]!],
      message: \`\${used[0]!.join(", ")} cannot be combined with \${used.slice(1).flat().join(", ")}\`,
      params: { exclusive: true },
    });
  }
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

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) current = isObject(current) ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

/**
 * Validates the normalised arguments of an operation. Returns them unchanged (the same objects, so
 * class instances and serdes keep their identity) or throws DurableValidationError naming the field
 * and the fix.
 */
export function checkArguments<T>(operation: string, schema: z.ZodType, args: T): T {
  const result = schema.safeParse(args);
  if (result.success) return args;
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  const field = [operation, ...path].join(".");
  const rule = FIELD_RULES[field];
  const where = \`\${operation}(): \${path.join(".") || "arguments"}\`;
  let message: string;
  let fix = rule?.fix ?? "See the operation's documentation.";
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(FIELD_RULES)
      .filter((key) => key.startsWith(\`\${field}.\`) && !key.slice(field.length + 1).includes("."))
      .map((key) => key.slice(field.length + 1));
    message = \`\${where} has unknown option\${issue.keys.length > 1 ? "s" : ""} \${issue.keys.map((k) => \`"\${k}"\`).join(", ")}\`;
    fix = \`Remove it or use one of: \${known.join(", ")}.\`;
  } else if (issue.code === "custom" && (issue.params as { exclusive?: boolean } | undefined)?.exclusive) {
    message = \`\${where}: \${issue.message}\`;
  } else {
    message = \`\${where} must be \${rule?.expected ?? "valid"} (received \${describe(valueAt(args, path))})\`;
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
  const sources = [...new Set([...configs.map((c) => c.source), ...ir.operations.map((o) => o.source)])];
  const statements: (string | StatementStructures)[] = [header(sources)];
  const texts = [
    ...configs.flatMap((c) => [c.name, ...c.fields.map((f) => f.validatorType)]),
    ...ir.operations.flatMap((o) => [o.argsTypeName, ...o.args.map((a) => a.validatorType)]),
    "DurableValidationError",
  ];
  statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: "zod", namedImports: ["z"] });
  statements.push(...importsFor("./validators", texts, index, ["DurableValidationError"]));
  statements.push(SUPPORT);
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["What each validated field expects and how to fix a bad value, by path."],
    declarations: [
      {
        name: "FIELD_RULES",
        type: "Readonly<Record<string, { expected: string; fix: string }>>",
        initializer: `{\n${ir.fieldRules.map((r) => `  ${JSON.stringify(r.path)}: { expected: ${JSON.stringify(r.expected)}, fix: ${JSON.stringify(r.fix)} },`).join("\n")}\n}`,
      },
    ],
  });
  for (const c of dependencyOrder(configs)) statements.push(configSchemaStatement(c));
  statements.push(
    "/** Compile-time proof that a validator accepts exactly its interface. */\ntype Exact<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;\ntype Assert<T extends true> = T;",
  );
  for (const c of configs) {
    statements.push({
      kind: StructureKind.TypeAlias,
      name: `${c.name}MatchesValidator`,
      isExported: true,
      docs: [`Fails to compile when ${c.schemaName} and ${c.name} disagree.`],
      type: `Assert<Exact<${c.checkedInstance}, z.input<typeof ${c.schemaName}>>>`,
    });
  }
  for (const op of ir.operations) {
    const body = op.args.map((a) => `  ${a.name}: ${zodFor(a.check, a.validatorType, a.optional || a.name === "name")},`).join("\n");
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [doc({ summary: `Validates the normalised arguments of ${op.callPath}.`, generatedFrom: op.source })],
      declarations: [{ name: op.argsSchemaName, initializer: `z.object({\n${body}\n})` }],
    });
  }
  return { kind: StructureKind.SourceFile, statements };
}
