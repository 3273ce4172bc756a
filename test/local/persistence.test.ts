/**
 * Persistence of the local durable service: the store's write-through journal, snapshot/restore
 * (resuming timers, callbacks, chained invokes, pending and crashed invocations) and the SQLite
 * journal of the dev server. The SQLite tests are skipped, with the reason printed, only when the
 * optional better-sqlite3 module cannot load on this machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import { withDurableExecution } from "../../src/index.js";
import { VirtualClock } from "../../src/local/clock.js";
import {
  decodeRow,
  encodeRow,
  type JournalBatch,
  type PersistedExecution,
  type PersistedTimer,
  type StoreJournal,
  type StoreSnapshot,
} from "../../src/local/persistence/journal.js";
import { PersistenceError, SqlitePersistence, sqliteUnavailableReason } from "../../src/local/persistence/sqlite.js";
import { historyToJson, LocalDurableService, type DurableFunctionHandler, type HistoryEvent } from "../../src/local/index.js";
import { DurableStore, RESTART_AFTER_PROGRESS_INVOCATION_ERROR, RESTART_INVOCATION_ERROR } from "../../src/local/store.js";
import { eventTypes, step, T0 } from "./helpers.js";

/** A journal keeping its rows in maps, with the SQLite journal's semantics (upserts, ordered timer changes). */
class MemoryJournal implements StoreJournal {
  readonly executions = new Map<string, { start: string; state: string | undefined }>();
  readonly operations = new Map<string, { executionKey: string; row: string }>();
  readonly events = new Map<string, { executionKey: string; row: string }>();
  readonly timers = new Map<string, PersistedTimer>();
  batches: JournalBatch[] = [];

  write(batch: JournalBatch): void {
    this.batches.push(batch);
    for (const row of batch.started) this.executions.set(row.key, { start: encodeRow(row), state: undefined });
    for (const row of batch.executions) {
      const execution = this.executions.get(row.key);
      if (!execution) throw new Error(`state of an execution that never started: ${row.key}`);
      execution.state = encodeRow(row);
    }
    for (const row of batch.operations) this.operations.set(`${row.executionKey}/${row.op.Id}`, { executionKey: row.executionKey, row: encodeRow(row) });
    for (const { executionKey, event } of batch.events) this.events.set(`${executionKey}/${event.EventId}`, { executionKey, row: encodeRow(event) });
    for (const { change, ...timer } of batch.timers) {
      const key = `${timer.executionKey}/${timer.operationId ?? ""}/${timer.kind}`;
      if (change === "armed") this.timers.set(key, timer);
      else if (this.timers.get(key)?.due === timer.due) this.timers.delete(key);
    }
    for (const row of batch.executions) {
      if (row.status === "RUNNING") continue;
      for (const [key, timer] of this.timers) if (timer.executionKey === row.key) this.timers.delete(key);
    }
  }

  snapshot(): StoreSnapshot {
    return {
      executions: [...this.executions.values()].map(({ start, state }) => ({ ...decodeRow<object>(start), ...decodeRow<PersistedExecution>(state!) })),
      operations: [...this.operations.values()].map(({ row }) => decodeRow(row)),
      events: [...this.events.values()].map(({ executionKey, row }) => ({ executionKey, event: decodeRow<HistoryEvent>(row) })),
      timers: [...this.timers.values()],
    };
  }
}

/**
 * Snapshot rows in a canonical order, as plain JSON, for comparisons: operations and events grouped
 * by execution (keeping their order within it), timers by key. Restore reads them the same way.
 */
