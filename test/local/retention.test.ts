/**
 * Retention of finished executions (issue 14, defect 8): as Lambda's DurableConfig
 * RetentionPeriodInDays (1-90 days, default 14) per function, or the service's `retentionMs` for
 * every function. Once an execution's retention has ended nothing of it is left: not in the indexes
 * (ARN, key, name, function), not its operations, history, timers or callback ids, not its SQLite
 * rows. Counted by store entries and database rows, never by heap size or timing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import { SqlitePersistence, sqliteUnavailableReason } from "../../src/local/persistence/sqlite.js";
import { LocalDurableService, type DurableFunctionHandler } from "../../src/local/index.js";
import { T0 } from "./helpers.js";

const DAY = 86_400_000;

/** A handler with a step, a wait and a callback: operations, history, timers and a callback id to leave behind. */
const workflow = withDurableExecution(async (event: { n: number }, context) => {
  const doubled = await context.step("double", async () => event.n * 2);
  await context.wait("pause", { seconds: 5 });
  const [promise] = await context.createCallback<string>("approve");
  return { doubled, approved: await promise };
}) as unknown as DurableFunctionHandler;

function callbackIdOf(service: LocalDurableService, arn: string): string {
  const op = service.getOperations(arn).find((o) => o.Name === "approve");
  return op!.CallbackDetails!.CallbackId!;
}

/** Starts `n` named executions and finishes them all (each answers its callback). */
async function finishExecutions(service: LocalDurableService, functionName: string, n: number): Promise<{ arns: string[]; callbackIds: string[] }> {
  const arns = Array.from({ length: n }, (_, i) => service.startExecution({ functionName, input: { n: i }, executionName: `${functionName}-${i}` }));
  await service.runUntilIdle();
  const callbackIds = arns.map((arn) => callbackIdOf(service, arn));
  for (const id of callbackIds) service.sendCallbackSuccess(id, '"yes"');
  await service.runUntilIdle();
  for (const arn of arns) expect(service.getExecution(arn).Status).toBe("SUCCEEDED");
  return { arns, callbackIds };
}

const EMPTY = { executions: 0, executionsByKey: 0, executionsByName: 0, executionsByFunction: 0, operations: 0, historyEvents: 0, timers: 0, retained: 0 };

describe("retention of finished executions (in memory)", () => {
  it("a function's retentionPeriodInDays: kept until then, evicted after — nothing left behind, not-found as the API says", async () => {
    const service = new LocalDurableService({ startTime: T0 });
    service.registerFunction("orders", workflow, { retentionPeriodInDays: 1 });
    const { arns, callbackIds } = await finishExecutions(service, "orders", 20);

    const before = service.store.entryCounts();
    expect(before).toMatchObject({ executions: 20, executionsByKey: 20, executionsByName: 20, executionsByFunction: 20, retained: 20, timers: 0 });
    expect(before.operations).toBeGreaterThanOrEqual(20 * 4);
    expect(before.historyEvents).toBeGreaterThanOrEqual(20 * 8);

    // One day after the end, less a millisecond: still there.
    const end = +service.getExecution(arns[0]!).EndTimestamp!;
    await service.advanceTime(end + DAY - 1 - service.store.clock.now());
    expect(service.getExecution(arns[0]!).Status).toBe("SUCCEEDED");
    expect(service.store.entryCounts().executions).toBe(20);

    await service.advanceTime(1);
    expect(service.store.entryCounts()).toEqual(EMPTY);
    for (const arn of arns) {
      expect(() => service.getExecution(arn)).toThrow(expect.objectContaining({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } }));
      expect(() => service.getDurableExecutionHistory({ DurableExecutionArn: arn })).toThrow(/not found/);
    }
    expect(service.listExecutions("orders")).toEqual([]);
    // The callback ids no longer resolve; the names may be used again (a new execution, not the old one).
    expect(() => service.sendCallbackSuccess(callbackIds[0]!, '"late"')).toThrow();
    const again = service.startExecution({ functionName: "orders", input: { n: 99 }, executionName: "orders-0" });
    expect(again).not.toBe(arns[0]);
    service.close();
  });

  it("the default is Lambda's 14 days; running executions are never evicted", async () => {
    const service = new LocalDurableService({ startTime: T0 });
    service.registerFunction("orders", workflow);
    const { arns } = await finishExecutions(service, "orders", 2);
    const waiter = withDurableExecution(async (_event: unknown, context) => {
      const [promise] = await context.createCallback<string>("forever");
      return promise;
    }) as unknown as DurableFunctionHandler;
    service.registerFunction("waiter", waiter, { executionTimeoutSeconds: 31_622_400, retentionPeriodInDays: 1 });
    const running = service.startExecution({ functionName: "waiter" });
    await service.runUntilIdle();
    await service.advanceTime(13 * DAY);
    expect(service.getExecution(arns[1]!).Status).toBe("SUCCEEDED");
    await service.advanceTime(DAY + 1000);
    expect(() => service.getExecution(arns[0]!)).toThrow(/not found/);
    expect(service.getExecution(running).Status).toBe("RUNNING");
    expect(service.store.entryCounts()).toMatchObject({ executions: 1, retained: 0 });
    service.close();
  });

  it("retentionMs overrides every function's retentionPeriodInDays", async () => {
    const service = new LocalDurableService({ startTime: T0, retentionMs: 60_000 });
    service.registerFunction("orders", workflow, { retentionPeriodInDays: 90 });
    const { arns } = await finishExecutions(service, "orders", 3);
    await service.advanceTime(60_000);
    expect(() => service.getExecution(arns[2]!)).toThrow(/not found/);
    expect(service.store.entryCounts()).toEqual(EMPTY);
    service.close();
  });

  it("on a real clock the finished execution is evicted while the service is idle (no lookup needed)", async () => {
    const service = new LocalDurableService({ clock: "real", retentionMs: 1000 });
    service.registerFunction("quick", withDurableExecution(async () => "done") as unknown as DurableFunctionHandler);
    const arn = service.startExecution({ functionName: "quick" });
    await service.waitForCompletion(arn, { timeoutMs: 10_000 });
    expect(service.store.entryCounts().executions).toBe(1);
    for (let i = 0; i < 1000 && service.store.entryCounts().executions > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(service.store.entryCounts()).toEqual(EMPTY);
    service.close();
  });

  it("bad settings are typed errors naming the field and the range", () => {
    const service = new LocalDurableService();
    for (const bad of [0, 91, 1.5, "14"]) {
      expect(() => service.registerFunction("f", workflow, { retentionPeriodInDays: bad as never })).toThrow(
        /retentionPeriodInDays of function f must be a whole number of days from 1 to 90/,
      );
    }
    for (const bad of [-1, 0, 999, Number.NaN, Infinity, "1h"]) {
      expect(() => new LocalDurableService({ retentionMs: bad as never })).toThrow(/retentionMs must be a finite number of milliseconds, at least 1000/);
    }
    service.close();
  });
});

