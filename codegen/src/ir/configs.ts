/**
 * Configs (schema/shared/*.yaml `configs:` and each operation's `config:`): the rules of their fields
 * (checks, expected texts, fixes, typed defaults) and the resolved configs.
 */
import type { Check, ConfigDefault, ConfigSpec } from "../meta-schema";
import { CHECK_KINDS, LITERAL_TESTS } from "../check-kinds";
import type { IrCheck, IrConfig, IrDefault, IrDurationLimit, IrDurationRule, IrEnum, IrFunctionArgs, IrServiceLimit } from "../ir";
import type { LoadedSchema } from "../load";
import { argsRulesConstant, configResolverName, configValidatorName, resolvedConfigName, runtimeDefaultsName } from "../naming";
import type { BuildContext } from "./build-context";
import { durationExpected, durationLimitOf } from "./duration-rule";
import { eraseTypeParams, nestedConfigTexts } from "./texts";

/** A shared config's spec, and where it is declared (`configs[i]` of `source`). */
export interface SharedConfigSpec {
  spec: ConfigSpec;
  source: string;
  path: string;
}

/**
 * The shared configs' specs by name. A config declared again (in the same or another shared file) is a
 * problem naming both places; the first declaration is kept, so the later sections see one config of the name.
 */
export function sharedConfigSpecs(schema: LoadedSchema, { problem }: BuildContext): Map<string, SharedConfigSpec> {
  const sharedSpecs = new Map<string, SharedConfigSpec>();
  schema.shared.forEach((f) =>
    (f.data.configs ?? []).forEach((c, i) => {
      const first = sharedSpecs.get(c.name);
      if (first) problem(f.source, `configs[${i}].name`, `"${c.name}" is declared twice (also in ${first.source} at ${first.path})`);
      else sharedSpecs.set(c.name, { spec: c, source: f.source, path: `configs[${i}]` });
    }),
  );
  return sharedSpecs;
}

/** The rules of config fields and method params, which the configs, operations and execution sections apply. */
export interface ConfigRules {
  /** The check a field or param names, resolved against the enums and shared configs (reports unknown ones). */
  resolveCheck: (check: Check, source: string, path: string) => IrCheck;
  fieldFix: (fix: string | undefined, check: IrCheck, source: string, path: string) => string;
  /** What a valid value is, in words (a Duration field's with its own longest total, when it declares one). */
  expectedOf: (check: IrCheck, maxSeconds?: IrDurationLimit) => string;
  resolveDefault: (d: ConfigDefault, check: IrCheck, optional: boolean, source: string, path: string) => IrDefault | undefined;
  /** Checks a literal against a check and works out its TypeScript expression. */
  literalDefault: (v: boolean | number | string, check: IrCheck, source: string, path: string) => Extract<IrDefault, { kind: "value" }> | undefined;
  /** A field's `maxSeconds:` (only a Duration field may give one), resolved against the service's limits. */
  durationLimit: (maxSeconds: string | undefined, check: IrCheck, source: string, path: string) => IrDurationLimit | undefined;
}

