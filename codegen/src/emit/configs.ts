/**
 * Emits the config interfaces (configs.ts) and, per config, its resolved form: `Resolved<Config>` (every
 * field with a typed default is required), `<Config>RuntimeDefaults` (the defaults the runtime supplies)
 * and `resolve<Config>()`, which fills the defaults in. Their validators, emitted from the same IR nodes,
 * are in ./validators.ts.
 */
import {
  StructureKind,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
} from "ts-morph";
import { CHECK_KINDS } from "../check-kinds";
import type { Ir, IrConfig, IrConfigField, IrDefault } from "../ir";
import { doc, exampleOf, header, typeParamStructures } from "./common";
import { importsFor, type ModuleIndex } from "./imports";

/** The name of the generated helper that proves (by type) and checks (at run time) that every resolved field was read. */
export const EVERY_FIELD_READ = "everyConfigFieldRead";

/** How a default reads in TSDoc and the reference pages. */
export function defaultText(d: IrDefault): string {
  if (d.kind === "value") return d.otherwise === undefined ? `\`${d.text}\`` : `\`${d.text}\` when no field is set, otherwise ${d.otherwise}`;
  if (d.kind === "runtime") return d.text;
  return d.text;
}

const typeArgs = (c: IrConfig) => (c.typeParams.length ? `<${c.typeParams.map((p) => p.name).join(", ")}>` : "");
/** A literal default the resolver fills in only when the caller set no field of the config (`whenNoFieldSet`). */
const whenNoFieldSet = (f: IrConfigField): boolean => f.default?.kind === "value" && f.default.otherwise !== undefined;
/** Always filled in by the resolver: a literal or a runtime-supplied value (not one it fills only when no field is set). */
const filled = (f: IrConfigField) => f.default !== undefined && f.default.kind !== "unset" && !whenNoFieldSet(f);

function configInterface(c: IrConfig): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: c.name,
    typeParameters: typeParamStructures(c.typeParams),
    docs: [doc({ summary: c.summary ?? `Options of ${c.name.replace(/Config$/, "")}.`, description: c.description, examples: exampleOf(c.example), generatedFrom: `${c.source}, config ${c.name}` })],
    properties: c.fields.map((f) => ({
      name: f.name,
      type: f.type,
      hasQuestionToken: f.optional,
      docs: [
        doc({
          summary: f.summary,
          description: f.description,
          defaultValue: f.default ? defaultText(f.default) : undefined,
          generatedFrom: `${c.source}, config ${c.name}.${f.name}`,
        }),
      ],
    })),
  };
}

function resolvedInterface(c: IrConfig): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: c.resolvedName,
    typeParameters: typeParamStructures(c.typeParams),
    docs: [
      doc({
        summary: `{@link ${c.name}} with its defaults filled in by {@link ${c.resolverName}}: a field with a value or runtime default is always set.`,
        generatedFrom: `${c.source}, config ${c.name}`,
      }),
    ],
    properties: c.fields.map((f) => ({
      name: f.name,
      type: f.type,
      hasQuestionToken: f.optional && !filled(f),
      docs: [doc({ summary: f.summary, generatedFrom: `${c.source}, config ${c.name}.${f.name}` })],
    })),
  };
}

function runtimeDefaultsInterface(c: IrConfig): InterfaceDeclarationStructure | undefined {
  if (!c.runtimeDefaultsName) return undefined;
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: c.runtimeDefaultsName,
    typeParameters: typeParamStructures(c.typeParams),
    docs: [doc({ summary: `The defaults of {@link ${c.name}} that the runtime supplies to {@link ${c.resolverName}}.`, generatedFrom: `${c.source}, config ${c.name}` })],
    properties: c.fields
      .filter((f) => f.default?.kind === "runtime")
      .map((f) => ({ name: f.name, type: f.type, docs: [doc({ summary: f.default!.text, generatedFrom: `${c.source}, config ${c.name}.${f.name}.default` })] })),
  };
}

