/**
 * The SQLite file stores each payload once (issue 14, defect 8): a 100 KB result used to be written
 * in the step's operation row, its StepSucceeded event, the execution's state row and its
 * ExecutionSucceeded event. Now long strings live in the payloads table (schema version 2) and rows
 * refer to them; counted by occurrences of the payload's bytes in the database file. Reopening the
 * file gives the same history and operation state; a version 1 file is migrated on open.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import { encodeRow, type StoreSnapshot } from "../../src/local/persistence/journal.js";
import { SCHEMA_VERSION, SqlitePersistence, sqliteUnavailableReason } from "../../src/local/persistence/sqlite.js";
import { historyToJson, LocalDurableService, type DurableFunctionHandler } from "../../src/local/index.js";
import { T0 } from "./helpers.js";

const SECRET = new Uint8Array(32).fill(7);

/** Makes a ~100 KB string starting with a unique marker, returns it from a step, waits on a callback, then returns it. */
function bigResultFlow(marker: string) {
  return withDurableExecution(async (_event: unknown, context) => {
    const big = await context.step("make", async () => `${marker}${"x".repeat(100 * 1024)}`);
    const [approval] = await context.createCallback<string>("approve");
    await approval;
    return big;
  }) as unknown as DurableFunctionHandler;
}

function occurrences(path: string, marker: string): number {
  let count = 0;
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    const needle = Buffer.from(marker);
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) count++;
  }
  return count;
}

function service(journal: SqlitePersistence, startTime: number, handler: DurableFunctionHandler): LocalDurableService {
  return new LocalDurableService({ startTime, journal, tokenSecret: SECRET }).registerFunction("big", handler);
}

function callbackId(svc: LocalDurableService, arn: string): string {
  return svc.getOperations(arn).find((op) => op.Name === "approve")!.CallbackDetails!.CallbackId!;
}

const sqliteMissing = await sqliteUnavailableReason();
if (sqliteMissing) console.warn(`SQLite payload tests skipped: ${sqliteMissing}`);

type RawDb = { exec(sql: string): void; prepare(sql: string): { run(...args: unknown[]): unknown }; close(): void };