const sqliteMissing = await sqliteUnavailableReason();
if (sqliteMissing) console.warn(`retention SQLite tests skipped: ${sqliteMissing}`);

describe.skipIf(sqliteMissing !== undefined)("retention in the SQLite file", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function rowCounts(path: string): Promise<Record<string, number>> {
    return (async () => {
      const { default: Database } = (await import("better-sqlite3" as string)) as { default: new (p: string, o?: object) => { prepare(sql: string): { get(): { n: number } }; close(): void } };
      const db = new Database(path, { readonly: true });
      const counts: Record<string, number> = {};
      for (const table of ["executions", "operations", "events", "timers"]) counts[table] = db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
      db.close();
      return counts;
    })();
  }

  it("evicted executions' rows are deleted; a restart keeps the rest and evicts on schedule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-retention-"));
    dirs.push(dir);
    const path = join(dir, "dev.sqlite");
    let db = await SqlitePersistence.open(path);
    let service = new LocalDurableService({ startTime: T0, journal: db });
    service.registerFunction("short", workflow, { retentionPeriodInDays: 1 });
    service.registerFunction("long", workflow, { retentionPeriodInDays: 3 });
    const short = await finishExecutions(service, "short", 3);
    const long = await finishExecutions(service, "long", 2);
    service.close();
    db.close();
    const full = await rowCounts(path);
    expect(full.executions).toBe(5);

    // Restart two days later: the short-lived ones go, the others stay until their 3 days are over.
    db = await SqlitePersistence.open(path);
    service = new LocalDurableService({ startTime: T0 + 2 * DAY, journal: db });
    service.registerFunction("short", workflow, { retentionPeriodInDays: 1 });
    service.registerFunction("long", workflow, { retentionPeriodInDays: 3 });
    service.restore(db.load());
    expect(() => service.getExecution(short.arns[0]!)).toThrow(/not found/);
    expect(service.getExecution(long.arns[0]!).Status).toBe("SUCCEEDED");
    service.close();
    db.close();
    const after = await rowCounts(path);
    expect(after.executions).toBe(2);
    expect(after.operations).toBe((full.operations * 2) / 5);
    expect(after.events).toBe((full.events * 2) / 5);
    expect(after.timers).toBe(0);

    db = await SqlitePersistence.open(path);
    service = new LocalDurableService({ startTime: T0 + 4 * DAY, journal: db });
    service.registerFunction("long", workflow, { retentionPeriodInDays: 3 });
    service.restore(db.load());
    expect(service.listExecutions("long")).toEqual([]);
    service.close();
    db.close();
    expect(await rowCounts(path)).toEqual({ executions: 0, operations: 0, events: 0, timers: 0 });
  });
});
