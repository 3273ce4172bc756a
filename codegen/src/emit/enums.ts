/**
 * Emits the enumerations: a const object and a same-named union type each, or (declaration: enum) a
 * TypeScript string enum, whose members are types as well as values.
 */
import { StructureKind, type JSDocStructure, type OptionalKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrEnum, IrTransition, IrUpdateOptions } from "../ir";
import { doc, exampleOf, header, inlineDoc, exportedConst } from "./common";

export function emitEnums(ir: Ir): SourceFileStructure {
  const statements: (string | StatementStructures)[] = [header([...new Set(ir.enums.map((e) => e.source))]), selfNamedFunction()];
  for (const e of ir.enums) {
    const docs = [doc({ summary: e.summary, description: e.description, examples: exampleOf(e.example), experimental: e.experimental, generatedFrom: `${e.source}, enum ${e.name}` })];
    if (e.declaration === "enum") {
      statements.push({
        kind: StructureKind.Enum,
        isExported: true,
        name: e.name,
        docs,
        members: e.values.map((v) => ({ name: v.name, value: v.value, docs: [{ kind: StructureKind.JSDoc as const, description: v.summary }] })),
      });
      continue;
    }
    statements.push(enumObject(e, docs));
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: e.name,
      docs: [doc({ summary: e.summary, experimental: e.experimental, generatedFrom: `${e.source}, enum ${e.name}` })],
      type: `(typeof ${e.name})[keyof typeof ${e.name}]`,
    });
  }
  // Relation tables come after every enum: a TypeScript enum cannot be used before its declaration.
  for (const e of ir.enums) if (e.relation) statements.push(relationTable(ir, e, e.relation));
  for (const e of ir.enums) statements.push(...e.flags.map((flag) => flagSet(e, flag)));
  if (ir.protocol) statements.push(...protocolTables(ir.protocol, ir.enums.find((e) => e.name === "OperationStatus"), ir.enums.find((e) => e.name === "OperationAction")));
  return { kind: StructureKind.SourceFile, statements };
}

/**
 * The const object of an enum. When every value is its own name the object is built from the names written
 * once (about half the bytes of a literal that writes each twice); its declared type keeps every member's
 * literal type and doc.
 */
function enumObject(e: IrEnum, docs: OptionalKind<JSDocStructure>[]): StatementStructures {
  if (e.values.every((v) => v.value === v.name)) {
    const members = e.values.map((v) => `  ${inlineDoc(v.summary)}\n  readonly ${v.name}: ${JSON.stringify(v.value)};`).join("\n");
    const names = JSON.stringify(e.values.map((v) => v.name).join(" "));
    return exportedConst(docs, { name: e.name, type: `{\n${members}\n}`, initializer: `/* @__PURE__ */ ${SELF_NAMED}(${names})` });
  }
  const body = e.values.map((v) => `  ${inlineDoc(v.summary)}\n  ${v.name}: ${JSON.stringify(v.value)},`).join("\n");
  return exportedConst(docs, { name: e.name, initializer: `{\n${body}\n} as const` });
}

const SELF_NAMED = "selfNamed";

/**
 * The function that builds a const-object enum whose values are its names, from those names written once
 * (space-separated): `{ A: "A", B: "B" }`, keys in the order given.
 */
function selfNamedFunction(): StatementStructures {
  return {
    kind: StructureKind.Function,
    name: SELF_NAMED,
    typeParameters: ["T"],
    parameters: [{ name: "names", type: "string" }],
    returnType: "T",
    docs: [{ kind: StructureKind.JSDoc, description: "An object whose keys are `names` (space-separated, in order), each holding its own name: a const-object enum whose values are its names, written once." }],
    statements: ["// Justified cast: the declared type of each enum lists exactly these names, each as its own literal value.", "return Object.fromEntries(names.split(\" \").map((name) => [name, name])) as T;"],
  };
}

