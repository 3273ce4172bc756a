/** The `types:` of the types files (their typed defaults, none values and presets are resolved later, by {@link resolveTypeDefaults}). */
import type { IrDurationRule, IrEnum, IrServiceLimit, IrType, IrTypeField } from "../ir";
import type { LoadedSchema } from "../load";
import { typeDefaultsName, typeMaxSecondsName, typeNoneValuesName, typePresetsName, typeValueName } from "../naming";
import type { BuildContext } from "./build-context";
import { durationLimitOf } from "./duration-rule";

export function buildTypes(schema: LoadedSchema): IrType[] {
  return schema.types.flatMap((f) =>
    f.data.types.map((t) => ({
      name: t.name,
      typeParams: t.typeParams ?? [],
      summary: t.summary,
      description: t.description,
      alias: t.values ? t.values.map((v) => JSON.stringify(v.value)).join(" | ") : t.alias,
      ...(t.values ? { values: t.values.map((v) => ({ value: v.value, summary: v.summary, constant: typeValueName(t.name, v.value) })) } : {}),
      extends: t.extends,
      fields: t.fields?.map((fd) => ({
        name: fd.name,
        type: fd.type,
        optional: fd.optional ?? false,
        undefinable: fd.undefinable ?? false,
        readonly: fd.readonly ?? false,
        method: fd.method ?? false,
        summary: fd.summary,
      })),
      example: t.example,
      source: f.source,
    })),
  );
}

/**
 * Resolves the types' typed defaults, values that mean none, Duration fields' longest totals and presets
 * (in place: they fill in the fields of `types`), checked against the enums, the Duration rule and the limits.
 */
export function resolveTypeDefaults(schema: LoadedSchema, { problem }: BuildContext, types: IrType[], enumByName: ReadonlyMap<string, IrEnum>, durationRule: IrDurationRule | undefined, limits: readonly IrServiceLimit[]): void {
  // Typed defaults of type fields (e.g. createRetryStrategy's options), checked against the field's type.
  const typeFieldDefault = (type: string, v: unknown, source: string, path: string): IrTypeField["default"] => {
    const e = enumByName.get(type);
    if (e) {
      const member = e.values.find((m) => m.value === v);
      // The wire string, typed as the enum: a member access of the imported enum would keep the constant
      // in every bundle that includes the file, used or not.
      if (member) return { expr: `${JSON.stringify(member.value)} as ${e.name}`, text: `${e.name}.${member.name}` };
      problem(source, path, `must be one of ${e.values.map((m) => `"${m.value}"`).join(", ")} (the field is a ${type})`);
      return undefined;
    }
    if (type === "Duration") {
      // Without the rule there are no units to check the value against: say so rather than list none.
      if (!durationRule) {
        problem(source, path, "a Duration default needs the schema's durationRule (its unitSeconds are the units a Duration is written in)");
        return undefined;
      }
      const units = typeof v === "object" && v !== null ? Object.entries(v as Record<string, number>) : [];
      if (units.length > 0 && units.every(([u, n]) => u in durationRule.unitSeconds && Number.isInteger(n) && n >= 0)) {
        const body = units.map(([u, n]) => `${u}: ${n}`).join(", ");
        return { expr: `{ ${body} }`, text: `{ ${body} }` };
      }
      problem(source, path, `must be a Duration such as { seconds: 5 } (units: ${Object.keys(durationRule.unitSeconds).join(", ")})`);
      return undefined;
    }
    if ((type === "number" || type === "string" || type === "boolean") && typeof v === type) return { expr: JSON.stringify(v), text: JSON.stringify(v) };
    problem(source, path, `must be a ${type}; a default needs a number, string, boolean, enum or Duration field`);
    return undefined;
  };
  for (const file of schema.types)
    file.data.types.forEach((t, ti) => {
      const irType = types.find((x) => x.name === t.name)!;
      t.fields?.forEach((fd, i) => {
        if (!fd.default) return;
        const path = `types[${ti}].fields[${i}].default.value`;
        const field = irType.fields![i]!;
        if (!field.optional) return problem(file.source, path, "only an optional field can have a default (make it optional or remove the default)");
        if (/\(default\b/i.test(fd.summary)) problem(file.source, `types[${ti}].fields[${i}].summary`, "states the default again: the typed default is stated in the docs");
        field.default = typeFieldDefault(field.type, fd.default.value, file.source, path);
      });
      if (irType.fields?.some((f) => f.default)) irType.defaultsName = typeDefaultsName(t.name);
      // A value that means none (a timeout of 0), typed as the field; the docs state it after the summary.
      t.fields?.forEach((fd, i) => {
        if (!fd.none) return;
        const path = `types[${ti}].fields[${i}].none`;
        const field = irType.fields![i]!;
        if (!field.optional) return problem(file.source, path, "only an optional field can have a value that means none, as leaving it out does (make it optional or remove `none`)");
        if (fd.default) return problem(file.source, path, "give a default or a value that means none, not both (leaving the field out means none)");
        if (typeof fd.none.value !== field.type) return problem(file.source, `${path}.value`, `must be a ${field.type}, as the field is (a value that means none needs a number, string or boolean field)`);
        if (/\bor unset\b/i.test(fd.summary)) problem(file.source, `types[${ti}].fields[${i}].summary`, "states the value that means none again: `none` is stated in the docs");
        const text = JSON.stringify(fd.none.value);
        field.none = { expr: text, text, means: fd.none.means };
        field.summary = `${fd.summary.replace(/\.$/, "")}; ${text} or unset: ${fd.none.means}.`;
      });
      if (irType.fields?.some((f) => f.none)) irType.noneValuesName = typeNoneValuesName(t.name);
      // A Duration field's own longest total; the type's other Duration fields take the rule's.
      t.fields?.forEach((fd, i) => {
        if (fd.maxSeconds === undefined) return;
        const path = `types[${ti}].fields[${i}].maxSeconds`;
        const field = irType.fields![i]!;
        if (field.type !== "Duration") return problem(file.source, path, "only a Duration field has a longest total (remove maxSeconds)");
        if (!durationRule) return problem(file.source, path, "a Duration field's longest total needs the schema's durationRule (the longest total of its other Duration fields)");
        field.maxSeconds = durationLimitOf(fd.maxSeconds, limits, problem, file.source, path);
      });
      if (irType.fields?.some((f) => f.maxSeconds)) irType.maxSecondsName = typeMaxSecondsName(t.name);
      if (!t.presets) return;
      irType.presets = t.presets.map((preset, pi) => ({
        name: preset.name,
        summary: preset.summary,
        fields: Object.entries(preset.value).flatMap(([name, v]) => {
          const path = `types[${ti}].presets[${pi}].value.${name}`;
          const field = irType.fields?.find((f) => f.name === name);
          if (!field) {
            problem(file.source, path, `${t.name} has no field "${name}"`);
            return [];
          }
          const typed = typeFieldDefault(field.type, v, file.source, path);
          return typed ? [{ name, ...typed }] : [];
        }),
      }));
      irType.presetsName = typePresetsName(t.name);
      const list = irType.presets.map((p) => `- \`${p.name}\`: ${p.summary}: \`{ ${p.fields.map((f) => `${f.name}: ${f.text}`).join(", ")} }\``);
      irType.description = [irType.description, `Presets, built by the runtime (e.g. \`retryPresets\`):\n\n${list.join("\n")}`].filter(Boolean).join("\n\n");
    });
}
