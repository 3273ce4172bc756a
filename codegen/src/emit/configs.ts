/**
 * Emits the config interfaces (configs.ts). Their validators, emitted from the same IR nodes, are in
 * ./validators.ts.
 */
import { StructureKind, type InterfaceDeclarationStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrConfig } from "../ir";
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