export function createConfigRules({ problem }: BuildContext, enumByName: ReadonlyMap<string, IrEnum>, sharedSpecs: ReadonlyMap<string, SharedConfigSpec>, durationRule: IrDurationRule | undefined, limits: readonly IrServiceLimit[]): ConfigRules {
  const resolveCheck = (check: Check, source: string, path: string): IrCheck => {
    if (typeof check === "string") {
      if (check === "config") return { kind: "simple", name: "any" };
      return { kind: "simple", name: check };
    }
    if ("enum" in check) {
      const e = enumByName.get(check.enum);
      if (!e) {
        problem(source, path, `unknown enum "${check.enum}"`);
        return { kind: "simple", name: "any" };
      }
      return { kind: "enum", enumName: e.name, declaration: e.declaration, values: e.values.map((v) => v.value) };
    }
    if (!sharedSpecs.has(check.config)) problem(source, path, `unknown shared config "${check.config}"`);
    return { kind: "config", configName: check.config };
  };
  /**
   * A config field's fix: its own, or for a Duration the rule's one fix (then it must not have its own).
   * A Duration field without a rule to take it from is not reported here: the missing rule is (checkDurationRuleDeclared).
   */
  const fieldFix = (fix: string | undefined, check: IrCheck, source: string, path: string): string => {
    const isDuration = check.kind === "simple" && check.name === "duration";
    if (isDuration && fix !== undefined) problem(source, path, "a Duration field takes the Duration rule's fix (durationRule.example); remove this one");
    if (isDuration) return durationRule?.fix ?? "";
    if (fix === undefined) problem(source, path, "missing required field");
    return fix ?? "";
  };
  const expectedOf = (check: IrCheck, maxSeconds?: IrDurationLimit): string =>
    check.kind === "simple" && check.name === "duration" && durationRule
      ? maxSeconds ? durationExpected(durationRule, maxSeconds.value) : durationRule.expected
      : check.kind === "simple"
      ? CHECK_KINDS[check.name].expected
      : check.kind === "enum"
        ? `one of ${check.values.map((v) => `"${v}"`).join(", ")}`
        : nestedConfigTexts(check.configName).expected;

  /** Checks a `value` default against the field's check and works out its TypeScript expression. */
  const resolveDefault = (d: ConfigDefault, check: IrCheck, optional: boolean, source: string, path: string): IrDefault | undefined => {
    if (!optional) {
      problem(source, path, "a required field cannot have a default (make it optional or remove the default)");
      return undefined;
    }
    if ("runtime" in d) return { kind: "runtime", text: d.runtime };
    if ("unset" in d) return { kind: "unset", text: d.unset };
    const typed = literalDefault(d.value, check, source, path);
    return typed && d.otherwise !== undefined ? { ...typed, otherwise: d.otherwise } : typed;
  };
  const literalDefault = (v: boolean | number | string, check: IrCheck, source: string, path: string): Extract<IrDefault, { kind: "value" }> | undefined => {
    const bad = (expected: string) => {
      problem(source, `${path}.value`, `must be ${expected} (the field's check), got ${JSON.stringify(v)}`);
      return undefined;
    };
    if (check.kind === "enum") {
      const member = enumByName.get(check.enumName)?.values.find((m) => m.value === v);
      if (!member) return bad(`one of ${check.values.map((x) => `"${x}"`).join(", ")}`);
      return { kind: "value", value: v, expr: `${check.enumName}.${member.name}`, text: `${check.enumName}.${member.name}` };
    }
    const literal = { kind: "value" as const, value: v, expr: JSON.stringify(v), text: JSON.stringify(v) };
    if (check.kind !== "simple") return bad("a literal of a boolean, number, string or enum field");
    // The emitted predicate itself tests the literal (check-kinds.ts), so a default the validator would refuse is a problem here.
    const test = LITERAL_TESTS.get(check.name);
    if (!test) return bad("a literal of a boolean, number, string or enum field (use { runtime } or { unset } for others)");
    return test(v) ? literal : bad(CHECK_KINDS[check.name].expected);
  };

  const durationLimit = (maxSeconds: string | undefined, check: IrCheck, source: string, path: string): IrDurationLimit | undefined => {
    if (maxSeconds === undefined) return undefined;
    if (check.kind === "simple" && check.name === "duration") return durationLimitOf(maxSeconds, limits, problem, source, path);
    problem(source, path, "only a `check: duration` field has a longest total (remove maxSeconds)");
    return undefined;
  };

  return { resolveCheck, fieldFix, expectedOf, resolveDefault, literalDefault, durationLimit };
}

export function buildConfig({ problem }: BuildContext, { resolveCheck, resolveDefault, fieldFix, expectedOf, durationLimit }: ConfigRules, spec: ConfigSpec, source: string, path: string): IrConfig {
  const typeParams = spec.typeParams ?? [];
  const seen = new Set<string>();
  const fields = spec.fields.map((f, i) => {
    if (seen.has(f.name)) problem(source, `${path}.fields[${i}].name`, `duplicate config field "${f.name}"`);
    seen.add(f.name);
    const check = resolveCheck(f.check, source, `${path}.fields[${i}].check`);
    const defaultValue = f.default ? resolveDefault(f.default, check, f.optional ?? false, source, `${path}.fields[${i}].default`) : undefined;
    if (f.nullIsValue !== undefined && !f.optional) problem(source, `${path}.fields[${i}].nullIsValue`, "only an optional field may take null as a value (a required field's null is always checked)");
    const maxSeconds = durationLimit(f.maxSeconds, check, source, `${path}.fields[${i}].maxSeconds`);
    return {
      name: f.name,
      type: f.type,
      validatorType: eraseTypeParams(f.type, typeParams),
      optional: f.optional ?? false,
      nullIsValue: f.nullIsValue,
      check,
      default: defaultValue,
      summary: f.summary,
      description: f.description,
      fix: fieldFix(f.fix, check, source, `${path}.fields[${i}].fix`),
      expected: expectedOf(check, maxSeconds),
      ...(maxSeconds ? { maxSeconds } : {}),
    };
  });
  (spec.exclusive ?? []).forEach((group, g) =>
    group.forEach((name, k) => {
      if (!seen.has(name)) problem(source, `${path}.exclusive[${g}][${k}]`, `unknown config field "${name}"`);
    }),
  );
  return {
    name: spec.name,
    typeParams,
    summary: spec.summary,
    description: spec.description,
    exclusive: spec.exclusive ?? [],
    fields,
    validatorName: configValidatorName(spec.name),
    checkedInstance: typeParams.length ? `${spec.name}<${typeParams.map((p) => p.constraint ?? "unknown").join(", ")}>` : spec.name,
    resolvedName: resolvedConfigName(spec.name),
    resolverName: configResolverName(spec.name),
    runtimeDefaultsName: fields.some((f) => f.default?.kind === "runtime") ? runtimeDefaultsName(spec.name) : undefined,
    example: spec.example,
    source,
  };
}

