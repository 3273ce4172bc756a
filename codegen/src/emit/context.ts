/**
 * Emits the DurableContext interface (every overload with TSDoc from the schema), the normalised
 * argument types, the operation table types and `createOperationMethods`, which turns each call into
 * one call of the runtime's dispatcher.
 */
import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type MethodSignatureStructure,
  type OptionalKind,
  type SourceFileStructure,
  type StatementStructures,
} from "ts-morph";
import type { Ir, IrOperation } from "../ir";
import { doc, docText, exampleOf, header, parseFunctionType, typeParamStructures, exportedConst } from "./common";
import { importsFor, type ModuleIndex } from "./imports";
import { argsRulesName, nullMayBeName } from "./validators";

/** The overloads of an operation as class-member text (no docs: those are on the interface). */
function overloadTexts(op: IrOperation, pad: string): string {
  return op.overloads
    .map((o) => {
      const tps = o.typeParams.map((p) => `${p.name}${p.constraint ? ` extends ${p.constraint}` : ""}${p.default ? ` = ${p.default}` : ""}`);
      const params = o.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ");
      return `${pad}${op.name}${tps.length ? `<${tps.join(", ")}>` : ""}(${params}): ${o.returns};`;
    })
    .join("\n");
}

function overloadSignatures(op: IrOperation): OptionalKind<MethodSignatureStructure>[] {
  return op.overloads.map((o) => ({
    name: op.name,
    typeParameters: typeParamStructures(o.typeParams),
    parameters: o.params.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional })),
    returnType: o.returns,
    docs: [
      doc({
        summary: op.summary,
        description: op.description,
        remarks: op.remarks,
        params: o.params.map((p) => ({ name: p.name, summary: p.summary })),
        throws: op.errors.map((e) => ({ name: e.name, summary: e.summary })),
        examples: op.examples,
        since: op.since,
        deprecated: op.deprecated,
        generatedFrom: op.source,
      }),
    ],
  }));
}

function contextInterface(ir: Ir): InterfaceDeclarationStructure {
  const c = ir.context;
  const properties: InterfaceDeclarationStructure["properties"] = [];
  const methods: OptionalKind<MethodSignatureStructure>[] = [];
  for (const m of c.members) {
    if (m.method) {
      const fn = parseFunctionType(m.type);
      methods.push({
        name: m.name,
        parameters: fn.params.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional, isRestParameter: p.rest })),
        returnType: fn.returns,
        docs: [doc({ summary: m.summary, generatedFrom: `${c.source}, member ${m.name}` })],
      });
    } else {
      properties.push({ name: m.name, type: m.type, docs: [doc({ summary: m.summary, generatedFrom: `${c.source}, member ${m.name}` })] });
    }
  }
  properties.push({
    name: c.promiseProperty,
    type: c.promiseInterface,
    docs: [doc({ summary: c.promiseSummary, generatedFrom: `${c.source}, promiseGroup` })],
  });
  for (const op of ir.operations.filter((o) => o.group === "context")) methods.push(...overloadSignatures(op));
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: c.name,
    typeParameters: typeParamStructures(c.typeParams),
    docs: [doc({ summary: c.summary, description: c.description, examples: exampleOf(c.example), generatedFrom: c.source })],
    properties,
    methods,
  };
}

/**
 * A cheap test that accepts exactly the common calls the generated validator would accept (every argument of a
 * simply checked kind, no config): those skip the validator. Undefined when the operation has an
 * argument that only the validator can check.
 */
export function fastAcceptTest(op: IrOperation): string | undefined {
  const parts: string[] = [];
  for (const a of op.args) {
    // A leading name resolved by its type is a string or undefined already.
    if (a.name === "name" && op.discriminator === "leading-string") continue;
    const optional = a.optional || a.name === "name";
    if (a.check.kind === "config") {
      if (!optional) return undefined;
      // A config left out: undefined, or null, which the validator reads as left out too.
      parts.push(`${a.name} == null`);
      continue;
    }
    if (a.check.kind !== "simple") return undefined;
    let test: string;
    switch (a.check.name) {
      case "string":
        test = `typeof ${a.name} === "string"`;
        break;
      case "nonEmptyString":
        test = `typeof ${a.name} === "string" && ${a.name} !== ""`;
        break;
      case "function":
        test = `typeof ${a.name} === "function"`;
        break;
      case "array":
        test = `Array.isArray(${a.name})`;
        break;
      case "any":
        continue;
      default:
        return undefined;
    }
    parts.push(optional ? `(${a.name} === undefined || ${test})` : test);
  }
  return parts.length ? parts.join(" && ") : "true";
}

/**
 * The body of an operation method: resolve the optional leading name, gather the normalised arguments
 * once, and hand them to the dispatcher, through `checkArguments` unless the fast test accepts them.
 */
