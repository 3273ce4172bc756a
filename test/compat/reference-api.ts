/**
 * The reference packages' public API, read from their published `.d.ts` files with the TypeScript
 * compiler API (so the compatibility suite follows the installed reference and cannot go stale).
 */
import { join } from "node:path";
import ts from "typescript";
import { STRICT_COMPILER_OPTIONS } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");
export const REFERENCE_SDK = "@aws/durable-execution-sdk-js";
export const REFERENCE_TESTING = "@aws/durable-execution-sdk-js-testing";

/** One export of a reference entry point. */
export interface ReferenceExport {
  name: string;
  /** Usable as a value (`const x = Name`). */
  value: boolean;
  /** Usable as a type (`let x: Name<...>`). */
  type: boolean;
  /** Type parameters without a default: how many type arguments `Name<...>` needs. */
  requiredTypeArgs: number;
  /** For a TypeScript enum: its members and their values. */
  enumMembers?: { name: string; value: string | number }[];
}

const cache = new Map<string, ReferenceExport[]>();

/** The exports of `<pkg>/dist-types/index.d.ts`, sorted by name (read once per package). */
export function referenceExports(pkg: string): ReferenceExport[] {
  let exports = cache.get(pkg);
  if (!exports) cache.set(pkg, (exports = readExports(pkg)));
  return exports;
}

function readExports(pkg: string): ReferenceExport[] {
  const file = join(root, "node_modules", pkg, "dist-types/index.d.ts");
  // The tests' strict options, without Node's types: the reference's declarations alone.
  const program = ts.createProgram([file], { ...STRICT_COMPILER_OPTIONS, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} is not a module`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const entry: ReferenceExport = {
        name: exported.name,
        value: (symbol.flags & ts.SymbolFlags.Value) !== 0,
        type: (symbol.flags & ts.SymbolFlags.Type) !== 0,
        requiredTypeArgs: requiredTypeArgs(symbol),
      };
      if (symbol.flags & ts.SymbolFlags.Enum) {
        entry.enumMembers = (checker.getExportsOfModule(symbol) ?? [])
          .filter((m) => m.flags & ts.SymbolFlags.EnumMember)
          .map((m) => ({ name: m.name, value: checker.getConstantValue(m.valueDeclaration as ts.EnumMember)! }));
      }
      return entry;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function requiredTypeArgs(symbol: ts.Symbol): number {
  if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class))) return 0;
  for (const declaration of symbol.declarations ?? []) {
    const params = (declaration as ts.DeclarationWithTypeParameterChildren).typeParameters;
    if (params) return params.filter((p) => p.default === undefined).length;
  }
  return 0;
}
