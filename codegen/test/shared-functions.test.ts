/**
 * schema/shared/*.yaml `functions:`: the arguments of an exported function beside the context operations
 * (withRetry), generated as `<NAME>_ARGS_RULES` for `checkArguments`, with the `durableContext` check.
 */
import { describe, expect, it } from "vitest";
import { copySchema, editYaml, irOf, REAL_SCHEMA, realSchemaProblemsAfter, writtenValidators } from "./helpers";

const FILE = "schema/shared/with-retry.yaml";

const problemsAfter = (edit: (d: any) => void) => realSchemaProblemsAfter("shared/with-retry.yaml", edit);

describe("shared functions' argument rules", () => {
  it("the IR: withRetry's params in order, each with its check, expected text (the schema's or the check's) and fix", () => {
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const [withRetry] = ir.functions;
    expect(ir.functions).toHaveLength(1);
    expect(withRetry!.argsRulesName).toBe("WITH_RETRY_ARGS_RULES");
    expect(withRetry!.params.map((p) => [p.name, p.check, p.optional, p.expected])).toEqual([
      ["context", { kind: "simple", name: "durableContext" }, false, "a DurableContext"],
      ["func", { kind: "simple", name: "function" }, false, "a function"],
      ["config", { kind: "config", configName: "WithRetryConfig" }, false, "an object"],
    ]);
  });

  it("a changed rule changes the generated table and what checkArguments refuses", async () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "shared/with-retry.yaml", (d) => {
      const [context, func] = d.functions[0].params;
      context.fix = "Pass your context.";
      func.optional = true;
    });
    const { text, file } = writtenValidators(copy);
    expect(text).toMatch(/^export const WITH_RETRY_ARGS_RULES: readonly Rule\[\] = \[\["context", isDurableContext, \d+, \d+, REQUIRED\], \["func", isFunction, \d+, \d+\], \["config", WITH_RETRY_CONFIG, \d+, \d+, REQUIRED\]\];$/m);
    const generated = (await import(file)) as typeof import("../../src/generated/validators");
    const config = { retryStrategy: () => ({ shouldRetry: false }) };
    const check = (context: unknown, func: unknown) => () => generated.checkArguments("withRetry", generated.WITH_RETRY_ARGS_RULES, { context, func, config });
    expect(check({ wait: () => undefined, runInChildContext: () => undefined }, undefined)).not.toThrow();
    expect(check({ wait: 1 }, undefined)).toThrow(
      expect.objectContaining({ field: "withRetry.context", message: "withRetry(): context must be a DurableContext (received an object with wait). Pass your context.", fix: "Pass your context." }),
    );
  });

  it("entries that cannot become a rule fail generation, and the meta-schema refuses unknown keys", () => {
    const params = (d: any) => d.functions[0].params;
    expect(problemsAfter((d) => d.functions.push({ ...d.functions[0] }))).toEqual([
      { file: FILE, path: "functions[1].name", reason: `"withRetry" is declared twice (also in ${FILE} at functions[0])` },
    ]);
    expect(problemsAfter((d) => params(d).push({ ...params(d)[1] }))).toEqual([{ file: FILE, path: "functions[0].params[3].name", reason: 'duplicate param "func"' }]);
    expect(problemsAfter((d) => (params(d)[1].check = "any"))).toEqual([
      { file: FILE, path: "functions[0].params[1].check", reason: "a param every value passes is never reported; leave it out of the rule table" },
    ]);
    expect(problemsAfter((d) => delete params(d)[1].fix)).toEqual([{ file: FILE, path: "functions[0].params[1].fix", reason: "missing required field" }]);
    expect(problemsAfter((d) => (params(d)[2].check = { config: "RetryConfig" }))).toEqual([{ file: FILE, path: "functions[0].params[2].check", reason: 'unknown shared config "RetryConfig"' }]);
    expect(problemsAfter((d) => (params(d)[0].chek = "durableContext"))).toContainEqual(expect.objectContaining({ file: FILE, path: "functions[0].params[0]" }));
  });
});
