/** Works out which names a generated file uses from its sibling generated files. */
import { StructureKind, type ImportDeclarationStructure } from "ts-morph";

/** Where one generated name lives: its module, and whether only its type is exported. */
export interface ModuleIndexEntry {
  module: string;
  typeOnly: boolean;
}

export type ModuleIndex = Map<string, ModuleIndexEntry>;

/** Type-only and value imports for every indexed name that occurs (as a word) in `texts`. */
export function importsFor(
  self: string,
  texts: readonly string[],
  index: ModuleIndex,
  forceValue: readonly string[] = [],
): ImportDeclarationStructure[] {
  const joined = texts.join("\n");
  const byModule = new Map<string, { types: Set<string>; values: Set<string> }>();
  for (const [name, info] of index) {
    if (info.module === self) continue;
    if (!new RegExp(`(^|[^A-Za-z0-9_$.])${name.replace(/\$/g, "\\$")}(?![A-Za-z0-9_$])`).test(joined)) continue;
    const entry = byModule.get(info.module) ?? { types: new Set(), values: new Set() };
    if (info.typeOnly && !forceValue.includes(name)) entry.types.add(name);
    else entry.values.add(name);
    byModule.set(info.module, entry);
  }
  return [...byModule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([module, { types, values }]) => {
      const out: ImportDeclarationStructure[] = [];
      if (values.size) out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: module, namedImports: [...values].sort() });
      if (types.size)
        out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: module, isTypeOnly: true, namedImports: [...types].sort() });
      return out;
    });
}
