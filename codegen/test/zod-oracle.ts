/**
 * Test-only: zod schemas built at run time from the same IR the validators are generated from. They are
 * the oracle of codegen/test/validators-oracle.test.ts — the plain generated validators must accept and
 * reject exactly what these accept and reject, and report the same first problem.
 *
 * The mapping is the one the runtime used when it validated with zod: a config is a strict object
 * (unknown keys rejected) refined by its exclusive groups; an operation's normalised arguments are a
 * plain object; primitive checks are zod's own (z.number() rejects NaN and ±Infinity, .int() asks for
 * a safe integer); checks zod has no notion of (Duration, serdes, branches) are z.custom guards.
 */
import { z } from "zod";
import type { Ir, IrCheck, IrConfig, IrOperation } from "../src/ir";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const GUARDS = {
  function: (value: unknown) => typeof value === "function",
  array: (value: unknown) => Array.isArray(value),
  defined: (value: unknown) => value !== undefined,
  object: isObject,
  durableContext: (value: unknown) => isObject(value) && typeof value.wait === "function" && typeof value.runInChildContext === "function",
  any: () => true,
  serdes: (value: unknown) => isObject(value) && typeof value.serialize === "function" && typeof value.deserialize === "function",
  deserializer: (value: unknown) => isObject(value) && typeof value.deserialize === "function",
  branches: (value: unknown) =>
    Array.isArray(value) && !value.includes(undefined) && value.every((b) => typeof b === "function" || (isObject(b) && typeof b.func === "function" && (b.name == null || typeof b.name === "string"))),
} as const;

export interface Oracle {
  configs: Map<string, z.ZodType>;
  args: Map<string, z.ZodType>;
  /** The execution's config (schema/execution.yaml), when the schema has one: a strict object of its wrap-time checks. */
  execution?: z.ZodType;
  /**
   * Its invocation checks (execution.yaml \`invocationChecks\`): per generated function, the index of the first
   * check a config fails, in the schema's order (undefined: none), each value check a zod schema of the
   * field, left out (undefined) accepted; notBoth, both fields truthy.
   */
  invocation?: Map<string, (config: unknown) => number | undefined>;
}

/**
 * Whether an operation's null name is checked (and refused) rather than read as left out: invoke's (its
 * name is told apart by the second argument) and createCallback's (a null before a given config).
 */
const nameTakesNull = (op: IrOperation): boolean =>
  op.discriminator === "second-arg-string" || (op.discriminator === "leading-string" && op.args.length === 2 && op.args[1]!.optional);

