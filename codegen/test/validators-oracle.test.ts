/**
 * Property test: the generated plain validators (src/generated/validators.ts) accept and reject exactly
 * what zod schemas built from the same schema IR accept and reject (codegen/test/zod-oracle.ts), and
 * report the same first problem — same path, same kind, same unknown keys, same exclusive-group
 * message — so the DurableValidationError messages built from it are the ones zod-based validation
 * produced. Inputs are generated per config and per operation from the IR: valid values, wrong types,
 * boundary numbers (0, -0, negative, NaN, ±Infinity, non-integers, past the safe integers), extra
 * keys, nested configs, Durations, enum values and near misses, functions and serdes.
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixFunctionName, messageFunctionName } from "../src/emit/errors";
import { invocationPhases } from "../src/emit/validators";
import { buildIr, type IrCheck, type IrConfig } from "../src/ir";
import { loadSchema } from "../src/load";
import * as generatedErrors from "../../src/generated/errors";
import { DURABLE_EXECUTION_DEFAULTS } from "../../src/generated/types";
import * as generated from "../../src/generated/validators";
import { buildOracle, firstIssue } from "./zod-oracle";

const root = join(import.meta.dirname, "../..");
const ir = buildIr(loadSchema(join(root, "schema"), root));
const oracle = buildOracle(ir);
const configsByName = new Map([...ir.sharedConfigs, ...ir.configs].map((c) => [c.name, c]));
const validators = generated as unknown as Record<string, (input: unknown) => generated.ValidationIssue | undefined>;

const fn = fc.constantFrom(() => 1, async () => 1, function named() {}, class Thing {});
const numbers = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2, 1.5, -0.5, 99.999, 100, 100.5, 101, NaN, Infinity, -Infinity, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
  fc.integer({ min: -5, max: 200 }),
  fc.double(),
);
const scalars = fc.oneof(fc.constantFrom(undefined, null, true, false, "", "x", "AT_LEAST_ONCE", "NESTED"), fc.string({ maxLength: 6 }), numbers, fn);
const durations = fc.oneof(
  fc.record(
    { days: fc.oneof(numbers, scalars), hours: fc.oneof(numbers, scalars), minutes: fc.oneof(numbers, scalars), seconds: fc.oneof(numbers, scalars), weeks: fc.integer({ min: 0, max: 3 }) },
    { requiredKeys: [] },
  ),
  fc.record({ seconds: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ minutes: fc.integer({ min: 0, max: 3 }), hours: fc.integer({ min: 0, max: 1 }) }, { requiredKeys: [] }),
);
const serdes = fc.record({ serialize: fc.oneof(fn, scalars), deserialize: fc.oneof(fn, scalars) }, { requiredKeys: [] });
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalars },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [1], new Date(0), new Map()) },
  { weight: 1, arbitrary: durations },
  { weight: 1, arbitrary: serdes },
  { weight: 1, arbitrary: fc.array(fc.oneof(fn, fc.record({ func: fc.oneof(fn, scalars) }), scalars), { maxLength: 3 }) },
);

/** A value the check accepts (nested configs excepted: those come from configValue). */
function validFor(check: IrCheck): fc.Arbitrary<unknown> | undefined {
  if (check.kind === "enum") return fc.constantFrom(...check.values);
  if (check.kind === "config") return undefined;
  switch (check.name) {
    case "function": return fn;
    case "boolean": return fc.boolean();
    case "string": return fc.string({ maxLength: 4 });
    case "nonEmptyString": return fc.string({ minLength: 1, maxLength: 4 });
    case "number": return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "positiveInteger": return fc.integer({ min: 1, max: 50 });
    case "positiveIntegerOrInfinity": return fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(Infinity));
    case "nonNegativeInteger": return fc.integer({ min: 0, max: 50 });
    case "percentage": return fc.double({ min: 0, max: 100, noNaN: true });
    case "nonNegativeNumber": return fc.double({ min: 0, noNaN: true, noDefaultInfinity: true });
    case "nonNegativeIntegerOrInfinity": return fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(Infinity, 2 ** 53, 2 ** 60));
    case "duration": return fc.record({ seconds: fc.integer({ min: 1, max: 90 }) });
    case "serdes": return fc.constant({ serialize: async () => "", deserialize: async () => 1 });
    case "deserializer": return fc.constant({ deserialize: async () => 1 });
    case "array": return fc.array(scalars, { maxLength: 3 });
    case "branches": return fc.array(fc.oneof(fn, fc.record({ func: fn })), { maxLength: 3 });
    case "object": return fc.constantFrom({}, { onOperationStart: () => undefined }, Object.create(null), new Date(0), []);
    case "durableContext": return fc.constant({ wait: async () => undefined });
    default: return undefined;
  }
}

