/** The schema files an IR is built from, each once (the generated files' headers name them). */
import type { LoadedSchema } from "../load";

export function schemaSources(schema: LoadedSchema): string[] {
  return [
    ...new Set([
      ...schema.enums.map((f) => f.source),
      ...(schema.transitions ? [schema.transitions.source] : []),
      ...(schema.history ? [schema.history.source] : []),
      ...(schema.execution ? [schema.execution.source] : []),
      ...schema.types.map((f) => f.source),
      schema.errors.source,
      schema.context.source,
      ...schema.shared.map((f) => f.source),
      ...schema.operations.map((f) => f.source),
    ]),
  ];
}
