/**
 * Every example in the schema (and so in the TSDoc and the docs pages) type-checks against the real
 * SDK. Names an example uses without defining them (`fetchUser`, `order`…) are declared as `any`;
 * everything else — SDK calls, configs, option names — must be correct.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STRICT_COMPILER_OPTIONS } from "../../test/support/typecheck.js";

const root = join(import.meta.dirname, "../..");
const operationsDir = join(root, "schema/operations");

interface Example {
  file: string;
  title: string;
  code: string;
}

const errorsFile = parse(readFileSync(join(root, "schema/errors.yaml"), "utf8")) as { errors: { name: string; examples?: { title: string; code: string }[] }[] };
const enumsFile = parse(readFileSync(join(root, "schema/enums.yaml"), "utf8")) as { enums: { name: string; examples?: { title: string; code: string }[] }[] };
const examples: Example[] = [
  ...readdirSync(operationsDir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((file) => (parse(readFileSync(join(operationsDir, file), "utf8")).examples as { title: string; code: string }[]).map((e) => ({ file, ...e }))),
  ...errorsFile.errors.flatMap((err) => (err.examples ?? []).map((e) => ({ file: `errors.yaml#${err.name}`, ...e }))),
  ...enumsFile.enums.flatMap((en) => (en.examples ?? []).map((e) => ({ file: `enums.yaml#${en.name}`, ...e }))),
];
/** Enums with examples are imported from the generated module (some are public only through ./testing). */
const ENUM_NAMES = enumsFile.enums.filter((e) => e.examples?.length).map((e) => e.name);

/** Public error classes: every error of errors.yaml that src/index.ts exports. */
const PUBLIC_ERRORS = errorsFile.errors.map((e) => e.name).filter((name) => new RegExp(`\\b${name}\\b`).test(readFileSync(join(root, "src/index.ts"), "utf8")));
const SDK_NAMES = [
  "createRetryStrategy", "createWaitStrategy", "StepSemantics", "JitterStrategy", "retryPresets", "NestingType", "completeBatch", "continueBatch",
  "CompletionOutcome", "DurableExecutionClientErrorScope", "isDurableExecutionClientError", ...PUBLIC_ERRORS,
];

function source(example: Example, declared: string[]): string {
  return [
    `import { ${SDK_NAMES.join(", ")}, type DurableContext } from ${JSON.stringify(join(root, "src/index.js"))};`,
    `import { ${ENUM_NAMES.filter((n) => !SDK_NAMES.includes(n)).join(", ")} } from ${JSON.stringify(join(root, "src/generated/enums.js"))};`,
    ...declared.map((name) => `declare const ${name}: any;`),
    "export async function example(context: DurableContext, event: any) {",
    example.code,
    "}",
  ].join("\n");
}

/** Compiles every text in one program (one lib load) and returns each file's messages with their codes. */
function compileAll(texts: string[]): { code: number; message: string }[][] {
  const dir = mkdtempSync(join(root, "node_modules", ".examples-"));
  try {
    const files = texts.map((text, i) => {
      const file = join(dir, `example-${i}.ts`);
      writeFileSync(file, text);
      return file;
    });
    const program = ts.createProgram(files, STRICT_COMPILER_OPTIONS);
    const all = ts.getPreEmitDiagnostics(program);
    return files.map((file) =>
      all.filter((d) => d.file?.fileName === file).map((d) => ({ code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, " ") })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "Cannot find name", its "did you mean" variant, and a shorthand property with no value in scope. */
const UNDECLARED = new Set([2304, 2552, 18004]);

let results: string[][] | undefined;
function compiled(): string[][] {
  if (results) return results;
  const first = compileAll(examples.map((e) => source(e, [])));
  const declared = first.map((messages) => [...new Set(messages.filter((m) => UNDECLARED.has(m.code)).map((m) => /'([^']+)'/.exec(m.message)![1]!))]);
  results = compileAll(examples.map((e, i) => source(e, declared[i]!))).map((messages) => messages.map((m) => m.message));
  return results;
}

describe("schema examples type-check", () => {
  it("there are examples for every operation", () => {
    const operationFiles = examples.filter((e) => !e.file.includes(".yaml#")).map((e) => e.file);
    expect(new Set(operationFiles).size).toBe(readdirSync(operationsDir).filter((f) => f.endsWith(".yaml")).length);
  });

  it("every public error class has an example (its TSDoc's)", () => {
    const withExample = new Set(examples.filter((e) => e.file.startsWith("errors.yaml#")).map((e) => e.file.slice("errors.yaml#".length)));
    expect(PUBLIC_ERRORS.length).toBeGreaterThan(10);
    expect(PUBLIC_ERRORS.filter((name) => !withExample.has(name))).toEqual([]);
  });

  it.each(examples.map((e, i) => [`${e.file}: ${e.title}`, i] as const))("%s", (_label, index) => {
    expect(compiled()[index]).toEqual([]);
  }, 120_000);
});
