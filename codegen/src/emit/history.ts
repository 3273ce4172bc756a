/**
 * Emits the execution-history types from schema/history.yaml: the records (payload envelopes and
 * sub-records), one `<EventType>Details` interface per event, the EventDetailsByType map, the HistoryEvent
 * record, a merged details view and the typed accessors `detailsOf(event, type)` and `eventDetails(event)`.
 */
import { StructureKind, type OptionalKind, type PropertySignatureStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { article, type Ir, type IrHistory, type IrHistoryField } from "../ir";
import { doc, docText, header, exportedConst } from "./common";
import { importsFor, type ModuleIndex } from "./imports";

/** Every name history.ts declares (for the module index). */
export function historyNames(h: IrHistory): { values: string[]; types: string[] } {
  return {
    values: ["EVENT_DETAILS_KEY", "EVENT_ENVELOPE_FIELDS", "EVENT_OPERATION_STATUS", "eventOperation", "detailsOf", "eventDetails"],
    types: [...h.records.map((r) => r.name), ...h.events.map((e) => e.detailsName), "EventDetailsByType", "HistoryEventType", "HistoryEvent", "AnyEventDetails"],
  };
}

const property = (f: IrHistoryField): OptionalKind<PropertySignatureStructure> => ({
  name: f.name,
  type: f.type,
  hasQuestionToken: f.optional,
  ...(f.summary ? { docs: [{ kind: StructureKind.JSDoc, description: docText(f.summary) }] } : {}),
});

export function emitHistory(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const h = ir.history!;
  const from = (what: string) => `${h.source}, ${what}`;
  const body: StatementStructures[] = [];
  for (const r of h.records) {
    const docs = [doc({ summary: r.summary, generatedFrom: from(`record ${r.name}`) })];
    if (r.alias) body.push({ kind: StructureKind.TypeAlias, isExported: true, name: r.name, type: r.alias, docs });
    else
      body.push({
        kind: StructureKind.Interface,
        isExported: true,
        name: r.name,
        docs,
        properties: r.envelope
          ? [
              { name: "Payload", type: r.envelope, hasQuestionToken: true, docs: ["The payload (left out when there is none or execution data is excluded)."] },
              { name: "Truncated", type: "boolean", hasQuestionToken: true, docs: ["Whether the payload was cut to the service's limit."] },
            ]
          : (r.fields ?? []).map(property),
      });
  }
  for (const e of h.events) {
    const docs = [doc({ summary: `Details of ${article(e.type)} ${e.type} event: ${e.summary}`, generatedFrom: from(`event ${e.type}`) })];
    if (e.fields.length === 0) body.push({ kind: StructureKind.TypeAlias, isExported: true, name: e.detailsName, type: "Record<string, never>", docs });
    else body.push({ kind: StructureKind.Interface, isExported: true, name: e.detailsName, docs, properties: e.fields.map(property) });
  }
  body.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "EventDetailsByType",
    docs: [doc({ summary: "Details object type for each EventType (the event carries it under `<EventType>Details`).", generatedFrom: from("events") })],
    properties: h.events.map((e) => ({ name: e.type, type: e.detailsName })),
  });
  body.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "HistoryEventType",
    type: "keyof EventDetailsByType & EventType",
    docs: [doc({ summary: "An EventType that has details in EventDetailsByType.", generatedFrom: from("events") })],
  });
  body.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "HistoryEvent",
    docs: [doc({ summary: "One history event (AWS `Event` shape); exactly one `<EventType>Details` key is present.", generatedFrom: from("common, events") })],
    properties: [
      { name: "EventType", type: "HistoryEventType", docs: ["Which event this is; names its details key."] },
      ...h.common.map(property),
      ...h.events.map((e) => ({ name: e.detailsName, type: e.detailsName, hasQuestionToken: true })),
    ],
  });
  // The merged view: every details field of every event, optional, for code that reads details generically.
  const merged = new Map<string, Set<string>>();
  for (const e of h.events) for (const f of e.fields) (merged.get(f.name) ?? merged.set(f.name, new Set()).get(f.name)!).add(f.type);
  body.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "AnyEventDetails",
    docs: [doc({ summary: "Every field any event's details may carry, each optional: the details of an event whose type is not narrowed.", generatedFrom: from("events") })],
    properties: [...merged].map(([name, types]) => ({ name, type: [...types].join(" | "), hasQuestionToken: true })),
  });
  body.push(
    exportedConst([doc({ summary: "The key each event type carries its details under.", generatedFrom: from("events") })], {
      name: "EVENT_DETAILS_KEY",
      initializer: `{\n${h.events.map((e) => `  ${e.type}: ${JSON.stringify(e.detailsName)},`).join("\n")}\n} as const satisfies { readonly [K in HistoryEventType]: \`\${K}Details\` }`,
    }),
  );
  body.push(
    exportedConst([doc({ summary: "The details fields of each event type that are payload envelopes (`{ Payload, Truncated }`).", generatedFrom: from("events") })], {
      name: "EVENT_ENVELOPE_FIELDS",
      initializer: `{\n${h.events.map((e) => `  ${e.type}: [${e.envelopeFields.map((f) => JSON.stringify(f)).join(", ")}],`).join("\n")}\n} as const satisfies { readonly [K in HistoryEventType]: readonly (keyof EventDetailsByType[K])[] }`,
    }),
  );
  body.push(
    exportedConst(
      [
        doc({
          summary: "The operation each event concerns (its OperationType) and the OperationStatus the event records for it; InvocationCompleted concerns none.",
          generatedFrom: from("events"),
        }),
      ],
      {
        name: "EVENT_OPERATION_STATUS",
        initializer: `{\n${h.events
          .filter((e) => e.operation)
          .map((e) => `  ${e.type}: { type: ${JSON.stringify(e.operation!.type)}, status: ${JSON.stringify(e.operation!.status)} },`)
          .join("\n")}\n} as const satisfies { readonly [K in HistoryEventType]?: { readonly type: OperationType; readonly status: OperationStatus } }`,
      },
    ),
  );
  body.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "eventOperation",
    parameters: [{ name: "eventType", type: "string | undefined" }],
    returnType: "{ readonly type: OperationType; readonly status: OperationStatus } | undefined",
    docs: [
      doc({
        summary: "The row of EVENT_OPERATION_STATUS for an event type read from anywhere (a client's answer, a file): undefined for InvocationCompleted and for a type this schema does not know.",
        params: [{ name: "eventType", summary: "An event's EventType." }],
        generatedFrom: from("events"),
      }),
    ],
    statements: [
      "return eventType !== undefined && Object.hasOwn(EVENT_OPERATION_STATUS, eventType) ? EVENT_OPERATION_STATUS[eventType as keyof typeof EVENT_OPERATION_STATUS] : undefined;",
    ],
  });
  body.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "eventDetails",
    parameters: [{ name: "event", type: "HistoryEvent" }],
    returnType: "AnyEventDetails | undefined",
    docs: [
      doc({
        summary: "The details of an event, whatever its type (undefined when the event carries none).",
        params: [{ name: "event", summary: "A history event." }],
        generatedFrom: from("events"),
      }),
    ],
    statements: ["return event[EVENT_DETAILS_KEY[event.EventType]];"],
  });
  body.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "detailsOf",
    typeParameters: [{ name: "K", constraint: "HistoryEventType" }],
    parameters: [
      { name: "event", type: "HistoryEvent" },
      { name: "type", type: "K" },
    ],
    returnType: "EventDetailsByType[K] | undefined",
    docs: [
      doc({
        summary: "The details of an event of the given type, typed; undefined when the event is of another type or carries none.",
        params: [
          { name: "event", summary: "A history event." },
          { name: "type", summary: "The EventType expected." },
        ],
        generatedFrom: from("events"),
      }),
    ],
    statements: [
      "if (event.EventType !== type) return undefined;",
      "// EVENT_DETAILS_KEY maps K to `${K}Details`, whose HistoryEvent property is EventDetailsByType[K]; TypeScript cannot follow a generic key through both.",
      "return event[EVENT_DETAILS_KEY[type]] as EventDetailsByType[K] | undefined;",
    ],
  });
  const texts = [...h.records.flatMap((r) => [r.envelope ?? "", r.alias ?? "", ...(r.fields ?? []).map((f) => f.type)]), ...h.events.flatMap((e) => e.fields.map((f) => f.type)), "EventType", ...(h.events.some((e) => e.operation) ? ["OperationType", "OperationStatus"] : [])];
  return { kind: StructureKind.SourceFile, statements: [header([h.source]), ...importsFor("./history", texts, index), ...body] };
}