function canonical(snapshot: StoreSnapshot): unknown {
  const rank = new Map(snapshot.executions.map((row, index) => [row.key, index]));
  const byExecution = <T extends { executionKey: string }>(rows: T[]) =>
    rows.map((row, index) => ({ row, index })).sort((a, b) => rank.get(a.row.executionKey)! - rank.get(b.row.executionKey)! || a.index - b.index).map(({ row }) => row);
  const timers = [...snapshot.timers].sort((a, b) =>
    `${a.executionKey}/${a.operationId ?? ""}/${a.kind}`.localeCompare(`${b.executionKey}/${b.operationId ?? ""}/${b.kind}`),
  );
  return JSON.parse(JSON.stringify({ ...snapshot, operations: byExecution(snapshot.operations), events: byExecution(snapshot.events), timers }));
}

const approvalFlow = withDurableExecution(async (event: { n: number }, ctx) => {
  const a = await ctx.step("a", async () => event.n + 1);
  await ctx.wait("pause", { seconds: 30 });
  const approval = await ctx.waitForCallback("approval", async () => undefined, { timeout: { hours: 1 } });
  const echoed = await ctx.invoke("echo", "echo", { a });
  const child = await ctx.invoke("child", "child", { a });
  return { a, approval, echoed, child };
}) as DurableFunctionHandler;

const childFlow = withDurableExecution(async (event: { a: number }, ctx) => {
  const answer = await ctx.waitForCallback("child-approval", async () => undefined);
  return { answer, a: event.a };
}) as DurableFunctionHandler;

/** One token secret for a service and the services restored from its state (as `durable dev` keeps it beside the database). */
const SECRET = Buffer.alloc(32, 7);

function serviceWith(journal: StoreJournal | undefined, startTime: number): LocalDurableService {
  const service = new LocalDurableService({ clock: new VirtualClock(startTime), journal, tokenSecret: SECRET });
  service.registerFunction("flow", approvalFlow).registerFunction("child", childFlow).registerPlainFunction("echo", (event) => event);
  return service;
}

/** The callback id of the waitForCallback named `name` (its CALLBACK runs inside the named CONTEXT). */
function openCallback(service: LocalDurableService, arn: string, name: string): string {
  const history = service.getHistory(arn);
  const context = history.find((event) => event.EventType === "ContextStarted" && event.Name === name);
  const started = history.find((event) => event.EventType === "CallbackStarted" && event.ParentId === context?.Id);
  expect(started, `CallbackStarted in ${name}`).toBeDefined();
  return started!.CallbackStartedDetails!.CallbackId;
}

