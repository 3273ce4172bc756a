/**
 * "Code written against the reference's types compiles on ours with only the import path changed."
 *
 * Compiled under `strict`, as a user's project would, against the reference packages (so every source
 * here is known to be valid reference code) and against this SDK:
 *   - every export of the reference's `index.d.ts` and testing `index.d.ts`, imported by name, used as
 *     a value where it is one and as a type where it is one (the list is read from the installed
 *     reference with the TypeScript compiler API, so it cannot go stale);
 *   - every member of every reference enum, used as a type and as a value (and its literal value);
 *   - the corpus in ./corpus: handlers, configs, logger/Lambda context, wire types and a custom
 *     transport, DurablePromise, and a test module using the testing package (results, operations,
 *     history events as the AWS SDK's `Event[]`);
 * with `moduleResolution` bundler (this repository's sources), and node16 (ESM and CommonJS) and node10
 * against the built package layout (package.json exports / typesVersions and the tsup .d.ts output).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as referenceTesting from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import { TYPESCRIPT_7, compile, compileWithTypeScript7, root, swapImports, userCompilerOptions, type Resolution } from "./compile.js";
import { REFERENCE_SDK, REFERENCE_TESTING, referenceExports, type ReferenceExport } from "./reference-api.js";

const OUR_SDK = "durable-execution-sdk";
const OUR_TESTING = "durable-execution-sdk/testing";

/** Every export of the reference package (the plugin API included: nothing is excluded). */
function checkedExports(pkg: string): ReferenceExport[] {
  return referenceExports(pkg);
}

/** A module importing every checked export of `pkg` by name and using each as what it is. */
function exportsSource(pkg: string): string {
  const exports = checkedExports(pkg);
  const lines = [`import { ${exports.map((e) => e.name).join(", ")} } from ${JSON.stringify(pkg)};`];
  for (const e of exports) {
    if (e.value) lines.push(`export const value_${e.name} = ${e.name};`);
    if (e.type) {
      const args = e.requiredTypeArgs > 0 ? `<${Array(e.requiredTypeArgs).fill("any").join(", ")}>` : "";
      lines.push(`export type Type_${e.name} = ${e.name}${args};`);
    }
    for (const m of e.enumMembers ?? []) {
      lines.push(`export const member_${e.name}_${m.name}: ${e.name}.${m.name} = ${e.name}.${m.name};`);
      lines.push(`export const literal_${e.name}_${m.name}: ${JSON.stringify(m.value)} = ${e.name}.${m.name};`);
    }
  }
  return lines.join("\n") + "\n";
}

const corpusDir = join(import.meta.dirname, "corpus");
const corpus: Record<string, string> = Object.fromEntries(
  readdirSync(corpusDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => [f, readFileSync(join(corpusDir, f), "utf8")]),
);

/** Every source of the suite, written against the reference packages. */
function referenceSources(extension: ".ts" | ".cts" = ".ts"): Record<string, string> {
  const sources: Record<string, string> = {
    [`exports-sdk${extension}`]: exportsSource(REFERENCE_SDK),
    [`exports-testing${extension}`]: exportsSource(REFERENCE_TESTING),
  };
  for (const [name, text] of Object.entries(corpus)) sources[name.replace(/\.ts$/, extension)] = text;
  return sources;
}

function swapped(sources: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sources).map(([name, text]) => [name, swapImports(text, OUR_SDK, OUR_TESTING)]));
}

const scratch = join(root, `.tmp-compat-${process.pid}-${Date.now()}`);
const builtPackage = join(scratch, "node_modules", OUR_SDK);

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(builtPackage, { recursive: true });
  // The package as published: its package.json (exports, typesVersions) and the tsup declaration build.
  cpSync(join(root, "package.json"), join(builtPackage, "package.json"));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "compat-scratch", private: true, type: "module" }));
  writeFileSync(
    join(scratch, "tsup.config.ts"),
    [
      'import configs from "../tsup.config.js";',
      "const library = (configs as any[])[0];",
      "export default {",
      "  ...library,",
      '  entry: Object.fromEntries(Object.entries(library.entry as Record<string, string>).map(([name, file]) => [name, `../${file}`])),',
      "  dts: { ...library.dts, only: true },",
      `  outDir: ${JSON.stringify(join(builtPackage, "dist"))},`,
      "  sourcemap: false,",
      "};",
    ].join("\n"),
  );
  execFileSync(join(root, "node_modules/.bin/tsup"), ["--config", "tsup.config.ts"], { cwd: scratch, stdio: "pipe" });
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the export lists", () => {
  it("cover the whole reference API, the instrumentation plugin API included", () => {
    const sdk = new Set(checkedExports(REFERENCE_SDK).map((e) => e.name));
    for (const name of ["DurableInstrumentationPlugin", "DurableInstrumentationPluginProvider", "PluginLoadError", "PluginOperationStatus", "AttemptEndInfoOutcome"])
      expect(sdk.has(name)).toBe(true);
    // The reference 2.4 surface is large; a tiny list would mean the reader broke.
    expect(checkedExports(REFERENCE_SDK).length).toBeGreaterThan(90);
    expect(checkedExports(REFERENCE_TESTING).length).toBeGreaterThan(15);
  }, 300_000);

  it("are valid reference code: they compile against the reference packages", () => {
    expect(compile(join(scratch, "reference"), referenceSources(), userCompilerOptions("bundler"))).toEqual([]);
  }, 300_000);

  it("would catch a missing export (the generated source fails against a module without it)", () => {
    const source = exportsSource(REFERENCE_SDK).replace(`from ${JSON.stringify(REFERENCE_SDK)}`, 'from "./partial.js"');
    const partial = "export const withDurableExecution = () => undefined;\n";
    const errors = compile(join(scratch, "partial"), { "exports.ts": source, "partial.ts": partial }, userCompilerOptions("bundler"));
    expect(errors.some((e) => e.includes("has no exported member") && e.includes("StepSemantics"))).toBe(true);
  }, 300_000);
});