function normaliseStatements(op: IrOperation, dispatch: string): string[] {
  const names = op.args.map((a) => a.name);
  const lines: string[] = [];
  // Positional parameters, not a rest array taken apart: no array, spread or iterator per call (these
  // methods run once per durable operation). A call that leaves the name out has its arguments one
  // slot early: they move up, and the name slot becomes undefined.
  if (op.discriminator !== "none") {
    // A null first argument is the next one moved up (a null config, read as left out), unless that
    // argument is optional and given too: then the null is a name, which the validator refuses (the
    // reference reads it as the config and drops the one given: createCallback(null, { timeout })).
    const nullName = op.discriminator === "leading-string" && nullMayBeName(op) ? ` && (${names[0]} !== null || ${names[1]} === undefined)` : "";
    const named = op.discriminator === "second-arg-string" ? `(typeof ${names[1]} === "string")` : `isLeadingName(${names[0]})${nullName}`;
    const shift = names.map((_, i) => names.length - 1 - i).map((i) => (i === 0 ? `${names[0]} = undefined;` : `${names[i]} = ${names[i - 1]};`));
    lines.push(`if (!${named}) {`, ...shift.map((line) => `  ${line}`), `}`);
  }
  const given = `{ ${names.join(", ")} } as ${op.argsTypeName}`;
  const checked = (value: string) => `checkArguments(${JSON.stringify(op.name)}, ${argsRulesName(op)}, ${value})`;
  const fast = fastAcceptTest(op);
  if (fast === undefined) {
    lines.push(`return ${dispatch}(${JSON.stringify(op.name)}, ${checked(given)});`);
  } else {
    lines.push(`const given = ${given};`);
    lines.push(`// Common calls that the validator would accept skip it (no config, simple arguments).`);
    lines.push(`return ${dispatch}(${JSON.stringify(op.name)}, ${fast} ? given : ${checked("given")});`);
  }
  return lines;
}

/** The implementation's parameter list: one optional parameter per argument slot, named after the argument it holds once the name is resolved. */
const paramList = (op: IrOperation): string => op.args.map((a) => `${a.name}?: unknown`).join(", ");

