/**
 * Emits `context-methods.ts`: the names of the durable operation methods and, for each operation that
 * takes a function, whether that function runs as a step (no durable context: side effects belong
 * there) or in a child context (it receives a DurableContext of its own). Tooling that inspects user
 * code (the ESLint rules under src/eslint/) reads these lists, so a new operation in schema/ is
 * covered by regenerating.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrOperation } from "../ir";
import { doc, header, exportedConst } from "./common";

/** How the function arguments of an operation run. */
export type BodyKind = "step" | "child-context";

/** Type names mentioned in a piece of type text. */
function typeNames(text: string): string[] {
  return [...text.matchAll(/\b[A-Z][A-Za-z0-9_]*\b/g)].map((m) => m[0]);
}

/**
 * Whether a parameter type hands a DurableContext to the function it describes: its text, or the alias
 * or field types of the types it names (a few levels deep), mention the context interface.
 */
function receivesContext(ir: Ir, typeText: string, depth = 0): boolean {
  const contextName = ir.context.name;
  if (new RegExp(`\\b${contextName}\\b`).test(typeText)) return true;
  if (depth >= 3) return false;
  for (const name of typeNames(typeText)) {
    const type = ir.types.find((t) => t.name === name);
    if (!type) continue;
    const texts = [type.alias ?? "", ...(type.fields ?? []).map((f) => f.type)];
    if (texts.some((t) => receivesContext(ir, t, depth + 1))) return true;
  }
  return false;
}

/** The kind of the function arguments of an operation, or undefined when it takes none. */
export function bodyKind(ir: Ir, op: IrOperation): BodyKind | undefined {
  const params = op.overloads.flatMap((o) => o.params).filter((p) => p.check.kind === "simple" && (p.check.name === "function" || p.check.name === "branches"));
  if (params.length === 0) return undefined;
  return params.some((p) => receivesContext(ir, p.type)) ? "child-context" : "step";
}

function constList(name: string, values: string[], summary: string, generatedFrom: string): StatementStructures {
  return exportedConst([doc({ summary, generatedFrom })], { name, initializer: `[${values.map((v) => JSON.stringify(v)).join(", ")}] as const` });
}

export function emitContextMethods(ir: Ir): SourceFileStructure {
  const sources = [...new Set(ir.operations.map((o) => o.source))].sort();
  const byName = (a: IrOperation, b: IrOperation) => a.name.localeCompare(b.name);
  const context = ir.operations.filter((o) => o.group === "context").sort(byName);
  const promise = ir.operations.filter((o) => o.group === "promise").sort(byName);
  const from = "schema/operations";
  const statements: (string | StatementStructures)[] = [
    header(sources),
    constList(
      "DURABLE_CONTEXT_METHODS",
      context.map((o) => o.name),
      `The durable operation methods of ${ir.context.name} (\`context.step(...)\`, \`context.wait(...)\`, ...).`,
      from,
    ),
    exportedConst(
      [doc({ summary: `The property of ${ir.context.name} holding the promise combinators (\`context.${ir.context.promiseProperty}.all(...)\`).`, generatedFrom: "schema/context.yaml" })],
      { name: "DURABLE_PROMISE_PROPERTY", initializer: JSON.stringify(ir.context.promiseProperty) },
    ),
    constList(
      "DURABLE_PROMISE_METHODS",
      promise.map((o) => o.name),
      `The checkpointed promise combinators under \`context.${ir.context.promiseProperty}\`.`,
      from,
    ),
    constList(
      "STEP_BODY_METHODS",
      context.filter((o) => bodyKind(ir, o) === "step").map((o) => o.name),
      "Operations whose function argument runs as a step: it receives no durable context, runs once per attempt and its result is checkpointed, so non-deterministic code belongs there.",
      from,
    ),
    constList(
      "CHILD_CONTEXT_METHODS",
      context.filter((o) => bodyKind(ir, o) === "child-context").map((o) => o.name),
      `Operations whose function arguments run in a child context: each receives a ${ir.context.name} of its own and is replayed like the handler.`,
      from,
    ),
  ];
  return { kind: StructureKind.SourceFile, statements };
}