describe("with only the import path changed", () => {
  const sourcePaths = { [OUR_SDK]: [join(root, "src/index.ts")], [OUR_TESTING]: [join(root, "src/testing.ts")] };

  it("compiles against our sources (moduleResolution bundler)", () => {
    expect(compile(join(scratch, "bundler"), swapped(referenceSources()), userCompilerOptions("bundler", { paths: sourcePaths }))).toEqual([]);
  }, 300_000);

  it.each<[Resolution, ".ts" | ".cts", string]>([
    ["node16", ".ts", "ESM"],
    ["node16", ".cts", "CommonJS"],
    ["node10", ".ts", "CommonJS"],
  ])("compiles against the built package (moduleResolution %s, %s sources: %s)", (resolution, extension) => {
    const dir = join(scratch, `${resolution}${extension.replace(".", "-")}`);
    expect(compile(dir, swapped(referenceSources(extension)), userCompilerOptions(resolution))).toEqual([]);
  }, 300_000);

  // A user who installs TypeScript today gets the native TypeScript 7; the corpus is first shown to be
  // valid reference code under it, then compiled against the built package.
  describe(`under TypeScript ${TYPESCRIPT_7.version} (tsc -p)`, () => {
    it.each<[Exclude<Resolution, "node10">, ".ts" | ".cts", string]>([
      ["node16", ".ts", "ESM"],
      ["node16", ".cts", "CommonJS"],
    ])("compiles against the reference, and against the built package (moduleResolution %s, %s sources: %s)", (resolution, extension) => {
      const name = `ts7-${resolution}${extension.replace(".", "-")}`;
      expect(compileWithTypeScript7(join(scratch, `${name}-reference`), referenceSources(extension), resolution)).toEqual([]);
      expect(compileWithTypeScript7(join(scratch, name), swapped(referenceSources(extension)), resolution)).toEqual([]);
    }, 300_000);

    it("reports a type error (the run is a real check)", () => {
      const source = `import { withDurableExecution } from "${OUR_SDK}";\nexport const handler = withDurableExecution(async (_event: unknown, ctx) => ctx.wait("x", { seconds: "1" }));\n`;
      const errors = compileWithTypeScript7(join(scratch, "ts7-error"), { "bad.ts": source }, "node16");
      expect(errors.length, errors.join("\n")).toBe(1);
      expect(errors[0]).toMatch(/^bad\.ts:2: TS2322: /);
    }, 300_000);
  });

  it("mixes with the reference's values where a migration still has both (DurablePromise, Context, Event)", () => {
    const source = `
      import type { Context } from "aws-lambda";
      import type { Event } from "@aws-sdk/client-lambda";
      import { DurablePromise as TheirPromise } from "@aws/durable-execution-sdk-js";
      import { DurablePromise, type DurableContext, type LambdaContext } from "${OUR_SDK}";
      import type { TestResult, DurableOperation } from "${OUR_TESTING}";
      declare const theirs: TheirPromise<number>;
      declare const ctx: DurableContext;
      declare const awsContext: Context;
      declare const result: TestResult<number>;
      declare const operation: DurableOperation;
      export const ours: DurablePromise<number> = theirs;
      export const combined = ctx.promise.all([theirs, ctx.step(async () => 1), new DurablePromise(async () => 2)]);
      export const structural: PromiseLike<number> & { readonly isExecuted: boolean } = ctx.step(async () => 1);
      export const toAws: Context = ctx.lambdaContext;
      export const fromAws: LambdaContext = awsContext;
      export const events: Event[] = result.getHistoryEvents();
      export const operationEvents: Event[] | undefined = operation.getEvents();
    `;
    expect(compile(join(scratch, "mixed"), { "mixed.ts": source }, userCompilerOptions("bundler", { paths: sourcePaths }))).toEqual([]);
  }, 300_000);
});

describe("enum values at run time", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [REFERENCE_SDK, referenceSdk, ourSdk],
    [REFERENCE_TESTING, referenceTesting, ourTesting],
  ];
  it.each(cases)("every enum of %s has the reference's members and values", { timeout: 300_000 }, (pkg, theirs, ours) => {
    const enums = checkedExports(pkg).filter((e) => e.enumMembers);
    expect(enums.length).toBeGreaterThan(0);
    for (const e of enums) {
      const expected = Object.fromEntries(e.enumMembers!.map((m) => [m.name, m.value]));
      expect({ name: e.name, members: { ...(theirs[e.name] as object) } }).toEqual({ name: e.name, members: expected });
      expect({ name: e.name, members: { ...(ours[e.name] as object) } }).toEqual({ name: e.name, members: expected });
    }
  });
});
