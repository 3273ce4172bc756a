/** Emits the shared and wire types as interfaces and type aliases. */
import { StructureKind, type InterfaceDeclarationStructure, type OptionalKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrDurationRule, IrExecution, IrExecutionConfigField, IrType } from "../ir";
import { doc, exampleOf, fieldDoc, header, inlineDoc, parseFunctionType, typeParamStructures, exportedConst } from "./common";
import { importsFor, type ModuleIndex } from "./imports";
import { camel, typeFieldsName, typeValuesSetName } from "../naming";

export function typeDeclaration(t: IrType): StatementStructures {
  const docs = [doc({ summary: t.summary, description: t.description, examples: exampleOf(t.example), generatedFrom: `${t.source}, type ${t.name}` })];
  const typeParameters = typeParamStructures(t.typeParams);
  if (t.alias !== undefined) {
    return { kind: StructureKind.TypeAlias, isExported: true, name: t.name, typeParameters, docs, type: t.alias };
  }
  const iface: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    isExported: true,
    name: t.name,
    typeParameters,
    docs,
    extends: t.extends ? [t.extends] : [],
    properties: [],
    methods: [],
    indexSignatures: [],
  };
  for (const f of t.fields ?? []) {
    // A typed default is the field's `@defaultValue` (the value itself is in the type's defaults constant).
    const fieldDocs = [fieldDoc(f.summary, f.default ? `\`${f.default.text}\`` : undefined)];
    if (f.name.startsWith("[")) {
      const m = /^\[(\w+): (\w+)\]$/.exec(f.name)!;
      iface.indexSignatures!.push({ keyName: m[1], keyType: m[2], returnType: f.type, docs: fieldDocs });
    } else if (f.method) {
      const fn = parseFunctionType(f.type);
      iface.methods!.push({
        name: f.name,
        hasQuestionToken: f.optional,
        docs: fieldDocs,
        parameters: fn.params.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional, isRestParameter: p.rest })),
        returnType: fn.returns,
      } satisfies OptionalKind<import("ts-morph").MethodSignatureStructure>);
    } else {
      const type = f.undefinable ? `${/[|&]|=>/.test(f.type) ? `(${f.type})` : f.type} | undefined` : f.type;
      iface.properties!.push({ name: f.name, type, hasQuestionToken: f.optional, isReadonly: f.readonly, docs: fieldDocs });
    }
  }
  return iface;
}

/**
 * The constant with a type's typed field defaults: a plain `as const` literal (readonly to the compiler),
 * which a bundler drops when nothing uses it; a call such as `Object.freeze` would cost every bundle bytes.
 */
export function typeDefaultsDeclaration(t: IrType): StatementStructures | undefined {
  if (!t.defaultsName) return undefined;
  const entries = (t.fields ?? []).filter((f) => f.default).map((f) => `  ${f.name}: ${f.default!.expr},`);
  return exportedConst([doc({ summary: `What each unset field of {@link ${t.name}} stands for.`, generatedFrom: `${t.source}, type ${t.name} (fields' default)` })], {
    name: t.defaultsName,
    initializer: `{\n${entries.join("\n")}\n} as const`,
  });
}

/**
 * The constant with the values of a type's fields that mean none, as leaving the field out does (`none:`
 * of a field): a plain `as const` literal, as the defaults. Code reading such a field compares with it.
 */
export function typeNoneValuesDeclaration(t: IrType): StatementStructures | undefined {
  if (!t.noneValuesName) return undefined;
  const entries = (t.fields ?? []).filter((f) => f.none).map((f) => `  ${inlineDoc(`${f.none!.text} or unset: ${f.none!.means}.`)}\n  ${f.name}: ${f.none!.expr},`);
  return exportedConst(
    [doc({ summary: `The value of each field of {@link ${t.name}} that means none, as leaving the field out does.`, generatedFrom: `${t.source}, type ${t.name} (fields' none)` })],
    { name: t.noneValuesName, initializer: `{\n${entries.join("\n")}\n} as const` },
  );
}

/**
 * The constant with the longest total, in seconds, of each Duration field of a type that declares its own
 * (`maxSeconds:`): the limit it names, or Infinity for `none`. The type's other Duration fields take the
 * Duration rule's `maxSeconds` (`DURATION_RULE`), which the runtime's check uses for a field left out here.
 * A plain `as const` literal, as the defaults.
 */