describe("DurableStore journal and restore (in memory)", () => {
  it("the journal's rows always equal the store's snapshot; restoring them in another service resumes the executions to the same end", async () => {
    const journal = new MemoryJournal();
    const a = serviceWith(journal, T0);
    const arn = a.startExecution({ functionName: "flow", input: { n: 1 }, executionName: "order-7" });
    await a.runUntilIdle({ until: T0 + 60_000 }); // past the 30 s wait, not to the callback's 1 h timeout
    expect(a.getExecution(arn).Status).toBe("RUNNING");
    expect(canonical(journal.snapshot())).toEqual(canonical(a.store.snapshot()));
    expect(journal.batches.length).toBeGreaterThan(3);
    const before = historyToJson(a.getHistory(arn));

    // "Restart": a new service (its clock a minute later) on the same journal, from its rows only.
    const batches = journal.batches.length;
    const b = serviceWith(journal, a.clock.now() + 60_000);
    b.restore(journal.snapshot());
    expect(historyToJson(b.getHistory(arn))).toEqual(before);
    expect(journal.batches.length).toBe(batches); // restoring writes nothing back
    expect(() => b.startExecution({ functionName: "flow", input: { n: 2 }, executionName: "order-7" })).toThrow(/already started with a different input/);
    expect(b.startExecution({ functionName: "flow", input: { n: 1 }, executionName: "order-7" })).toBe(arn);

    b.sendCallbackSuccess(openCallback(b, arn, "approval"), '"yes"');
    await b.runReady();
    const childArn = b.listExecutions("child")[0].DurableExecutionArn;
    expect(b.getExecution(childArn).Status).toBe("RUNNING");
    expect(canonical(journal.snapshot())).toEqual(canonical(b.store.snapshot()));

    // Another restart, with a parent and a child execution in flight.
    const c = serviceWith(undefined, b.clock.now());
    c.restore(journal.snapshot());
    c.sendCallbackSuccess(openCallback(c, childArn, "child-approval"), '"child-yes"');
    const done = await c.waitForCompletion(arn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result!)).toEqual({ a: 2, approval: '"yes"', echoed: { a: 2 }, child: { answer: '"child-yes"', a: 2 } });
    const events = c.getHistory(arn);
    expect(events.map((event) => event.EventId)).toEqual(events.map((_, index) => index + 1));
    expect(historyToJson(events.slice(0, before.length))).toEqual(before);
    expect(eventTypes(events).slice(-3)).toEqual(["ChainedInvokeSucceeded", "InvocationCompleted", "ExecutionSucceeded"]);
  });

  it("restores a WAIT timer that fires at its original due time", async () => {
    const journal = new MemoryJournal();
    const a = new LocalDurableService({ clock: new VirtualClock(T0), journal, tokenSecret: SECRET });
    const waiter = withDurableExecution(async (_event, ctx) => {
      await ctx.wait("nap", { minutes: 5 });
      return "rested";
    }) as DurableFunctionHandler;
    a.registerFunction("waiter", waiter);
    const arn = a.startExecution({ functionName: "waiter" });
    await a.runReady();
    expect(journal.snapshot().timers).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "wait", due: T0 + 300_000 }), expect.objectContaining({ kind: "execution-timeout" })]),
    );
    const clock = new VirtualClock(T0 + 1_000);
    const b = new LocalDurableService({ clock, tokenSecret: SECRET });
    b.registerFunction("waiter", waiter);
    b.restore(journal.snapshot());
    const done = await b.waitForCompletion(arn);
    expect(done).toMatchObject({ Status: "SUCCEEDED", Result: '"rested"' });
    const succeeded = b.getHistory(arn).find((event) => event.EventType === "WaitSucceeded")!;
    expect(succeeded.EventTimestamp.getTime()).toBe(T0 + 300_000);
  });
});

