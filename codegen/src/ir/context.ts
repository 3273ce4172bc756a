/** The durable context interface (schema/context.yaml `context:`). */
import type { IrContext } from "../ir";
import type { LoadedSchema } from "../load";

export function buildDurableContext(schema: LoadedSchema): IrContext {
  const ctxData = schema.context.data.context;
  return {
    name: ctxData.name,
    typeParams: ctxData.typeParams ?? [],
    summary: ctxData.summary,
    description: ctxData.description,
    promiseProperty: ctxData.promiseGroup.property,
    promiseInterface: ctxData.promiseGroup.interface,
    promiseSummary: ctxData.promiseGroup.summary,
    members: ctxData.members.map((m) => ({ name: m.name, type: m.type, method: m.method ?? false, summary: m.summary })),
    example: ctxData.example,
    source: schema.context.source,
  };
}