export function buildOracle(ir: Ir): Oracle {
  const byName = new Map([...ir.sharedConfigs, ...ir.configs].map((c) => [c.name, c]));
  const configs = new Map<string, z.ZodType>();
  // The Duration rule as a guard: known units only, each a finite number ≥ 0,
  // at least one given, the total within the rule's bounds.
  const rule = ir.durationRule;
  const durationSchema: z.ZodType = z.custom((value: unknown) => {
    if (!rule || !isObject(value) || Array.isArray(value)) return false;
    const units = Object.keys(rule.unitSeconds);
    if (Object.keys(value).some((key) => !units.includes(key))) return false;
    // A null unit counts as left out, as the reference reads it.
    const given = units.filter((unit) => value[unit] != null);
    if (given.some((unit) => !z.number().min(0).safeParse(value[unit]).success)) return false;
    const total = given.reduce((sum, unit) => sum + (value[unit] as number) * rule.unitSeconds[unit]!, 0);
    return given.length > 0 && total >= rule.minSeconds && total <= rule.maxSeconds;
  });

  const valueSchema = (check: IrCheck): z.ZodType => {
    if (check.kind === "enum") return z.enum(check.values as [string, ...string[]]);
    if (check.kind === "config") return configSchema(byName.get(check.configName)!);
    switch (check.name) {
      case "boolean": return z.boolean();
      case "string": return z.string();
      case "nonEmptyString": return z.string().min(1);
      case "number": return z.number();
      case "positiveInteger": return z.number().int().min(1);
      case "positiveIntegerOrInfinity": return z.union([z.number().int().min(1), z.literal(Infinity)]);
      case "nonNegativeInteger": return z.number().int().min(0);
      case "percentage": return z.number().min(0).max(100);
      case "nonNegativeNumber": return z.number().min(0);
      // A whole number of any size (not only a safe integer, which .int() asks for), or Infinity.
      case "nonNegativeIntegerOrInfinity": return z.union([z.number().min(0).refine(Number.isInteger), z.literal(Infinity)]);
      case "duration": return durationSchema;
      default: return z.custom(GUARDS[check.name]);
    }
  };

  function configSchema(c: IrConfig): z.ZodType {
    const known = configs.get(c.name);
    if (known) return known;
    // An optional field's null is left out, unless the field checks null as a value.
    const shape = Object.fromEntries(c.fields.map((f) => [f.name, f.optional ? (f.nullIsValue ? valueSchema(f.check).optional() : valueSchema(f.check).nullish()) : valueSchema(f.check)]));
    let schema: z.ZodType = z.strictObject(shape);
    if (c.exclusive.length > 1) {
      schema = (schema as z.ZodObject).superRefine((value, ctx) => {
        const record = value as Record<string, unknown>;
        const used = c.exclusive.map((group) => group.filter((key) => record[key] !== undefined)).filter((keys) => keys.length > 0);
        if (used.length > 1)
          ctx.addIssue({ code: "custom", path: [used[0]![0]!], message: `${used[0]!.join(", ")} cannot be combined with ${used.slice(1).flat().join(", ")}`, params: { exclusive: true } });
      });
    }
    configs.set(c.name, schema);
    return schema;
  }

  for (const c of byName.values()) configSchema(c);
  const args = new Map<string, z.ZodType>(
    ir.operations.map((op: IrOperation) => [
      op.name,
      z.object(Object.fromEntries(op.args.map((a) => [a.name, a.name === "name" ? (nameTakesNull(op) ? valueSchema(a.check).optional() : valueSchema(a.check).nullish()) : a.optional ? valueSchema(a.check).nullish() : valueSchema(a.check)]))),
    ]),
  );
  // An array field with a rule for its entries is an array of them (zod reports the first bad index).
  const execution =
    ir.execution &&
    z.strictObject(
      Object.fromEntries(
        ir.execution.config.fields.map((f) => [f.name, (f.items ? z.array(valueSchema(f.items.check)) : valueSchema(f.rule!.check)).nullish()]),
      ),
    );
  // A field path read as the reference reads it: property by property, stopping at null or undefined.
  const read = (config: unknown, path: string) =>
    path.split(".").reduce<unknown>((value, key) => (value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key]), config);
  const invocation = ir.execution && new Map<string, (config: unknown) => number | undefined>();
  for (const [i, k] of (ir.execution?.config.invocationChecks ?? []).entries()) {
    const fails =
      k.check.kind === "notBoth"
        ? (config: unknown) => k.fields.every((f) => Boolean(read(config, f)))
        : // null is the field left out unless the check reads it as a value (nullIsValue).
          ((schema: z.ZodType) => (config: unknown) => !schema.safeParse(read(config, k.fields[0]!)).success)(
            k.nullIsValue !== undefined ? valueSchema(k.check).optional() : valueSchema(k.check).nullish(),
          );
    const earlier = invocation!.get(k.functionName);
    invocation!.set(k.functionName, (config) => earlier?.(config) ?? (fails(config) ? i : undefined));
  }
  return { configs, args, ...(execution ? { execution } : {}), ...(invocation ? { invocation } : {}) };
}

/** The first problem zod reports, in the shape the generated validators report it. */
export function firstIssue(schema: z.ZodType, value: unknown): { kind: string; path: (string | number)[]; keys?: string[]; message?: string } | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const path = issue.path as (string | number)[];
  if (issue.code === "unrecognized_keys") return { kind: "unknownKeys", path, keys: issue.keys };
  if (issue.code === "custom" && (issue.params as { exclusive?: boolean } | undefined)?.exclusive) return { kind: "exclusive", path, message: issue.message };
  return { kind: "invalid", path };
}