function resolver(c: IrConfig): FunctionDeclarationStructure {
  // A config with a required field is always passed; otherwise it may be left out.
  const configRequired = c.fields.some((f) => !f.optional);
  const read = configRequired ? "config." : "config?.";
  const entries = c.fields.map((f) => {
    const own = `${read}${f.name}`;
    if (f.default?.kind === "value" && whenNoFieldSet(f)) return `${f.name}: ${own} ?? (noFieldSet ? ${f.default.expr} : undefined),`;
    if (f.default?.kind === "value") return `${f.name}: ${own} ?? ${f.default.expr},`;
    if (f.default?.kind === "runtime") return `${f.name}: ${own} ?? defaults.${f.name},`;
    // A null the validator read as left out resolves to undefined where the runtime may send the value as it is (a string, number or boolean); objects and functions are read by truthiness.
    if (!f.nullIsValue && (f.check.kind === "enum" || (f.check.kind === "simple" && CHECK_KINDS[f.check.name].literal !== undefined))) return `${f.name}: ${own} ?? undefined,`;
    return `${f.name}: ${own},`;
  });
  const params = [{ name: "config", type: `${c.name}${typeArgs(c)}${configRequired ? "" : " | undefined"}` }];
  if (c.runtimeDefaultsName) params.push({ name: "defaults", type: `${c.runtimeDefaultsName}${typeArgs(c)}` });
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: c.resolverName,
    typeParameters: typeParamStructures(c.typeParams),
    parameters: params,
    returnType: `${c.resolvedName}${typeArgs(c)}`,
    docs: [
      doc({
        summary: `Fills in the defaults of {@link ${c.name}}: the schema's literal defaults here, the runtime's from \`defaults\`. Fields without a default keep the caller's value.`,
        params: [
          { name: "config", summary: "The validated config as the caller passed it." },
          ...(c.runtimeDefaultsName ? [{ name: "defaults", summary: "The defaults the runtime supplies." }] : []),
        ],
        returns: `The config with every defaulted field set.`,
        generatedFrom: `${c.source}, config ${c.name}`,
      }),
    ],
    statements: [
      ...(c.fields.some(whenNoFieldSet)
        ? [`const noFieldSet = ${c.fields.map((f) => `${read}${f.name} == null`).join(" && ")};`]
        : []),
      `return {\n${entries.join("\n")}\n};`,
    ],
  };
}

function everyFieldRead(): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: EVERY_FIELD_READ,
    parameters: [
      { name: "_unread", type: "{ readonly [field: string]: never }" },
      { name: "_configName", type: "string" },
    ],
    returnType: "void",
    docs: [
      doc({
        summary:
          "Called by a runtime operation with the rest of a resolved config after it destructured the fields it uses. Its parameter type accepts only an empty rest, so a schema field the runtime does not read is a compile error at this call (codegen/test/config-read.test.ts). It does nothing at run time, where the rest is always empty, and bundlers drop the calls.",
        params: [
          { name: "_unread", summary: "The rest of the resolved config (`const { a, b, ...unread } = resolveXConfig(...)`)." },
          { name: "_configName", summary: "The config's name, which the compile error's line shows." },
        ],
        generatedFrom: "every config of the schema",
      }),
    ],
    // A compile-time check only: the annotation lets a bundler drop every call (it has no effect).
    leadingTrivia: "/* @__NO_SIDE_EFFECTS__ */ ",
    statements: [],
  };
}

export function allConfigs(ir: Ir): IrConfig[] {
  return [...ir.sharedConfigs, ...ir.configs];
}

export function emitConfigs(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const configs = allConfigs(ir);
  const statements: (string | StatementStructures)[] = [header([...new Set(configs.map((c) => c.source))])];
  const texts = configs.flatMap((c) => [
    ...c.fields.map((f) => f.type),
    ...c.fields.map((f) => (f.default?.kind === "value" ? f.default.expr : "")),
    ...c.typeParams.flatMap((p) => [p.constraint ?? "", p.default ?? ""]),
  ]);
  statements.push(...importsFor("./configs", texts, index));
  for (const c of configs) {
    statements.push(configInterface(c), resolvedInterface(c));
    const runtime = runtimeDefaultsInterface(c);
    if (runtime) statements.push(runtime);
    statements.push(resolver(c));
  }
  statements.push(everyFieldRead());
  return { kind: StructureKind.SourceFile, statements };
}
