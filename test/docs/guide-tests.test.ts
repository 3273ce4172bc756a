/**
 * The guides' vitest examples run. A ```ts block whose info string says `test` (` ```ts test`) is a whole
 * vitest test file (it imports from "vitest" and the package); it is written next to this file with the
 * package's imports pointed at the sources and imported inside its own suite, so its hooks and tests run
 * here and its assertions — the facts the guide states — must hold. A ` ```ts node-test ` block is a
 * node:test file: it runs in a child `node --import tsx --test` and must pass.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asModule, codeBlocks, listPages } from "./markdown.js";

const root = join(import.meta.dirname, "../..");
const testBlocks = listPages()
  .filter((p) => p.startsWith("guide/"))
  .flatMap((p) => codeBlocks(p))
  .filter((b) => (b.lang === "ts" || b.lang === "typescript") && b.meta?.split(/\s+/).includes("test"));

const nodeTestBlocks = listPages()
  .filter((p) => p.startsWith("guide/"))
  .flatMap((p) => codeBlocks(p))
  .filter((b) => (b.lang === "ts" || b.lang === "typescript") && b.meta?.split(/\s+/).includes("node-test"));

const scratch = mkdtempSync(join(root, "test/docs/.handlers-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("finds the guides' test examples", () => {
  expect(testBlocks.length).toBeGreaterThanOrEqual(3);
  for (const block of testBlocks) expect(block.code, `${block.page}:${block.line}`).toMatch(/from "vitest"/);
});

testBlocks.forEach((block, i) => {
  describe(`${block.page}:${block.line}`, async () => {
    const file = join(scratch, `test-${i}.ts`);
    writeFileSync(file, asModule(block));
    await import(file);
  });
});

describe("node:test examples", () => {
  it("finds them", () => expect(nodeTestBlocks.length).toBeGreaterThanOrEqual(1));

  it.each(nodeTestBlocks.map((b, i) => [`${b.page}:${b.line}`, b, i] as const))("%s passes under node --test", async (_, block, i) => {
    const file = join(scratch, `node-test-${i}.ts`);
    writeFileSync(file, asModule(block));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--test", file], { cwd: root });
    // TAP's summary ("# pass 1", Node 20 and 22 when not on a terminal) or the spec reporter's ("ℹ pass 1", Node 24).
    expect(stdout).toMatch(/^(?:#|ℹ) pass [1-9]/m);
    expect(stdout).toMatch(/^(?:#|ℹ) fail 0$/m);
  }, 120_000);
});
