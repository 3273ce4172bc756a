/** The `enums:` of the enum files: values, flags and relations, checked against each other. */
import type { IrEnum } from "../ir";
import type { LoadedSchema } from "../load";
import type { BuildContext } from "./build-context";

/** The enums, and each by name (which later sections read to check the values they name). */
export interface EnumsSection {
  enums: IrEnum[];
  enumByName: Map<string, IrEnum>;
}

export function buildEnums(schema: LoadedSchema, { problem }: BuildContext): EnumsSection {
  const enums: IrEnum[] = schema.enums.flatMap((f) =>
    f.data.enums.map((e) => ({
      name: e.name,
      summary: e.summary,
      description: e.description,
      declaration: e.declaration ?? "const",
      values: e.values.map((v) => ({ name: v.name, value: v.value ?? v.name, summary: v.summary })),
      flags: (e.flags ?? []).map((flag) => ({ name: flag.name, setName: flag.set, summary: flag.summary, values: e.values.filter((v) => v.flags?.includes(flag.name)).map((v) => v.name) })),
      example: e.example,
      experimental: e.experimental === true,
      source: f.source,
    })),
  );
  const enumByName = new Map(enums.map((e) => [e.name, e]));
  for (const f of schema.enums) {
    f.data.enums.forEach((e, i) => {
      const ir = enumByName.get(e.name)!;
      // Flags: every flag a value carries is declared on its enum, and every declared flag is carried by a value.
      const declared = (e.flags ?? []).map((flag) => flag.name);
      e.values.forEach((v, k) =>
        (v.flags ?? []).forEach((name, n) => {
          if (!declared.includes(name))
            problem(
              f.source,
              `enums[${i}].values[${k}].flags[${n}]`,
              declared.length
                ? `unknown flag "${name}" on ${e.name}.${v.name}: enum ${e.name} declares ${declared.map((d) => `"${d}"`).join(", ")}`
                : `unknown flag "${name}" on ${e.name}.${v.name}: enum ${e.name} declares no flags (add it under the enum's "flags:")`,
            );
        }),
      );
      ir.flags.forEach((flag, n) => {
        if (flag.values.length === 0) problem(f.source, `enums[${i}].flags[${n}]`, `flag "${flag.name}" is carried by no value of ${e.name} (add "flags: [${flag.name}]" to the values it holds for)`);
      });
      if (!e.relation) {
        e.values.forEach((v, k) => {
          if (v.related) problem(f.source, `enums[${i}].values[${k}].related`, `"related" needs a "relation" on enum ${e.name}`);
        });
        return;
      }
      const target = enumByName.get(e.relation.enum);
      if (!target) {
        problem(f.source, `enums[${i}].relation.enum`, `unknown enum "${e.relation.enum}"`);
        return;
      }
      const entries = e.values.map((v, k) => {
        if (!v.related) problem(f.source, `enums[${i}].values[${k}]`, `missing "related" (enum ${e.name} declares relation ${e.relation!.name})`);
        const related = (v.related ?? []).map((name, n) => {
          const member = target.values.find((t) => t.name === name);
          if (!member) problem(f.source, `enums[${i}].values[${k}].related[${n}]`, `unknown ${target.name} member "${name}"`);
          return member?.value ?? name;
        });
        return { value: v.value ?? v.name, related };
      });
      ir.relation = {
        constName: `${e.name}${e.relation.name.charAt(0).toUpperCase()}${e.relation.name.slice(1)}`,
        summary: e.relation.summary,
        targetEnum: target.name,
        entries,
      };
    });
  }

  return { enums, enumByName };
}