/** The status sets (one ReadonlySet each), the start action, the transition row type and OPERATION_TRANSITIONS. */
function protocolTables(p: NonNullable<Ir["protocol"]>, operationStatus: IrEnum | undefined, operationAction: IrEnum | undefined): StatementStructures[] {
  // A status is written as its OperationStatus member (the IR checked that every status is one).
  const member = (status: string): string => operationStatus?.values.find((v) => v.value === status)?.name ?? status;
  const out: StatementStructures[] = p.statusSets.map((set) =>
    exportedConst([doc({ summary: set.summary, generatedFrom: `${p.source}, statusSets ${set.name}` })], {
      name: set.name,
      type: "ReadonlySet<string>",
      initializer: `/* @__PURE__ */ new Set<OperationStatus>([${set.statuses.map((x) => JSON.stringify(x)).join(", ")}])`,
    }),
  );
  // The start action, typed as its OperationAction member (the IR checked that it is one) but written as a
  // literal: a member read (`OperationAction.START`) counts as a side effect to a bundler, which would then
  // keep the whole OperationAction object in every Lambda bundle even where nothing reads this constant.
  out.push(
    exportedConst(
      [
        doc({
          summary: "The action that starts an operation.",
          description:
            "The service creates a new operation in the status this action's row of OPERATION_TRANSITIONS leaves, whatever its first update. Within one checkpoint an operation counts as started only when its first update there is this action: then one more update of its Id may follow (a row with `afterStartInBatch`), and a later update may name it as its ParentId (when its type is in PARENT_OPERATION_TYPES).",
          generatedFrom: `${p.source}, startAction`,
        }),
      ],
      {
        name: "OPERATION_START_ACTION",
        type: `typeof OperationAction.${operationAction?.values.find((v) => v.value === p.startAction)?.name ?? p.startAction}`,
        initializer: JSON.stringify(p.startAction),
      },
    ),
  );
  // The options rules (`options:` of a row): their message names are typed as the unions of the names the
  // table uses, so the validator calls each message with the params the IR checked it takes.
  const withOptions = p.transitions.filter((t) => t.options);
  if (withOptions.length > 0) out.push(...optionsInterfaces(p, withOptions));
  out.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "OperationTransition",
    docs: [doc({ summary: "What one checkpoint action does to an operation's status.", generatedFrom: `${p.source}, transitions` })],
    properties: [
      { name: "from", isReadonly: true, type: 'readonly (OperationStatus | "new")[] | "any"', docs: [{ kind: StructureKind.JSDoc, description: "Statuses the service accepts the action in (`new`: the operation does not exist yet), or `any` (not checked)." }] },
      { name: "to", isReadonly: true, type: "OperationStatus", docs: [{ kind: StructureKind.JSDoc, description: "The status the action leaves." }] },
      { name: "rule", isReadonly: true, type: "string", docs: [{ kind: StructureKind.JSDoc, description: "Message prefix when the current status is not in `from`." }] },
      { name: "event", isReadonly: true, hasQuestionToken: true, type: "EventType", docs: [{ kind: StructureKind.JSDoc, description: "The history event the service records for the update (absent: none)." }] },
      { name: "errorEvent", isReadonly: true, hasQuestionToken: true, type: "EventType", docs: [{ kind: StructureKind.JSDoc, description: "The event recorded instead when the update carries an Error." }] },
      { name: "afterStartInBatch", isReadonly: true, hasQuestionToken: true, type: "true", docs: [{ kind: StructureKind.JSDoc, description: "The update may follow the operation's start (OPERATION_START_ACTION) in one checkpoint batch." }] },
      ...(withOptions.length > 0
        ? [{ name: "options", isReadonly: true, hasQuestionToken: true, type: "UpdateOptionsRule", docs: [{ kind: StructureKind.JSDoc as const, description: "The options the update carries, which the service checks (absent: none)." }] }]
        : []),
    ],
  });
  const byType = new Map<string, typeof p.transitions>();
  for (const t of p.transitions) byType.set(t.type, [...(byType.get(t.type) ?? []), t]);
  const rows = [...byType.entries()]
    .map(([type, ts]) => {
      const inner = ts
        .map((t) => {
          const from = t.from.includes("any") ? '"any"' : `[${t.from.map((f) => JSON.stringify(f)).join(", ")}]`;
          const extra = [
            ...(t.event ? [`event: ${JSON.stringify(t.event)}`] : []),
            ...(t.errorEvent ? [`errorEvent: ${JSON.stringify(t.errorEvent)}`] : []),
            ...(t.afterStartInBatch ? ["afterStartInBatch: true"] : []),
            ...(t.options ? [`options: ${optionsLiteral(t.options)}`] : []),
          ];
          return `    ${t.action}: { from: ${from}, to: ${JSON.stringify(t.to)}, rule: ${JSON.stringify(t.rule)}${extra.map((x) => `, ${x}`).join("")} },`;
        })
        .join("\n");
      return `  ${type}: {\n${inner}\n  },`;
    })
    .join("\n");
  out.push(
    exportedConst(
      [doc({ summary: "The transition table: for each operation type and valid action, the statuses it is accepted in and the status it leaves.", generatedFrom: `${p.source}, transitions` })],
      {
        name: "OPERATION_TRANSITIONS",
        initializer: `{\n${rows}\n} as const satisfies { readonly [T in OperationType]: { readonly [A in (typeof OperationTypeValidActions)[T][number]]: OperationTransition } }`,
      },
    ),
  );
  // One constant per status a row names (`toConstant`): the runtime tests a stored status against what an
  // action left, and reads that status here instead of choosing an OperationStatus by hand.
  for (const t of p.transitions)
    if (t.toConstant)
      out.push(statusConstant(t.toConstant, member(t.to), `The status a ${t.type} ${t.action} update leaves the operation in (its \`to\` in OPERATION_TRANSITIONS).`, `${p.source}, transitions ${t.type} ${t.action}`));
  for (const t of p.serviceTransitions)
    if (t.toConstant)
      out.push(statusConstant(t.toConstant, member(t.to), `The status the service leaves a ${t.type} in by itself on ${t.name} (SERVICE_TRANSITIONS): ${t.summary}`, `${p.source}, serviceTransitions ${t.name}`));
  out.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "operationTransition",
    parameters: [
      { name: "type", type: "OperationType | undefined" },
      { name: "action", type: "OperationAction | undefined" },
    ],
    returnType: "OperationTransition | undefined",
    docs: [
      doc({
        summary: "The row of OPERATION_TRANSITIONS for a type and action, or undefined when the action is not valid for the type.",
        params: [
          { name: "type", summary: "The operation type of the update." },
          { name: "action", summary: "The update's action." },
        ],
        generatedFrom: `${p.source}, transitions`,
      }),
    ],
    statements: [
      "if (type === undefined || action === undefined) return undefined;",
      "const row: Partial<Record<OperationAction, OperationTransition>> | undefined = OPERATION_TRANSITIONS[type];",
      "return row?.[action];",
    ],
  });
  if (p.serviceTransitions.length > 0)
    out.push(
      exportedConst(
        [
          doc({
            summary:
              "What the service does to an operation by itself, with no checkpoint action (a timer falls due, the callback API answers, a chained invoke's target ends): the operation type, the statuses it applies in, the status it leaves and the history event it records.",
            generatedFrom: `${p.source}, serviceTransitions`,
          }),
        ],
        {
          name: "SERVICE_TRANSITIONS",
          initializer: `{\n${p.serviceTransitions
            .map(
              (t) =>
                `  /** ${t.summary} */\n  ${t.name}: { type: ${JSON.stringify(t.type)}, from: [${t.from.map((f) => JSON.stringify(f)).join(", ")}], to: ${JSON.stringify(t.to)}${t.event ? `, event: ${JSON.stringify(t.event)}` : ""} },`,
            )
            .join("\n")}\n} as const satisfies Record<string, { readonly type: OperationType; readonly from: readonly OperationStatus[]; readonly to: OperationStatus; readonly event?: EventType }>`,
        },
      ),
    );
  return out;
}

