/**
 * Adding an operation is one schema file + one runtime handler + regenerate. A toy operation is added to
 * a temporary copy of the schema and generated into a temporary copy of src/: without a runtime handler
 * the operation table fails tsc naming it; with one handler file (and its line in the table) a user
 * handler calling `context.toy(...)` compiles, and a wrong argument type is rejected.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REAL_SCHEMA, REPO_ROOT, copySchema, generateCopy, tempDir, writeYaml } from "./helpers";

const TOY = {
  operation: "toy",
  summary: "Waits a number of seconds (a toy operation for the extensibility test).",
  operationType: "WAIT",
  subType: "Wait",
  reusesSubType: true,
  method: {
    name: { type: "string", summary: "Name recorded with the operation." },
    discriminator: "leading-string",
    params: [{ name: "seconds", type: "number", check: "positiveInteger", summary: "How long to wait." }],
    returns: "DurablePromise<void>",
  },
  checkpoints: [{ action: "START", awaited: "yes", when: "The toy is new.", fields: ["WaitOptions.WaitSeconds"] }],
  replay: [{ status: "SUCCEEDED", behaviour: "Returns at once." }],
  errors: ["DurableValidationError"],
  examples: [{ title: "A toy", code: 'await context.toy("nap", 5);\n' }],
};

const RUNTIME_HANDLER = `import type { ToyArgs } from "../../generated/index.js";
import type { InternalContext } from "../context/internal-context.js";
import type { DurablePromise } from "../durable-promise.js";
import { waitHandler } from "./wait.js";

export function toyHandler(ctx: InternalContext, args: ToyArgs): DurablePromise<void> {
  return waitHandler(ctx, { name: args.name, duration: { seconds: args.seconds } });
}
`;

const USER_HANDLER = (call: string) => `import { withDurableExecution } from "./index.js";

export const handler = withDurableExecution(async (_event: unknown, context) => {
  ${call}
  return "done";
});
`;

/** A temp copy of src/ with the toy schema generated into it; `files` are written over it. Returns tsc's errors. */
function compile(files: Record<string, string>, roots: string[]): string[] {
  const copy = copySchema(REAL_SCHEMA);
  writeYaml(copy, "operations/toy.yaml", TOY);
  const root = tempDir();
  cpSync(join(REPO_ROOT, "src"), join(root, "src"), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  const outDir = join(root, "src/generated");
  for (const [path, content] of generateCopy(copy, { outDir, docsDir: join(root, "docs") })) {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.json"), "utf8")), ts.sys, root);
  const program = ts.createProgram(roots.map((r) => join(root, r)), { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    return `${d.file ? d.file.fileName.slice(root.length + 1) : ""}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

/** handlers.ts with the toy's line added to the operation table. */
function handlersWithToy(): string {
  const source = readFileSync(join(REPO_ROOT, "src/runtime/operations/handlers.ts"), "utf8");
  return source
    .replace('import { stepHandler } from "./step.js";', 'import { stepHandler } from "./step.js";\nimport { toyHandler } from "./toy.js";')
    .replace("  step: stepHandler,", "  step: stepHandler,\n  toy: toyHandler,");
}

describe("adding a toy operation", () => {
  it("without a runtime handler, the operation table fails tsc naming the operation", () => {
    const errors = compile({}, ["src/runtime/operations/handlers.ts"]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith("src/runtime/operations/handlers.ts:"))).toBe(true);
    expect(errors.join("\n")).toContain("toy");
  }, 180_000);

  it("with one handler file, a user handler calling context.toy(...) compiles; a wrong argument does not", () => {
    const files = {
      "src/runtime/operations/toy.ts": RUNTIME_HANDLER,
      "src/runtime/operations/handlers.ts": handlersWithToy(),
      "src/user-ok.ts": USER_HANDLER('await context.toy("nap", 5);\n  await context.toy(1);'),
      "src/user-bad.ts": USER_HANDLER('await context.toy("nap", "five");'),
    };
    const errors = compile(files, ["src/index.ts", "src/user-ok.ts", "src/user-bad.ts"]);
    expect(errors, errors.join("\n")).toHaveLength(1);
    expect(errors[0]).toMatch(/^src\/user-bad\.ts:4 /);
  }, 180_000);
});
