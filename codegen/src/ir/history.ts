/** The history (schema/history.yaml): records, common event fields and one entry per EventType. */
import type { IrEnum, IrHistory, IrType } from "../ir";
import type { HistoryFile } from "../meta-schema";
import type { BuildContext } from "./build-context";
import type { Declare } from "./names";

/** Checks history.yaml: every EventType once, every field type known, records and events' details types not clashing with other declarations. */
export function buildHistory({ problem }: BuildContext, enumByName: ReadonlyMap<string, IrEnum>, typeByName: ReadonlyMap<string, IrType>, declare: Declare, file: HistoryFile, src: string): IrHistory {
  const eventType = enumByName.get("EventType");
  if (!eventType) problem(src, "", "history events need the enum EventType in enums.yaml");
  const records = new Map(file.records.map((r) => [r.name, r]));
  const known = (type: string) => ["string", "number", "boolean", "Date"].includes(type) || records.has(type) || typeByName.has(type);
  const checkFields = (fields: HistoryFile["common"], at: string) =>
    fields.map((f, k) => {
      if (!known(f.type)) problem(src, `${at}[${k}].type`, `unknown type "${f.type}" (string, number, boolean, Date, a record of history.yaml or a wire type)`);
      return { name: f.name, type: f.type, optional: f.optional ?? false, ...(f.summary ? { summary: f.summary } : {}) };
    });
  file.records.forEach((r, i) => {
    declare(r.name, src);
    if (r.envelope !== undefined && !known(r.envelope)) problem(src, `records[${i}].envelope`, `unknown type "${r.envelope}"`);
    if (r.alias !== undefined && !records.has(r.alias)) problem(src, `records[${i}].alias`, `unknown record "${r.alias}"`);
  });
  const seen = new Set<string>();
  const isEnvelope = (type: string): boolean => {
    const r = records.get(type);
    return r !== undefined && (r.envelope !== undefined || (r.alias !== undefined && isEnvelope(r.alias)));
  };
  const events = file.events.map((e, i) => {
    if (eventType && !eventType.values.some((v) => v.value === e.type)) problem(src, `events[${i}].type`, `unknown EventType "${e.type}"`);
    if (seen.has(e.type)) problem(src, `events[${i}].type`, `duplicate event "${e.type}"`);
    // The generated details type takes a name of its own (a duplicate event is reported above, not again here).
    else declare(`${e.type}Details`, src, `events[${i}].type`, `the details type of event ${e.type}`);
    seen.add(e.type);
    const fields = checkFields(e.fields, `events[${i}].fields`);
    const summary = e.summary ?? eventType?.values.find((v) => v.value === e.type)?.summary ?? e.type;
    if (e.operation) {
      for (const [key, enumName] of [["type", "OperationType"], ["status", "OperationStatus"]] as const) {
        const values = enumByName.get(enumName)?.values ?? [];
        if (!values.some((v) => v.value === e.operation![key]))
          problem(src, `events[${i}].operation.${key}`, `unknown ${enumName} "${e.operation[key]}" (one of ${values.map((v) => v.value).join(", ")})`);
      }
    }
    return {
      type: e.type,
      summary,
      detailsName: `${e.type}Details`,
      fields,
      envelopeFields: fields.filter((f) => isEnvelope(f.type)).map((f) => f.name),
      ...(e.operation ? { operation: { ...e.operation } } : {}),
    };
  });
  for (const v of eventType?.values ?? []) if (!seen.has(v.value)) problem(src, "events", `missing event ${v.value} (every EventType of enums.yaml has one entry)`);
  return {
    records: file.records.map((r, i) => ({
      name: r.name,
      summary: r.summary,
      ...(r.envelope ? { envelope: r.envelope } : {}),
      ...(r.alias ? { alias: r.alias } : {}),
      ...(r.fields ? { fields: checkFields(r.fields, `records[${i}].fields`) } : {}),
    })),
    common: checkFields(file.common, "common"),
    events,
    source: src,
  };
}