/** A row's `options` as an object literal (keys in the order of UpdateOptionsRule and UpdateOptionCheck). */
function optionsLiteral(options: IrUpdateOptions): string {
  const checks = options.checks.map((c) => {
    const keys = [
      `field: ${JSON.stringify(c.field)}`,
      `type: ${JSON.stringify(c.type)}`,
      ...(c.min !== undefined ? [`min: ${c.min}`] : []),
      ...(c.required !== undefined ? [`required: ${JSON.stringify(c.required)}`] : []),
      ...(c.invalid !== undefined ? [`invalid: ${JSON.stringify(c.invalid)}`] : []),
    ];
    return `{ ${keys.join(", ")} }`;
  });
  const keys = [`field: ${JSON.stringify(options.field)}`, ...(options.required !== undefined ? [`required: ${JSON.stringify(options.required)}`] : []), `checks: [${checks.join(", ")}]`];
  return `{ ${keys.join(", ")} }`;
}

/** UpdateOptionCheck and UpdateOptionsRule: the shape of a row's `options`, with the names it uses as literal unions. */
function optionsInterfaces(p: NonNullable<Ir["protocol"]>, rows: readonly IrTransition[]): StatementStructures[] {
  const union = (names: (string | undefined)[]): string => {
    const used = [...new Set(names.filter((n): n is string => n !== undefined))];
    return used.length === 0 ? "never" : used.map((n) => JSON.stringify(n)).join(" | ");
  };
  const options = rows.map((t) => t.options!);
  const checks = options.flatMap((o) => o.checks);
  const exception = p.refusedWith ?? "the service exception";
  const prop = (name: string, type: string, description: string, optional = false) => ({
    name,
    isReadonly: true,
    hasQuestionToken: optional,
    type,
    docs: [{ kind: StructureKind.JSDoc as const, description }],
  });
  const generatedFrom = `${p.source}, transitions options`;
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "UpdateOptionCheck",
      docs: [doc({ summary: "One field of an update's options that the service checks: its type, its bound and the message a bad value is refused with.", generatedFrom })],
      properties: [
        prop("field", union(checks.map((c) => c.field)), "The field of the options."),
        prop("type", union(checks.map((c) => c.type)), "`number`: a finite number; `string`: a string."),
        prop("min", "number", "The least value (a number) or the least length (a string) accepted.", true),
        prop("required", union(checks.map((c) => c.required)), `The update must carry the field: missing or not valid, it is refused with this message of ${exception} (its param: the operation Id).`, true),
        prop("invalid", union(checks.map((c) => c.invalid)), `The field may be left out: there and not valid, the update is refused with this message of ${exception} (its params: the field's path, the operation Id).`, true),
      ],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "UpdateOptionsRule",
      docs: [doc({ summary: "The options a checkpoint update carries, which the service checks before applying it.", generatedFrom })],
      properties: [
        prop("field", union(options.map((o) => o.field)), "The OperationUpdate field holding the options."),
        prop("required", union(options.map((o) => o.required)), `The message of ${exception} when the update has no options (its param: the operation Id); absent: they may be left out.`, true),
        prop("checks", "readonly UpdateOptionCheck[]", "The fields of the options checked, in order."),
      ],
    },
  ];
}