describe("DurableStore restore: what was in flight", () => {
  function store(clock = new VirtualClock(T0)) {
    const ready: string[] = [];
    const s = new DurableStore({ clock, lookupFunction: (name) => (name === "plain" ? { kind: "plain" } : name === "fn" ? { kind: "durable" } : undefined) });
    s.listener = { onReady: (record) => ready.push(record.arn), onFinished: () => undefined, onLaunch: () => undefined };
    return { store: s, ready, clock };
  }

  function started(s: DurableStore) {
    const { record } = s.createExecution({ functionName: "fn", inputPayload: "{}" });
    const { input } = s.beginInvocation(record);
    let token = input.CheckpointToken;
    const send = (updates: OperationUpdate[]) => {
      token = s.checkpoint({ DurableExecutionArn: record.arn, CheckpointToken: token, Updates: updates }).CheckpointToken!;
    };
    return { record, send };
  }

  it("an invocation alive at snapshot time, before any checkpoint, ends as Runtime.ExitError: a counted failure, re-invoked after the backoff", () => {
    const a = store();
    const { record } = started(a.store);
    const b = store();
    b.store.restore(a.store.snapshot());
    const restored = b.store.getRecord(record.arn);
    expect(restored.invocation).toBeUndefined();
    expect(eventTypes(b.store.getHistory(record.arn))).toEqual(["ExecutionStarted", "InvocationCompleted"]);
    expect(b.store.getHistory(record.arn)[1].InvocationCompletedDetails!.Error!.Payload).toEqual(RESTART_INVOCATION_ERROR);
    expect(restored.consecutiveInvocationErrors).toBe(1);
    // A counted failure: the re-invocation waits for the first backoff step (1 s).
    expect(b.ready).toEqual([]);
    b.clock.advanceTo(T0 + 999);
    b.store.fireDueTimers();
    expect(b.ready).toEqual([]);
    b.clock.advanceTo(T0 + 1000);
    b.store.fireDueTimers();
    expect(b.ready).toEqual([record.arn]);
    // The stale token died with the invocation; a new invocation gets a fresh one.
    const begun = b.store.beginInvocation(restored);
    expect(begun.input.InitialExecutionState.Operations!.map((op) => op.Id)).toEqual([record.executionOperationId]);
  });

  it("an invocation cut by a crash after it checkpointed is not counted: three crash-restarts in a row leave the execution running, re-invoked at once", () => {
    let current = store();
    const { record, send } = started(current.store);
    send([step("s1", "START"), step("s1", "SUCCEED", { Payload: "1" })]);
    for (let crash = 1; crash <= 3; crash++) {
      const next = store(new VirtualClock(T0));
      next.store.restore(current.store.snapshot());
      const restored = next.store.getRecord(record.arn);
      const completed = next.store.getHistory(record.arn).filter((event) => event.EventType === "InvocationCompleted");
      expect(completed).toHaveLength(crash);
      expect(completed.at(-1)!.InvocationCompletedDetails!.Error!.Payload).toEqual(RESTART_AFTER_PROGRESS_INVOCATION_ERROR);
      expect(restored.consecutiveInvocationErrors).toBe(0);
      expect(restored.isRunning).toBe(true);
      expect(next.ready).toEqual([record.arn]); // no backoff: not a failure
      // The next invocation makes progress again before the next crash.
      const { input } = next.store.beginInvocation(restored);
      next.store.checkpoint({ DurableExecutionArn: record.arn, CheckpointToken: input.CheckpointToken, Updates: [step(`s${crash + 1}`, "START")] });
      current = next;
    }
  });

  it("an execution stopped during the alive invocation gets InvocationCompleted, then ExecutionStopped", () => {
    const a = store();
    const { record } = started(a.store);
    a.store.stopExecution(record.arn, { ErrorMessage: "stop" });
    expect(eventTypes(a.store.getHistory(record.arn))).toEqual(["ExecutionStarted"]);
    const b = store();
    b.store.restore(a.store.snapshot());
    expect(eventTypes(b.store.getHistory(record.arn))).toEqual(["ExecutionStarted", "InvocationCompleted", "ExecutionStopped"]);
    expect(b.store.describe(b.store.getRecord(record.arn))).toMatchObject({ Status: "STOPPED", Error: { ErrorMessage: "stop" } });
    expect(b.ready).toEqual([]);
  });

  it("a chained invoke of a plain function is launched again; an execution waiting for its first invocation asks for it", () => {
    const a = store();
    const { record, send } = started(a.store);
    send([{ Id: "i1", Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Action: "START", Payload: '{"x":1}', ChainedInvokeOptions: { FunctionName: "plain", TenantId: "t1" } }]);
    a.store.completeInvocation(record, { kind: "returned", output: { Status: "PENDING" } });
    const { record: fresh } = a.store.createExecution({ functionName: "fn", inputPayload: "{}" });
    const b = store();
    b.store.restore(a.store.snapshot());
    expect(b.ready).toEqual([fresh.arn]);
    expect(b.store.takeLaunches()).toEqual([
      expect.objectContaining({ operationId: "i1", functionName: "plain", payload: '{"x":1}', tenantId: "t1", found: true }),
    ]);
  });

  it("refuses a non-empty store and a snapshot whose parent execution is missing", () => {
    const a = store();
    started(a.store);
    expect(() => a.store.restore(a.store.snapshot())).toThrow(/needs an empty store/);
    const snapshot = a.store.snapshot();
    snapshot.executions[0] = { ...snapshot.executions[0], parentKey: "gone", parentOperationId: "x" };
    expect(() => store().store.restore(snapshot)).toThrow(/parent execution gone is missing/);
  });
});

