/** Emits the enumerations: a const object and a same-named union type each. */
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir } from "../ir";
import { doc, header, inlineDoc } from "./common";

export function emitEnums(ir: Ir): SourceFileStructure {
  const statements: (string | StatementStructures)[] = [header([...new Set(ir.enums.map((e) => e.source))])];
  for (const e of ir.enums) {
    const body = e.values.map((v) => `  ${inlineDoc(v.summary)}\n  ${v.name}: ${JSON.stringify(v.value)},`).join("\n");
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [doc({ summary: e.summary, description: e.description, generatedFrom: `${e.source}, enum ${e.name}` })],
      declarations: [{ name: e.name, initializer: `{\n${body}\n} as const` }],
    });
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: e.name,
      docs: [doc({ summary: e.summary, generatedFrom: `${e.source}, enum ${e.name}` })],
      type: `(typeof ${e.name})[keyof typeof ${e.name}]`,
    });
    if (e.relation) {
      const rows = e.relation.entries.map((r) => `  ${JSON.stringify(r.value)}: [${r.related.map((v) => JSON.stringify(v)).join(", ")}],`).join("\n");
      statements.push({
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [doc({ summary: e.relation.summary, generatedFrom: `${e.source}, enum ${e.name} relation` })],
        declarations: [
          {
            name: e.relation.constName,
            initializer: `{\n${rows}\n} as const satisfies Record<${e.name}, readonly ${e.relation.targetEnum}[]>`,
          },
        ],
      });
    }
  }
  return { kind: StructureKind.SourceFile, statements };
}