/** The `ReadonlySet<Enum>` of the values carrying a flag (`flags: [name]` on the values in the schema). */
function flagSet(e: IrEnum, flag: IrEnum["flags"][number]): StatementStructures {
  const member = (name: string): string => {
    const v = e.values.find((x) => x.name === name)!;
    return e.declaration === "enum" ? `${e.name}.${v.name}` : JSON.stringify(v.value);
  };
  return exportedConst([doc({ summary: flag.summary, description: `The ${e.name} values flagged \`${flag.name}\` in the schema.`, generatedFrom: `${e.source}, enum ${e.name} flag ${flag.name}` })], {
    name: flag.setName,
    type: `ReadonlySet<${e.name}>`,
    initializer: `/* @__PURE__ */ new Set<${e.name}>([${flag.values.map(member).join(", ")}])`,
  });
}

/** The `<Enum><Relation>` table: each value of the enum to the related members of the target enum. */
function relationTable(ir: Ir, e: IrEnum, relation: NonNullable<IrEnum["relation"]>): StatementStructures {
  // Members of a TypeScript enum are referenced by name (a plain string is not assignable to the enum type).
  const target = ir.enums.find((t) => t.name === relation.targetEnum);
  const related = (value: string): string => {
    const member = target?.declaration === "enum" ? target.values.find((v) => v.value === value) : undefined;
    return member ? `${target!.name}.${member.name}` : JSON.stringify(value);
  };
  const rows = relation.entries.map((r) => `  ${JSON.stringify(r.value)}: [${r.related.map(related).join(", ")}],`).join("\n");
  return exportedConst([doc({ summary: relation.summary, generatedFrom: `${e.source}, enum ${e.name} relation` })], {
    name: relation.constName,
    initializer: `{\n${rows}\n} as const satisfies Record<${e.name}, readonly ${relation.targetEnum}[]>`,
  });
}

/** `export const NAME = OperationStatus.X;`: one status of the transition table under its own name. */
function statusConstant(name: string, status: string, summary: string, generatedFrom: string): StatementStructures {
  return exportedConst([doc({ summary, generatedFrom })], { name, initializer: `OperationStatus.${status}` });
}