export function typeMaxSecondsDeclaration(t: IrType, rule: IrDurationRule | undefined): StatementStructures | undefined {
  if (!t.maxSecondsName || !rule) return undefined;
  const entries = (t.fields ?? []).flatMap((f) => {
    const m = f.maxSeconds;
    if (!m) return [];
    return [`  ${inlineDoc(m.limit ? `${m.limit}.` : "None of its own.")}\n  ${f.name}: ${m.limit ? String(m.value) : "Infinity"},`];
  });
  const others = (t.fields ?? []).filter((f) => f.type === "Duration" && !f.maxSeconds).map((f) => f.name);
  return exportedConst(
    [
      doc({
        summary: `The longest total, in seconds, of each Duration field of {@link ${t.name}} that has its own${others.length ? ` (${others.join(", ")}: the Duration rule's, \`DURATION_RULE.maxSeconds\`)` : ""}.`,
        generatedFrom: `${t.source}, type ${t.name} (fields' maxSeconds)`,
      }),
    ],
    { name: t.maxSecondsName, initializer: `{\n${entries.join("\n")}\n} as const` },
  );
}

/**
 * The constant with the typed defaults of the execution's configuration (schema/execution.yaml), shaped
 * as the hand-written interface (a settings object nests its fields), each value with its field's summary;
 * a plain `as const` literal, as a type's defaults.
 */
export function executionDefaultsDeclaration(x: IrExecution): StatementStructures | undefined {
  const { config } = x;
  if (!config.defaultsName) return undefined;
  const entry = (f: IrExecutionConfigField, indent: string): string[] => {
    if (f.default) return [`${indent}${inlineDoc(f.summary)}`, `${indent}${f.name}: ${f.default.expr},`];
    const nested = (f.fields ?? []).flatMap((n) => entry(n, `${indent}  `));
    return nested.length ? [`${indent}${inlineDoc(f.summary)}`, `${indent}${f.name}: {`, ...nested, `${indent}},`] : [];
  };
  return exportedConst(
    [
      doc({
        summary: `What each unset field of \`${config.name}\`, ${camel(config.summary).replace(/\.$/, "")}, stands for.`,
        description: `The interface is written by hand in ${config.declaredIn}, as its fields name runtime types, which generated code cannot import; these are the values that ${x.source} gives its unset fields.`,
        generatedFrom: `${x.source}, config ${config.name} (fields' default)`,
      }),
    ],
    { name: config.defaultsName, initializer: `{\n${config.fields.flatMap((f) => entry(f, "  ")).join("\n")}\n} as const` },
  );
}

/** An options type (`…Config`) with fields gets the constant naming them ({@link fieldsDeclaration}). */
export const hasFieldsConstant = (t: IrType): boolean => t.name.endsWith("Config") && (t.fields?.length ?? 0) > 0;

/**
 * The constant naming an options type's fields, space-separated: the keys an options object of the type may have,
 * which the runtime checks an untyped caller's object against (a string, the fewest bundle bytes; dropped
 * when nothing uses it).
 */
export function fieldsDeclaration(typeName: string, fields: readonly { name: string }[] | undefined, generatedFrom: string): StatementStructures {
  return exportedConst([doc({ summary: `The fields of \`${typeName}\`, space-separated: the keys its objects may have.`, generatedFrom })], {
    name: typeFieldsName(typeName),
    initializer: JSON.stringify((fields ?? []).map((f) => f.name).join(" ")),
  });
}

/** The constant with a type's named presets (a plain `as const` literal, as the defaults). */
export function typePresetsDeclaration(t: IrType): StatementStructures | undefined {
  if (!t.presetsName || !t.presets) return undefined;
  const entries = t.presets.map((p) => `  ${p.name}: { ${p.fields.map((f) => `${f.name}: ${f.expr}`).join(", ")} },`);
  return exportedConst([doc({ summary: `The named presets of {@link ${t.name}}.`, generatedFrom: `${t.source}, type ${t.name} (presets)` })], {
    name: t.presetsName,
    initializer: `{\n${entries.join("\n")}\n} as const`,
  });
}

/**
 * One constant per value of a string-literal union type (`values` in the schema): the runtime writes
 * `COMPLETION_REASON_ALL_COMPLETED`, not `"ALL_COMPLETED"`. Plain string constants, not an object: a
 * bundler keeps each as one short variable, so the runtime's uses cost fewer bytes than the literals.
 */
export function typeValueDeclarations(t: IrType): StatementStructures[] {
  if (!t.values) return [];
  return [
    ...t.values.map((v) =>
      exportedConst([doc({ summary: v.summary, description: `A value of {@link ${t.name}}.`, generatedFrom: `${t.source}, type ${t.name} value ${v.value}` })], {
        name: v.constant,
        initializer: JSON.stringify(v.value),
      }),
    ),
    // The membership test for a string read back from storage, so no runtime file lists the values again.
    exportedConst([doc({ summary: `Every value of {@link ${t.name}}.`, generatedFrom: `${t.source}, type ${t.name} values` })], {
      name: typeValuesSetName(t.name),
      type: `ReadonlySet<${t.name}>`,
      initializer: `new Set([${t.values.map((v) => v.constant).join(", ")}])`,
    }),
  ];
}

/** Every type text a declaration mentions (for working out imports). */
export function typeTexts(t: IrType): string[] {
  return [
    t.alias ?? "",
    t.extends ?? "",
    ...t.typeParams.flatMap((p) => [p.constraint ?? "", p.default ?? ""]),
    ...(t.fields ?? []).flatMap((f) => [f.type, f.default?.expr ?? ""]),
    ...(t.presets ?? []).flatMap((p) => p.fields.map((f) => f.expr)),
  ];
}

export function emitTypes(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const sources = [...new Set(ir.types.map((t) => t.source)), ...(ir.execution?.config.defaultsName ? [ir.execution.source] : [])];
  const statements: (string | StatementStructures)[] = [header(sources)];
  statements.push(...importsFor("./types", ir.types.flatMap(typeTexts), index));
  for (const t of ir.types) {
    statements.push(typeDeclaration(t), ...typeValueDeclarations(t));
    const defaults = typeDefaultsDeclaration(t);
    if (defaults) statements.push(defaults);
    const none = typeNoneValuesDeclaration(t);
    if (none) statements.push(none);
    const maxSeconds = typeMaxSecondsDeclaration(t, ir.durationRule);
    if (maxSeconds) statements.push(maxSeconds);
    const presets = typePresetsDeclaration(t);
    if (presets) statements.push(presets);
    if (hasFieldsConstant(t)) statements.push(fieldsDeclaration(t.name, t.fields, `${t.source}, type ${t.name} (fields)`));
  }
  const executionDefaults = ir.execution && executionDefaultsDeclaration(ir.execution);
  if (executionDefaults) statements.push(executionDefaults);
  for (const l of ir.limits)
    statements.push(exportedConst([doc({ summary: l.summary, description: `Source: ${l.source}`, generatedFrom: `${l.file}, limits ${l.name}` })], { name: l.name, initializer: String(l.value) }));
  return { kind: StructureKind.SourceFile, statements };
}