/** Values for one check: often valid, often at its boundary, sometimes anything at all. */
function valueFor(check: IrCheck, depth: number): fc.Arbitrary<unknown> {
  let aimed: fc.Arbitrary<unknown>;
  if (check.kind === "enum") aimed = fc.constantFrom(...check.values.map((v) => v.toLowerCase()), `${check.values[0]} `, check.enumName);
  else if (check.kind === "config") aimed = depth > 2 ? junk : configValue(configsByName.get(check.configName)!, depth + 1);
  else {
    switch (check.name) {
      case "function": aimed = fn; break;
      case "boolean": aimed = fc.boolean(); break;
      case "string": case "nonEmptyString": aimed = fc.string({ maxLength: 4 }); break;
      case "number": case "positiveInteger": case "positiveIntegerOrInfinity": case "nonNegativeInteger": case "percentage": case "nonNegativeNumber": case "nonNegativeIntegerOrInfinity": aimed = numbers; break;
      case "duration": aimed = durations; break;
      case "serdes": case "deserializer": aimed = serdes; break;
      case "array": aimed = fc.array(scalars, { maxLength: 3 }); break;
      case "branches": aimed = fc.array(fc.oneof(fn, fc.record({ func: fc.oneof(fn, scalars), name: fc.oneof(fc.string(), scalars) }, { requiredKeys: ["func"] }), scalars), { maxLength: 3 }); break;
      default: aimed = junk;
    }
  }
  const valid = validFor(check);
  return fc.oneof({ weight: 3, arbitrary: aimed }, { weight: 1, arbitrary: junk }, ...(valid ? [{ weight: 5, arbitrary: valid }] : []));
}

/** Objects with any subset of a config's fields, sometimes unknown keys, sometimes not an object at all. */
function objectOf(fields: readonly { name: string; check: IrCheck }[], depth: number): fc.Arbitrary<unknown> {
  const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.check, depth)])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.constantFrom("extra", "retries", "timeoutSeconds", fields[0]?.name.toUpperCase() ?? "X"), scalars, { maxKeys: 2 });
  return fc.oneof(
    { weight: 6, arbitrary: record },
    { weight: 2, arbitrary: fc.tuple(record, extra).map(([r, e]) => ({ ...(r as object), ...e })) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, [], "config", 1, () => ({})) },
  );
}

function configValue(c: IrConfig, depth = 0): fc.Arbitrary<unknown> {
  return objectOf(c.fields, depth);
}

const RUNS = 400;

function agree(name: string, validate: (input: unknown) => unknown, schema: Parameters<typeof firstIssue>[0], input: unknown): void {
  const expected = firstIssue(schema, input);
  const actual = validate(input);
  expect(actual, `${name}(${String(describeInput(input))})`).toEqual(expected);
}

