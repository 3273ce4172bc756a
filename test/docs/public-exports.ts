/**
 * The public exports of the package entry points and whether each has TSDoc and an `@example`, read
 * with the TypeScript compiler (aliases followed to the declaration users see).
 */
import { join } from "node:path";
import ts from "typescript";
import { STRICT_COMPILER_OPTIONS } from "../support/typecheck.js";

export const ENTRY_POINTS = {
  "durable-execution-sdk": "src/index.ts",
  "durable-execution-sdk/testing": "src/testing.ts",
  "durable-execution-sdk/eslint": "src/eslint/index.ts",
  "durable-execution-sdk/otel": "src/otel.ts",
  "durable-execution-sdk/otel/execution": "src/otel-execution.ts",
  "durable-execution-sdk/otel/invocation": "src/otel-invocation.ts",
} as const;

export interface ExportDoc {
  /** `durable-execution-sdk/testing#LocalDurableTestRunner`. */
  id: string;
  hasDoc: boolean;
  hasExample: boolean;
}

export function publicExportDocs(root: string): ExportDoc[] {
  const files = Object.values(ENTRY_POINTS).map((f) => join(root, f));
  const program = ts.createProgram(files, STRICT_COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const out: ExportDoc[] = [];
  for (const [importPath, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(root, file));
    if (!source) throw new Error(`cannot read ${file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.getDeclarations() ?? [];
      const docs = declarations.flatMap((d) => ts.getJSDocCommentsAndTags(d));
      const hasDoc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim().length > 0;
      const hasExample = symbol.getJsDocTags(checker).some((t) => t.name === "example") || docs.some((d) => ts.isJSDoc(d) && (d.tags ?? []).some((t) => t.tagName.text === "example"));
      out.push({ id: `${importPath}#${exported.name}`, hasDoc, hasExample });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
