/**
 * run({ crashEverywhere }) for a runner built from a handler module: every invocation runs in its
 * own worker thread and a cut kills that worker at the checkpoint (a real crash: nothing of the
 * invocation runs on). A correct handler passes every cut; an at-least-once side effect is caught.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CrashEverywhereError, LocalDurableTestRunner, type CrashEverywhereReport } from "../../src/testing.js";

const FIXTURES = new URL("./fixtures/crash-module-handlers.ts", import.meta.url);
const TS_LOADER = new URL("../support/register-tsx.mjs", import.meta.url);
const moduleRunner = (exportName: string) => new LocalDurableTestRunner({ handlerModule: { module: FIXTURES, exportName, preload: [TS_LOADER] } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-crash-module-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await LocalDurableTestRunner.teardownTestEnvironment();
});
beforeEach(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));

describe("crashEverywhere with { handlerModule }", () => {
  it("a correct handler passes a cut at every checkpoint (both cut modes), with the same result", { timeout: 120_000 }, async () => {
    const ledger = join(dir, "unused");
    let report: CrashEverywhereReport | undefined;
    const result = await moduleRunner("correct").run({ payload: { n: 21, ledger }, crashEverywhere: { onReport: (r) => (report = r) } });
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ doubled: 42, label: "n=42" });
    expect(report).toBeDefined();
    expect(report!.checkpoints).toBeGreaterThanOrEqual(3);
    expect(report!.cutRuns).toBe(report!.checkpoints * 2);
    expect(report!.failures).toEqual([]);
  });

  it("an at-least-once side effect (a charge in a file) is caught: the killed worker's charge is repeated by the re-run", { timeout: 120_000 }, async () => {
    const ledger = join(dir, "ledger");
    const error = await moduleRunner("chargesTwice")
      .run({ payload: { n: 0, ledger }, crashEverywhere: { atMostOnce: ["charge"], beforeRun: () => writeFileSync(ledger, "") } })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(CrashEverywhereError);
    const report = (error as CrashEverywhereError).report;
    expect(report.reExecutedSteps.some((step) => step.name === "charge" && step.runs === 2)).toBe(true);
    expect((error as Error).message).toMatch(/step "charge" ran its body 2 times in attempt 1/);
    expect((error as Error).message).toMatch(/result: expected 1, found 2/);
    expect(readFileSync(ledger, "utf8").split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });
});