function describeInput(input: unknown): string {
  try {
    return JSON.stringify(input, (_k, v) => (typeof v === "function" ? "<fn>" : typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  } catch {
    return String(input);
  }
}

describe("generated validators agree with zod schemas built from the same IR", () => {
  for (const c of configsByName.values()) {
    it(`${c.validatorName} (${c.name})`, () => {
      const validate = validators[c.validatorName]!;
      expect(validate).toBeTypeOf("function");
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(configValue(c), (input) => {
          agree(c.validatorName, validate, oracle.configs.get(c.name)!, input);
          if (validate(input) === undefined) accepted++;
          else rejected++;
        }),
        { numRuns: RUNS },
      );
      // The generated inputs exercise both sides of the boundary.
      expect(accepted).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(0);
    });
  }

  for (const op of ir.operations) {
    it(`${op.argsValidatorName} (${op.callPath})`, () => {
      const validate = validators[op.argsValidatorName]!;
      expect(validate).toBeTypeOf("function");
      const args = fc.record(Object.fromEntries(op.args.map((a) => [a.name, valueFor(a.check, 0)])), { requiredKeys: [] });
      let accepted = 0;
      fc.assert(
        fc.property(args, (input) => {
          agree(op.argsValidatorName, validate, oracle.args.get(op.name)!, input);
          if (validate(input) === undefined) accepted++;
        }),
        { numRuns: RUNS },
      );
      expect(accepted).toBeGreaterThan(0);
    });
  }

  // withDurableExecution's config (schema/execution.yaml): its wrap-time checks, an array's entries included
  // (sparse arrays too, whose holes are refused).
  const execution = ir.execution!.config;
  it(`${execution.validatorName} (${execution.name}, checked when the handler is wrapped)`, () => {
    const validate = validators[execution.validatorName]!;
    expect(validate).toBeTypeOf("function");
    const entries = (rule: IrCheck) => fc.oneof(validFor(rule) ?? junk, junk);
    const fields = execution.fields.map((f) => ({
      name: f.name,
      check: f.rule!.check,
      value: f.items
        ? fc.oneof(
            { weight: 4, arbitrary: fc.array(entries(f.items.check), { maxLength: 3 }) },
            { weight: 1, arbitrary: fc.sparseArray(entries(f.items.check), { maxLength: 3 }) },
            { weight: 1, arbitrary: junk },
          )
        : valueFor(f.rule!.check, 0),
    }));
    const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, f.value])), { requiredKeys: [] });
    const inputs = fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: objectOf(fields, 0) });
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(inputs, (input) => {
        agree(execution.validatorName, validate, oracle.execution!, input);
        if (validate(input) === undefined) accepted++;
        else rejected++;
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    // The entries' rule reports the index at fault, a hole included.
    // eslint-disable-next-line no-sparse-arrays
    expect(validate({ plugins: [{}, , {}] })).toEqual({ kind: "invalid", path: ["plugins", 1] });
    expect(firstIssue(oracle.execution!, { plugins: [{}, , {}] })).toEqual({ kind: "invalid", path: ["plugins", 1] });
  });

  // Its checks made when the handler runs (execution.yaml invocationChecks): per generated function, the
  // first check failed in the schema's order (the oracle: zod schemas of the same checks), reported with
  // the field, the value, and the message and fix filled from the value and the typed default.
  const read = (root: unknown, path: string) =>
    path.split(".").reduce<unknown>((value, key) => (value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key]), root);
  // A `value` param: the value as every validation message describes it.
  const shown = (value: unknown) => generated.describeReceived(value);
  const texts = generatedErrors as unknown as Record<string, string | ((...args: unknown[]) => string)>;
  const text = (name: string, args: unknown[]) => {
    const t = texts[name]!;
    return typeof t === "function" ? t(...args) : t;
  };
  for (const phase of invocationPhases(ir.execution!)) {
    it(`${phase.functionName} (checked when the handler runs, ${phase.when})`, () => {
      const check = (generated as unknown as Record<string, (config: unknown) => unknown>)[phase.functionName]!;
      expect(check).toBeTypeOf("function");
      // Every field path the checks read, nested as the config nests them; a notBoth field is any value.
      type Tree = Map<string, Tree | IrCheck | undefined>;
      const tree: Tree = new Map();
      for (const k of execution.invocationChecks)
        k.fields.forEach((path) => {
          const keys = path.split(".");
          let level = tree;
          for (const key of keys.slice(0, -1)) level = (level.get(key) as Tree | undefined) ?? (level.set(key, new Map()).get(key) as Tree);
          level.set(keys[keys.length - 1]!, k.check.kind === "notBoth" ? undefined : k.check);
        });
      const objectOfTree = (t: Tree): fc.Arbitrary<unknown> =>
        fc.oneof(
          { weight: 6, arbitrary: fc.record(Object.fromEntries([...t].map(([key, v]) => [key, v instanceof Map ? objectOfTree(v) : v ? valueFor(v, 0) : fc.oneof(junk, fc.constantFrom({}, { send: () => 1 }))])), { requiredKeys: [] }) },
          { weight: 1, arbitrary: junk },
        );
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(objectOfTree(tree), (config) => {
          const first = oracle.invocation!.get(phase.functionName)!(config);
          const outcome = (run: () => unknown): { value: unknown } | { threw: string } => {
            try {
              return { value: run() };
            } catch (error) {
              // Neither side may throw: a throw on one side only fails the comparison.
              return { threw: (error as Error).constructor.name };
            }
          };
          const actual = outcome(() => check(config));
          if (first === undefined) {
            expect(actual, describeInput(config)).toEqual({ value: undefined });
            accepted++;
            return;
          }
          rejected++;
          const k = execution.invocationChecks[first]!;
          const path = k.fields[0]!;
          const value = read(config, path);
          const args = (params: typeof k.messageParams) => params.map((p) => (p.from === "value" ? shown(value) : read(DURABLE_EXECUTION_DEFAULTS, path)));
          const expected = outcome(() => {
            const problem = text(messageFunctionName("DurableValidationError", k.message), args(k.messageParams));
            const fix = text(fixFunctionName("DurableValidationError", k.message), args(k.fixParams));
            const message = k.composedWith ? text(messageFunctionName("DurableValidationError", k.composedWith), [problem, fix]) : problem;
            return { field: `config.${path}`, message, fix, received: value };
          });
          expect(actual, describeInput(config)).toStrictEqual(expected);
        }),
        { numRuns: RUNS },
      );
      expect(accepted).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(0);
    });
  }

  it("the oracle is not vacuous: it tells apart values the generated validators must tell apart", () => {
    const step = oracle.configs.get("StepConfig")!;
    expect(firstIssue(step, { semantics: "nope" })).toEqual({ kind: "invalid", path: ["semantics"] });
    expect(firstIssue(step, { extra: 1 })).toEqual({ kind: "unknownKeys", path: [], keys: ["extra"] });
    const completion = oracle.configs.get("CompletionConfig")!;
    expect(firstIssue(completion, { minSuccessful: 1, shouldComplete: () => ({}) })?.kind).toBe("exclusive");
    expect(firstIssue(completion, { minSuccessful: 2 ** 53 })).toEqual({ kind: "invalid", path: ["minSuccessful"] });
    expect(validators.validateCompletionConfig!({ toleratedFailurePercentage: NaN })).toEqual({ kind: "invalid", path: ["toleratedFailurePercentage"] });
  });
});