describe.skipIf(sqliteMissing !== undefined)("SQLite stores each payload once", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-payloads-"));
    dirs.push(dir);
    return join(dir, "dev.sqlite");
  };

  it("a 100 KB result is in the file once (it is in 4 places of the state); a restart gives the same history and state", async () => {
    const marker = `RESULT-${randomUUID()}-`;
    const handler = bigResultFlow(marker);
    const path = tempPath();
    let db = await SqlitePersistence.open(path);
    let svc = service(db, T0, handler);
    const arn = svc.startExecution({ functionName: "big", input: { note: randomBytes(8).toString("hex") } });
    await svc.runUntilIdle();
    const operationsWaiting = svc.getOperations(arn);
    const historyWaiting = historyToJson(svc.getHistory(arn, { includeExecutionData: true }));
    svc.close();
    db.close();
    expect(occurrences(path, marker)).toBe(1); // the step's operation and its StepSucceeded event

    // Restart while the execution waits on its callback: identical state and history.
    db = await SqlitePersistence.open(path);
    svc = service(db, T0, handler);
    svc.restore(db.load());
    expect(svc.getOperations(arn)).toEqual(operationsWaiting);
    expect(historyToJson(svc.getHistory(arn, { includeExecutionData: true }))).toEqual(historyWaiting);
    // GetDurableExecutionState, as the next invocation reads it.
    const begun = svc.store.beginInvocation(svc.store.getRecord(arn));
    const state = svc.store.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: begun.input.CheckpointToken });
    expect(state.Operations!.find((op) => op.Name === "make")!.StepDetails!.Result).toBe(JSON.stringify(`${marker}${"x".repeat(100 * 1024)}`));
    svc.store.completeInvocation(svc.store.getRecord(arn), { kind: "returned", output: { Status: "PENDING" } });

    svc.sendCallbackSuccess(callbackId(svc, arn), '"yes"');
    const done = await svc.waitForCompletion(arn);
    expect(JSON.parse(done.Result!)).toBe(`${marker}${"x".repeat(100 * 1024)}`);
    const historyDone = historyToJson(svc.getHistory(arn, { includeExecutionData: true }));
    const operationsDone = svc.getOperations(arn);
    svc.close();
    db.close();
    // Step operation, StepSucceeded, the execution's result and ExecutionSucceeded: one copy.
    expect(occurrences(path, marker)).toBe(1);

    db = await SqlitePersistence.open(path);
    svc = service(db, T0, handler);
    svc.restore(db.load());
    expect(historyToJson(svc.getHistory(arn, { includeExecutionData: true }))).toEqual(historyDone);
    expect(svc.getOperations(arn)).toEqual(operationsDone);
    expect(svc.getExecution(arn)).toEqual(done);
    svc.close();
    db.close();
  });

  it(`a version 1 file (payloads inline) is migrated to version ${SCHEMA_VERSION} on open: same state, payloads once`, async () => {
    const marker = `V1-${randomUUID()}-`;
    const handler = bigResultFlow(marker);
    // The state of a finished execution, taken in memory…
    const memory = new LocalDurableService({ startTime: T0, tokenSecret: SECRET }).registerFunction("big", handler);
    const arn = memory.startExecution({ functionName: "big" });
    await memory.runUntilIdle();
    memory.sendCallbackSuccess(callbackId(memory, arn), '"yes"');
    await memory.runUntilIdle();
    const snapshot: StoreSnapshot = memory.store.snapshot();
    const history = historyToJson(memory.getHistory(arn, { includeExecutionData: true }));

    // …written as version 1 wrote it: every row's JSON inline, no payloads table.
    const path = tempPath();
    (await SqlitePersistence.open(path)).close();
    const Driver = ((await import("better-sqlite3" as string)) as { default: new (path: string) => RawDb }).default;
    const raw = new Driver(path);
    raw.exec("DROP TABLE payloads; UPDATE meta SET value = '1' WHERE key = 'schema'");
    for (const row of snapshot.executions) {
      const { status, result, error, endTimestamp, tokenSeq, invocation, invocationCount, consecutiveInvocationErrors, externallyUpdated, needsInvocation, ...start } = row;
      const state = { key: row.key, status, result, error, endTimestamp, tokenSeq, invocation, invocationCount, consecutiveInvocationErrors, externallyUpdated, needsInvocation };
      raw.prepare("INSERT INTO executions (key, status, start, state) VALUES (?, ?, ?, ?)").run(row.key, status, encodeRow(start), encodeRow(state));
    }
    for (const { executionKey, ...row } of snapshot.operations) raw.prepare("INSERT INTO operations (execution_key, id, data) VALUES (?, ?, ?)").run(executionKey, row.op.Id, encodeRow(row));
    for (const { executionKey, event } of snapshot.events) raw.prepare("INSERT INTO events (execution_key, event_id, data) VALUES (?, ?, ?)").run(executionKey, event.EventId, encodeRow(event));
    raw.close();
    expect(occurrences(path, marker)).toBeGreaterThanOrEqual(4);

    const db = await SqlitePersistence.open(path);
    const restored = service(db, T0, handler);
    restored.restore(db.load());
    expect(historyToJson(restored.getHistory(arn, { includeExecutionData: true }))).toEqual(history);
    expect(restored.getOperations(arn)).toEqual(memory.getOperations(arn));
    restored.close();
    db.close();
    memory.close();
    const check = new Driver(path) as unknown as { prepare(sql: string): { get(): { value: string } }; exec(sql: string): void; close(): void };
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema'").get().value).toBe(SCHEMA_VERSION);
    check.exec("VACUUM"); // drop the freed pages that still hold the version 1 copies
    check.close();
    expect(occurrences(path, marker)).toBe(1);
  });
});