export function emitContext(ir: Ir, index: ModuleIndex): SourceFileStructure {
  // A subtype as an expression: the enum member when OperationSubType is a TypeScript enum, else the string.
  const subTypeEnum = ir.enums.find((e) => e.name === "OperationSubType");
  const subType = (value: string): string => {
    const member = subTypeEnum?.declaration === "enum" ? subTypeEnum.values.find((v) => v.value === value) : undefined;
    return member ? `OperationSubType.${member.name}` : JSON.stringify(value);
  };
  const c = ir.context;
  const contextOps = ir.operations.filter((o) => o.group === "context");
  const promiseOps = ir.operations.filter((o) => o.group === "promise");
  const statements: (string | StatementStructures)[] = [header([c.source, ...ir.operations.map((o) => o.source)])];

  const argTexts = ir.operations.flatMap((o) => o.args.map((a) => a.validatorType));
  const texts = [
    ...c.members.map((m) => m.type),
    ...c.typeParams.flatMap((p) => [p.constraint ?? "", p.default ?? ""]),
    ...ir.operations.flatMap((o) => o.overloads.flatMap((ov) => [ov.returns, ...ov.params.map((p) => p.type), ...ov.typeParams.flatMap((p) => [p.constraint ?? "", p.default ?? ""])])),
    ...argTexts,
    ...ir.operations.map(argsRulesName),
    "checkArguments",
    "OperationType",
    "OperationSubType",
    "DurablePromise",
    "DurableLogger",
    ...(ir.operations.some((o) => o.suspendsWith !== undefined) ? ["TerminationReason"] : []),
  ];
  statements.push(...importsFor("./context", texts, index, [...ir.operations.map(argsRulesName), "checkArguments"]));

  statements.push(contextInterface(ir));
  statements.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: c.promiseInterface,
    docs: [doc({ summary: c.promiseSummary, generatedFrom: `${c.source}, promiseGroup` })],
    methods: promiseOps.flatMap(overloadSignatures),
  });

  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "OperationName",
    docs: ["Name of every durable operation (the keys of the runtime's handler table)."],
    type: ir.operations.map((o) => JSON.stringify(o.name)).join(" | "),
  });
  for (const op of ir.operations) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: op.argsTypeName,
      docs: [doc({ summary: `Normalised, validated arguments of ${op.callPath}, as handed to the runtime.`, generatedFrom: op.source })],
      properties: op.args.map((a) => ({
        name: a.name,
        type: a.optional || a.name === "name" ? (a.validatorType.includes("undefined") ? a.validatorType : `${a.validatorType} | undefined`) : a.validatorType,
        docs: [docText(a.summary)],
      })),
    });
  }
  statements.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "OperationArgs",
    docs: ["Arguments of each operation, by name."],
    properties: ir.operations.map((o) => ({ name: o.name, type: o.argsTypeName })),
  });
  statements.push(
    `/**
 * Static facts about each operation, from the schema, that the runtime reads (the bundle carries this table,
 * so its key is the operation's name and which surface the method is on stays in the schema).
 */
export interface OperationInfo {
  readonly operationType: OperationType;
  readonly subType: OperationSubType;
  readonly itemSubType?: OperationSubType;
  /** What an unnamed item's child context is named, before its index (a batch operation's). */
  readonly itemNamePrefix?: string;
}`,
  );
  const factsText = (o: IrOperation): string =>
    `{ operationType: ${JSON.stringify(o.operationType)}, subType: ${subType(o.subType)}${o.itemSubType ? `, itemSubType: ${subType(o.itemSubType)}` : ""}${o.itemNamePrefix !== undefined ? `, itemNamePrefix: ${JSON.stringify(o.itemNamePrefix)}` : ""} }`;
  // Operations with the same facts (the promise combinators and runInChildContext) share one object:
  // the bundle carries each distinct entry once.
  const sharers = new Map<string, IrOperation[]>();
  for (const o of ir.operations) sharers.set(factsText(o), [...(sharers.get(factsText(o)) ?? []), o]);
  const sharedNames = new Map<string, string>();
  for (const [text, ops] of sharers) {
    if (ops.length < 2) continue;
    const base = `${ops[0]!.subType.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/\W/g, "_").toUpperCase()}_FACTS`;
    const name = [...sharedNames.values()].includes(base) ? `${base}_${sharedNames.size + 1}` : base;
    sharedNames.set(text, name);
    statements.push(`/** The facts ${ops.map((o) => o.name).join(", ")} share (one object in OPERATIONS). */\nconst ${name} = ${text} as const;`);
  }
  statements.push(
    exportedConst(["Static facts about each operation, from the schema."], {
      name: "OPERATIONS",
      initializer: `{\n${ir.operations.map((o) => `  ${o.name}: ${sharedNames.get(factsText(o)) ?? factsText(o)},`).join("\n")}\n} as const satisfies Record<OperationName, OperationInfo>`,
    }),
  );
  // What a waiting operation suspends the invocation with, by subtype (the key the runtime tracks it by).
  const suspending = [...new Map(ir.operations.filter((o) => o.suspendsWith !== undefined).map((o) => [o.subType, o.suspendsWith!])).entries()];
  if (suspending.length > 0)
    statements.push(
      exportedConst(
        [
          doc({
            summary:
              "The TerminationReason the invocation suspends with while an operation waits on the service, by the operation's subtype (its `suspendsWith` in the schema); a subtype that is not listed never waits itself.",
            generatedFrom: `${[...new Set(ir.operations.filter((o) => o.suspendsWith !== undefined).map((o) => o.source))].join(", ")}, suspendsWith`,
          }),
        ],
        {
          name: "SUSPENSION_REASONS",
          type: "{ readonly [S in OperationSubType]?: TerminationReason }",
          initializer: `{\n${suspending.map(([sub, reason]) => `  ${/^[A-Za-z_$][\w$]*$/.test(sub) ? sub : JSON.stringify(sub)}: ${JSON.stringify(reason)},`).join("\n")}\n}`,
        },
      ),
    );
  statements.push(`/** A runtime handler of one operation: receives the calling context and the validated arguments. */
export type OperationHandler<K extends OperationName, Ctx> = (context: Ctx, args: OperationArgs[K]) => DurablePromise<unknown>;

/** The runtime's handler table: one handler per operation, so a new schema operation fails \`tsc\` until it has one. */
export type OperationHandlerTable<Ctx> = { readonly [K in OperationName]: OperationHandler<K, Ctx> };

/** The single runtime entry point the generated methods call. */
export type OperationDispatcher = <K extends OperationName>(operation: K, args: OperationArgs[K]) => DurablePromise<unknown>;

/** The operation methods of a context (everything of ${c.name} the runtime does not add itself). */
export type OperationMethods<TLogger extends DurableLogger = DurableLogger> = Pick<${c.name}<TLogger>, ${[...contextOps.map((o) => JSON.stringify(o.name)), JSON.stringify(c.promiseProperty)].join(" | ")}>;`);

  const indent = (lines: string[], pad: string) => lines.map((l) => `${pad}${l}`).join("\n");
  // Each method repeats the interface's overloads before its implementation, so the classes `implement`
  // the interfaces: the compiler checks the seam (no cast).
  const methodTexts = contextOps.map(
    (op) =>
      `  /** ${op.callPath}: see {@link ${c.name}.${op.name}}. */\n${overloadTexts(op, "  ")}\n  ${op.name}(${paramList(op)}): DurablePromise<unknown> {\n${indent(normaliseStatements(op, "this[DISPATCH]"), "    ")}\n  }`,
  );
  // Combinators whose bodies differ only in the operation and its rules table (the same arguments, the
  // same checks) share one private method: each is written once instead of once per combinator.
  const sharedBody = (op: IrOperation): string =>
    normaliseStatements(op, "this.#dispatch")
      .join("\n")
      .replaceAll(JSON.stringify(op.name), "operation")
      .replaceAll(argsRulesName(op), "rules")
      .replaceAll(` as ${op.argsTypeName}`, " as OperationArgs[K]");
  const shared = promiseOps.length > 1 && promiseOps.every((op) => sharedBody(op) === sharedBody(promiseOps[0]!)) ? promiseOps[0]! : undefined;
  const promiseTexts = promiseOps.map(
    (op) =>
      `  /** ${op.callPath}: see {@link ${c.promiseInterface}.${op.name}}. */\n${overloadTexts(op, "  ")}\n  ${op.name}(${paramList(op)}): DurablePromise<unknown> {\n${
        shared
          ? `    return this.#combine(${JSON.stringify(op.name)}, ${argsRulesName(op)}, ${op.args.map((a) => a.name).join(", ")});`
          : indent(normaliseStatements(op, "this.#dispatch"), "    ")
      }\n  }`,
  );
  if (shared)
    promiseTexts.push(
      `  /** The body every combinator shares: resolve the optional leading name, validate unless the fast test accepts, dispatch. */\n  #combine<K extends ${promiseOps.map((o) => JSON.stringify(o.name)).join(" | ")}>(operation: K, rules: typeof ${argsRulesName(shared)}, ${paramList(shared)}): DurablePromise<unknown> {\n${indent(sharedBody(shared).split("\n"), "    ")}\n  }`,
    );
  if (ir.operations.some((o) => o.discriminator === "leading-string"))
    statements.push(`/** Whether a call's first argument is its (optional) leading name: a string, or undefined in the name's place. Otherwise the name was left out and the arguments start one slot earlier. */
const isLeadingName = (first: unknown): first is string | undefined => first === undefined || typeof first === "string";`);
  statements.push(`/** Where OperationMethodsBase keeps the runtime's dispatcher (a symbol, so it never clashes with a context member). */
export const DISPATCH: unique symbol = Symbol("durable-execution-sdk.dispatch");

/**
 * The operation methods of a context, on a prototype shared by every context: each method resolves the
 * optional leading name, validates its arguments with the generated validators (throwing
 * DurableValidationError naming the field) and calls the runtime's dispatcher once. The runtime's context
 * class extends this one.
 *
 * @generated from ${c.source}
 */
export class OperationMethodsBase<TLogger extends DurableLogger = DurableLogger> implements OperationMethods<TLogger> {
  readonly [DISPATCH]: OperationDispatcher;

  constructor(dispatch: OperationDispatcher) {
    this[DISPATCH] = dispatch;
  }

${methodTexts.join("\n\n")}

  /** ${c.promiseSummary} Created on first use. */
  get ${c.promiseProperty}(): ${c.promiseInterface} {
    const combinators = new ${c.promiseInterface}Base(this[DISPATCH]);
    Object.defineProperty(this, ${JSON.stringify(c.promiseProperty)}, { value: combinators, enumerable: true });
    return combinators;
  }
}

/**
 * The ${c.promiseProperty} combinators of a context, around the same dispatcher.
 *
 * @generated from ${c.source}
 */
class ${c.promiseInterface}Base implements ${c.promiseInterface} {
  readonly #dispatch: OperationDispatcher;

  constructor(dispatch: OperationDispatcher) {
    this.#dispatch = dispatch;
    // Bound, as the reference's combinators are closures: \`const { all } = context.${c.promiseProperty}\` works.
${promiseOps.map((op) => `    this.${op.name} = this.${op.name}.bind(this);`).join("\n")}
  }

${promiseTexts.join("\n\n")}
}`);
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "createOperationMethods",
    typeParameters: [{ name: "TLogger", constraint: "DurableLogger", default: "DurableLogger" }],
    parameters: [{ name: "dispatch", type: "OperationDispatcher" }],
    returnType: "OperationMethods<TLogger>",
    docs: [
      doc({
        summary: "Builds the operation methods of one context around the runtime's dispatcher (an OperationMethodsBase).",
        generatedFrom: c.source,
      }),
    ],
    statements: ["return new OperationMethodsBase<TLogger>(dispatch);"],
  });
  return { kind: StructureKind.SourceFile, statements };
}
