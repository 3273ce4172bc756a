/**
 * The guides' whole handlers run. A ```ts block whose info string says `handler` (` ```ts handler`) is a
 * module exporting `handler` (made by withDurableExecution); it is run on the LocalDurableTestRunner with
 * skipTime and must succeed. An HTML comment on the line right above the fence says how to run it and
 * what the guide promises:
 *
 *     <!-- run: {"payload": {"id": "o-1"}, "result": {"status": "paid"},
 *                "callbacks": [{"name": "manager-approval", "success": "{\"approved\":true}"}]} -->
 *
 * `payload` is the input; `result`, when given, must equal the execution's result; `status` (default
 * SUCCEEDED) is the expected status and `errorType` the expected error of a failed execution; each of
 * `callbacks` is answered, in order, once the handler waits for it (`success` sends that text, `failure`
 * sends that error message). A JSON array runs the handler once per element (e.g. approve, reject, no
 * answer).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../../src/testing.js";
import { asModule, codeBlocks, listPages, type CodeBlock } from "./markdown.js";

const root = join(import.meta.dirname, "../..");

interface RunSpec {
  payload?: unknown;
  result?: unknown;
  status?: string;
  errorType?: string;
  callbacks?: { name: string; success?: string; failure?: string }[];
}

function runSpecs(block: CodeBlock): RunSpec[] {
  if (block.run === undefined) return [{}];
  try {
    const parsed = JSON.parse(block.run) as RunSpec | RunSpec[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch (error) {
    throw new Error(`${block.page}:${block.line - 1}: the <!-- run: … --> comment is not JSON (${(error as Error).message})`);
  }
}

const handlerBlocks = listPages()
  .filter((p) => p.startsWith("guide/"))
  .flatMap((p) => codeBlocks(p))
  .filter((b) => (b.lang === "ts" || b.lang === "typescript") && b.meta?.split(/\s+/).includes("handler"));

let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(root, "test/docs/.handlers-"));
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(async () => {
  await LocalDurableTestRunner.teardownTestEnvironment();
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
/** Writes the block as a module next to the tests (so it is transformed like them) and imports it. */
async function load(block: CodeBlock): Promise<Record<string, unknown>> {
  const file = join(scratch, `block-${++counter}.ts`);
  writeFileSync(file, asModule(block));
  return (await import(file)) as Record<string, unknown>;
}

async function runBlock(block: CodeBlock, spec: RunSpec): Promise<{ status: string; result: unknown; error: { errorType?: string } | undefined }> {
  const mod = await load(block);
  if (typeof mod.handler !== "function") throw new Error(`${block.page}:${block.line}: a \`ts handler\` block must export \`handler\``);
  const runner = new LocalDurableTestRunner<unknown>({ handlerFunction: mod.handler as never });
  const execution = runner.run({ payload: spec.payload });
  for (const callback of spec.callbacks ?? []) {
    const operation = runner.getOperation(callback.name);
    await operation.waitForData(operation.isWaitForCallback() ? WaitingOperationStatus.SUBMITTED : WaitingOperationStatus.STARTED);
    if (callback.failure !== undefined) await operation.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: callback.failure });
    else await operation.sendCallbackSuccess(callback.success ?? "");
  }
  const result = await execution;
  const succeeded = result.getStatus() === "SUCCEEDED";
  return { status: result.getStatus(), result: succeeded ? result.getResult() : undefined, error: succeeded ? undefined : result.getError() };
}

describe("whole handlers in the guides run on the local runner", () => {
  it("finds them", () => {
    expect(handlerBlocks.length).toBeGreaterThanOrEqual(8);
  });

  const cases = handlerBlocks.flatMap((b) => runSpecs(b).map((spec, i, all) => [`${b.page}:${b.line}${all.length > 1 ? ` (run ${i + 1})` : ""}`, b, spec] as const));
  it.each(cases)("%s", async (_, block, spec) => {
    const outcome = await runBlock(block, spec);
    expect(outcome.status, JSON.stringify(outcome.error)).toBe(spec.status ?? "SUCCEEDED");
    if ("result" in spec) expect(outcome.result).toEqual(spec.result);
    if (spec.errorType !== undefined) expect(outcome.error?.errorType).toBe(spec.errorType);
  }, 60_000);

  it("is not blind: a handler that fails, or returns something else than promised, is caught", async () => {
    const failing: CodeBlock = {
      page: "guide/broken.md",
      line: 1,
      lang: "ts",
      meta: "handler",
      run: '{"payload": 2}',
      code: [
        'import { withDurableExecution, type DurableContext } from "durable-execution-sdk";',
        "export const handler = withDurableExecution(async (n: number, context: DurableContext) => {",
        '  const doubled = await context.step("double", async () => n * 2);',
        '  if (doubled !== 5) throw new Error(`expected 5, got ${doubled}`);',
        "  return doubled;",
        "});",
      ].join("\n"),
    };
    const outcome = await runBlock(failing, runSpecs(failing)[0]!);
    expect(outcome.status).toBe("FAILED");
    expect(JSON.stringify(outcome.error)).toContain("expected 5, got 4");
  }, 60_000);
});
