/**
 * Emits the enumerations: a const object and a same-named union type each, or (declaration: enum) a
 * TypeScript string enum, whose members are types as well as values.
 */
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrEnum } from "../ir";
import { doc, header, inlineDoc } from "./common";

export function emitEnums(ir: Ir): SourceFileStructure {
  const statements: (string | StatementStructures)[] = [header([...new Set(ir.enums.map((e) => e.source))])];
  for (const e of ir.enums) {
    const docs = [doc({ summary: e.summary, description: e.description, generatedFrom: `${e.source}, enum ${e.name}` })];
    if (e.declaration === "enum") {
      statements.push({
        kind: StructureKind.Enum,
        isExported: true,
        name: e.name,
        docs,
        members: e.values.map((v) => ({ name: v.name, value: v.value, docs: [{ kind: StructureKind.JSDoc as const, description: v.summary }] })),
      });
    } else {
      const body = e.values.map((v) => `  ${inlineDoc(v.summary)}\n  ${v.name}: ${JSON.stringify(v.value)},`).join("\n");
      statements.push({
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs,
        declarations: [{ name: e.name, initializer: `{\n${body}\n} as const` }],
      });
      statements.push({
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: e.name,
        docs: [doc({ summary: e.summary, generatedFrom: `${e.source}, enum ${e.name}` })],
        type: `(typeof ${e.name})[keyof typeof ${e.name}]`,
      });
    }
  }
  // Relation tables come after every enum: a TypeScript enum cannot be used before its declaration.
  for (const e of ir.enums) if (e.relation) statements.push(relationTable(ir, e, e.relation));
  return { kind: StructureKind.SourceFile, statements };
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
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [doc({ summary: relation.summary, generatedFrom: `${e.source}, enum ${e.name} relation` })],
    declarations: [
      {
        name: relation.constName,
        initializer: `{\n${rows}\n} as const satisfies Record<${e.name}, readonly ${relation.targetEnum}[]>`,
      },
    ],
  };
}