const sqliteMissing = await sqliteUnavailableReason();
if (sqliteMissing) console.warn(`Skipping the SQLite persistence tests: ${sqliteMissing}`);

describe.skipIf(sqliteMissing !== undefined)("SQLite journal (better-sqlite3)", () => {
  const dirs: string[] = [];
  const open: SqlitePersistence[] = [];
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-db-"));
    dirs.push(dir);
    return join(dir, "nested", "dev.sqlite");
  };
  const openDb = async (path: string) => {
    const db = await SqlitePersistence.open(path);
    open.push(db);
    return db;
  };

  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("writes through every change; a service restored from the file after a crash finishes the executions", async () => {
    const path = tempDb();
    const db = await openDb(path);
    const a = serviceWith(db, T0);
    const arn = a.startExecution({ functionName: "flow", input: { n: 41 } });
    await a.runUntilIdle({ until: T0 + 60_000 });
    const before = historyToJson(a.getHistory(arn));
    expect(canonical(db.load())).toEqual(canonical(a.store.snapshot()));
    db.close(); // the process "dies" here: nothing else is written

    const reopened = await openDb(path);
    const b = serviceWith(reopened, a.clock.now());
    b.restore(reopened.load());
    expect(historyToJson(b.getHistory(arn))).toEqual(before);
    b.sendCallbackSuccess(openCallback(b, arn, "approval"), '"ok"');
    await b.runReady();
    const childArn = b.listExecutions("child")[0].DurableExecutionArn;
    b.sendCallbackSuccess(openCallback(b, childArn, "child-approval"), '"ok too"');
    const done = await b.waitForCompletion(arn);
    expect(JSON.parse(done.Result!)).toMatchObject({ a: 42, child: { answer: '"ok too"' } });
    const stored = reopened.load();
    expect(canonical(stored)).toEqual(canonical(b.store.snapshot()));
    expect(stored.timers).toEqual([]); // finished executions keep no timers
  });

  it("replace() stores a snapshot that load() returns unchanged (Dates included)", async () => {
    const memory = serviceWith(undefined, T0);
    memory.startExecution({ functionName: "flow", input: { n: 1 } });
    await memory.runUntilIdle({ until: T0 + 60_000 });
    const snapshot = memory.store.snapshot();
    const db = await openDb(tempDb());
    db.replace(snapshot);
    const loaded = db.load();
    expect(canonical(loaded)).toEqual(canonical(snapshot));
    expect(loaded.operations[0].op.StartTimestamp).toBeInstanceOf(Date);
    expect(loaded.events[0].event.EventTimestamp).toBeInstanceOf(Date);
  });

  it("one process at a time; unknown schema versions and corrupt rows are refused with clear errors", async () => {
    const path = tempDb();
    const db = await openDb(path);
    await expect(SqlitePersistence.open(path)).rejects.toThrow(/in use by another process/);
    await expect(SqlitePersistence.open("")).rejects.toThrow(PersistenceError);
    db.close();

    const Driver = ((await import("better-sqlite3" as string)) as { default: new (path: string) => { exec(sql: string): void; close(): void } }).default;
    const raw = new Driver(path);
    raw.exec("UPDATE meta SET value = '99' WHERE key = 'schema'");
    raw.close();
    await expect(SqlitePersistence.open(path)).rejects.toThrow(/schema version 99; this version of durable-execution-sdk reads versions 1 and 2 \(a newer durable-execution-sdk wrote it\?\)\. Use that version, or another database file/);

    const other = tempDb();
    (await openDb(other)).close();
    const raw2 = new Driver(other);
    raw2.exec("INSERT INTO executions (key, status, start, state) VALUES ('k', 'RUNNING', '{broken', '{}')");
    raw2.close();
    const corrupt = await openDb(other);
    expect(() => corrupt.load()).toThrow(/Corrupt row in table executions/);
  });
});