/** The shared configs, each by name; they must not nest in a cycle. */
export interface SharedConfigsSection {
  sharedConfigs: IrConfig[];
  sharedByName: Map<string, IrConfig>;
}

export function buildSharedConfigs(bc: BuildContext, rules: ConfigRules, sharedSpecs: ReadonlyMap<string, SharedConfigSpec>): SharedConfigsSection {
  const { problem } = bc;
  const sharedConfigs = [...sharedSpecs.values()].map((s) => buildConfig(bc, rules, s.spec, s.source, s.path));
  const sharedByName = new Map(sharedConfigs.map((c) => [c.name, c]));
  // Validators are plain constants that use each other, so shared configs cannot nest in a cycle.
  const nestedConfigs = (c: IrConfig) =>
    c.fields.flatMap((f) => (f.check.kind === "config" && sharedByName.has(f.check.configName) ? [sharedByName.get(f.check.configName)!] : []));
  for (const c of sharedConfigs) {
    const cycle = (path: IrConfig[]): IrConfig[] | undefined => {
      for (const next of nestedConfigs(path[path.length - 1]!)) {
        if (next === c) return [...path, next];
        if (!path.includes(next)) {
          const found = cycle([...path, next]);
          if (found) return found;
        }
      }
      return undefined;
    };
    const found = cycle([c]);
    if (found) problem(c.source, sharedSpecs.get(c.name)!.path, `shared configs nest in a cycle ${found.map((x) => x.name).join(" → ")}`);
  }

  return { sharedConfigs, sharedByName };
}

/**
 * The exported functions beside the context operations (schema/shared/*.yaml \`functions:\`): each param's
 * check, its expected text (the schema's words, or the check's) and its fix. A function declared twice, a
 * param named twice or a param every value passes (it would never be reported) is a problem.
 */
export function buildSharedFunctions(schema: LoadedSchema, { problem }: BuildContext, { resolveCheck, fieldFix, expectedOf }: ConfigRules): IrFunctionArgs[] {
  const seen = new Map<string, string>();
  return schema.shared.flatMap((f) =>
    (f.data.functions ?? []).map((fn, i): IrFunctionArgs => {
      const path = `functions[${i}]`;
      const first = seen.get(fn.name);
      if (first) problem(f.source, `${path}.name`, `"${fn.name}" is declared twice (also in ${first})`);
      else seen.set(fn.name, `${f.source} at ${path}`);
      const names = new Set<string>();
      const params = fn.params.map((p, k) => {
        const at = `${path}.params[${k}]`;
        if (names.has(p.name)) problem(f.source, `${at}.name`, `duplicate param "${p.name}"`);
        names.add(p.name);
        const check = resolveCheck(p.check, f.source, `${at}.check`);
        if (check.kind === "simple" && check.name === "any") problem(f.source, `${at}.check`, "a param every value passes is never reported; leave it out of the rule table");
        return { name: p.name, optional: p.optional ?? false, check, expected: p.expected ?? expectedOf(check), fix: fieldFix(p.fix, check, f.source, `${at}.fix`) };
      });
      return { name: fn.name, summary: fn.summary, argsRulesName: argsRulesConstant(fn.name), params, source: f.source };
    }),
  );
}
