/**
 * SQLite persistence for the local durable service (the dev server's database file), on the optional
 * dependency `better-sqlite3`, which is loaded only here and only when asked for. Rows are written
 * through on every store change (one transaction per batch) and loaded back as a `StoreSnapshot`.
 *
 * Tables: executions (the fixed part written once, the state rewritten as it changes), operations
 * (upserted by key; `seq` keeps creation / start order), events (append-only, by EventId), timers
 * (one per execution, operation and kind) and payloads. Rows hold JSON; timestamps inside
 * operations and events are ISO strings revived to Dates on load.
 *
 * Payloads are stored once: a payload is in an operation (StepDetails.Result), in its history event
 * (StepSucceeded's Result.Payload) and, for inputs and results, in the execution row too. Every long
 * string (and any string starting with the reference marker) goes to the payloads table, keyed by
 * execution and SHA-256, and the row holds a short reference; equal payloads of an execution share
 * one row. Schema version 2; a version 1 file (payloads inline) is migrated on open, in one
 * transaction.
 */
import { createHash } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { ExecutionStatus } from "../../generated/index.js";
import { PRIVATE_FILE_MODE } from "../token-signer.js";
import {
  decodeRow,
  encodeRow,
  type JournalBatch,
  type PersistedEvent,
  splitExecution,
  type PersistedExecution,
  type PersistedExecutionStart,
  type PersistedExecutionState,
  type PersistedOperation,
  type PersistedTimer,
  type StoreJournal,
  type StoreSnapshot,
} from "./journal.js";

/** The part of better-sqlite3's API used here. */
interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): unknown;
}
type DatabaseConstructor = new (path: string, options?: { timeout?: number }) => Database;

/** better-sqlite3 is not installed or its native module does not load on this machine. */
export class PersistenceUnavailableError extends Error {
  override readonly name = "PersistenceUnavailableError";
}

/** The database cannot be used (another server holds it, unknown schema, corrupt rows). */
export class PersistenceError extends Error {
  override readonly name = "PersistenceError";
}

export const SCHEMA_VERSION = "2";
/** Versions `open` migrates to {@link SCHEMA_VERSION}: 1 held payloads inline in every row. */
const MIGRATED_VERSIONS = new Set(["1"]);
/** Strings of at least this many characters are stored in the payloads table. */
export const PAYLOAD_MIN_CHARS = 256;
/** Starts a reference to a payload row (followed by the payload's SHA-256, hex). */
const PAYLOAD_REF = "\u0000payload:";

let driver: Promise<DatabaseConstructor> | undefined;

/** Loads better-sqlite3 and checks that its native module works; rejects with PersistenceUnavailableError. */
export function loadSqliteDriver(): Promise<DatabaseConstructor> {
  driver ??= loadSqliteDriverFrom(import.meta.url);
  driver.catch(() => {
    driver = undefined;
  });
  return driver;
}

/** The better-sqlite3 major this package declares (its optional dependency); the one every supported Node runs. */
const SUPPORTED_DRIVER = "better-sqlite3@12";
const INSTALL_FIX = `Install it with \`npm install ${SUPPORTED_DRIVER}\` (it builds from source when no prebuilt binary fits; that needs python3, make and a C++ compiler).`;

/**
 * Loads better-sqlite3 as a module at `base` (a file URL or path) resolves it — the package's own
 * optional dependency first, then the project's — and opens an in-memory database to see that its
 * native module works. Each way it can fail gets its own fix:
 * - not installed;
 * - installed for a newer Node than this one (its `engines`, e.g. better-sqlite3 13's ">=22"): refused
 *   before it is loaded, because such a build can crash the process (13 on Node 20 ends it with a
 *   segmentation fault) rather than throw;
 * - installed but never built (its install script did not run: `--ignore-scripts`, or an npm that runs a
 *   dependency's install script only when the project approves it);
 * - built for another Node version (NODE_MODULE_VERSION).
 */
export async function loadSqliteDriverFrom(base: string | URL): Promise<DatabaseConstructor> {
  const require = createRequire(base);
  const unavailableError = (why: string, fix: string): PersistenceUnavailableError =>
    new PersistenceUnavailableError(`SQLite persistence needs the optional dependency better-sqlite3, ${why}. ${fix}`);
  let manifestPath: string;
  try {
    manifestPath = require.resolve("better-sqlite3/package.json");
  } catch {
    throw unavailableError("which is not installed", INSTALL_FIX);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version?: string; engines?: { node?: string } };
  const needs = manifest.engines?.node;
  if (needs !== undefined && nodeIsBelow(needs, process.versions.node)) {
    throw unavailableError(
      `whose installed version ${manifest.version} needs Node.js ${needs} (this is ${process.version}; loading it here can crash the process)`,
      `Install ${SUPPORTED_DRIVER} (\`npm install ${SUPPORTED_DRIVER}\`), or run on a Node.js it supports.`,
    );
  }
  let constructor: DatabaseConstructor;
  try {
    const module = require("better-sqlite3") as DatabaseConstructor | { default: DatabaseConstructor };
    constructor = "default" in module ? module.default : module;
    // The native addon loads on first use: open and close an in-memory database to find out.
    new constructor(":memory:").close();
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (message.includes("NODE_MODULE_VERSION"))
      throw unavailableError(`whose native module was built for another Node.js version (${message})`, `Rebuild it for this one: \`npm rebuild better-sqlite3\`.`);
    if (message.includes("Could not locate the bindings file"))
      throw unavailableError(
        "whose native module was never built: its install script did not run (an install with --ignore-scripts, or an npm that runs a dependency's install script only once the project approves it)",
        "Approve it where npm asks (`npm install-scripts approve better-sqlite3`), then build it: `npm rebuild better-sqlite3`.",
      );
    throw unavailableError(`which could not be loaded: ${message}`, INSTALL_FIX);
  }
  return constructor;
}

/**
 * Whether `node` (e.g. "20.20.2") is below every alternative of an `engines.node` range made only of
 * lower bounds (">=22", ">=22.12.0", ">=20 || >=22"); a range of any other form is not judged (false):
 * the module is then loaded and its own error, if any, reported.
 */
export function nodeIsBelow(range: string, node: string): boolean {
  const alternatives = range.split("||").map((alternative) => alternative.trim().replace(/>=\s+/g, ">=").split(/\s+/));
  const bounds = alternatives.map((tokens) => (tokens.length === 1 ? /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(tokens[0]!)?.[1] : undefined));
  if (bounds.some((bound) => bound === undefined)) return false;
  const parts = (version: string) => [...version.split(".").map(Number), 0, 0].slice(0, 3);
  const below = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  return bounds.every((bound) => below(parts(node), parts(bound!)) < 0);
}

/** Why SQLite persistence cannot be used here, or undefined when it can. */
export async function sqliteUnavailableReason(): Promise<string | undefined> {
  try {
    await loadSqliteDriver();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  start TEXT NOT NULL,
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS operations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_key TEXT NOT NULL,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (execution_key, id)
);
CREATE TABLE IF NOT EXISTS events (
  execution_key TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (execution_key, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payloads (
  execution_key TEXT NOT NULL,
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (execution_key, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS timers (
  execution_key TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  due INTEGER NOT NULL,
  PRIMARY KEY (execution_key, operation_id, kind)
) WITHOUT ROWID;
`;

function parseRow<T>(table: string, text: string, restoreString?: (value: string) => string): T {
  try {
    return decodeRow<T>(text, restoreString);
  } catch (error) {
    if (error instanceof PersistenceError) throw error;
    throw new PersistenceError(`Corrupt row in table ${table}: ${(error as Error).message}`);
  }
}

/** A database file holding the state of one local durable service. */
export class SqlitePersistence implements StoreJournal {
  readonly path: string;
  private readonly db: Database;
  private readonly statements: {
    insertExecution: Statement;
    updateExecution: Statement;
    upsertOperation: Statement;
    insertEvent: Statement;
    armTimer: Statement;
    releaseTimer: Statement;
    clearTimers: Statement;
    evictExecution: Statement;
    evictOperations: Statement;
    evictEvents: Statement;
    insertPayload: Statement;
    evictPayloads: Statement;
  };
  private readonly writeBatch: (batch: JournalBatch) => void;
  private closed = false;

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
    this.statements = {
      insertExecution: db.prepare("INSERT INTO executions (key, status, start, state) VALUES (?, ?, ?, 'null')"),
      updateExecution: db.prepare("UPDATE executions SET status = ?, state = ? WHERE key = ?"),
      upsertOperation: db.prepare(
        "INSERT INTO operations (execution_key, id, data) VALUES (?, ?, ?) ON CONFLICT (execution_key, id) DO UPDATE SET data = excluded.data",
      ),
      insertEvent: db.prepare("INSERT OR REPLACE INTO events (execution_key, event_id, data) VALUES (?, ?, ?)"),
      armTimer: db.prepare(
        "INSERT INTO timers (execution_key, operation_id, kind, due) VALUES (?, ?, ?, ?) ON CONFLICT (execution_key, operation_id, kind) DO UPDATE SET due = excluded.due",
      ),
      releaseTimer: db.prepare("DELETE FROM timers WHERE execution_key = ? AND operation_id = ? AND kind = ? AND due = ?"),
      clearTimers: db.prepare("DELETE FROM timers WHERE execution_key = ?"),
      evictExecution: db.prepare("DELETE FROM executions WHERE key = ?"),
      evictOperations: db.prepare("DELETE FROM operations WHERE execution_key = ?"),
      evictEvents: db.prepare("DELETE FROM events WHERE execution_key = ?"),
      insertPayload: db.prepare("INSERT OR IGNORE INTO payloads (execution_key, hash, text) VALUES (?, ?, ?)"),
      evictPayloads: db.prepare("DELETE FROM payloads WHERE execution_key = ?"),
    };
    this.writeBatch = db.transaction((batch: JournalBatch) => this.apply(batch));
  }

  /**
   * Opens (creating if needed) the database at `path` and takes an exclusive lock on it for this
   * process. Rejects with PersistenceUnavailableError without better-sqlite3, PersistenceError when
   * the file is in use by another process or has another schema.
   */
  static async open(path: string): Promise<SqlitePersistence> {
    if (typeof path !== "string" || path.length === 0) throw new PersistenceError("The database path must be a non-empty string");
    const Driver = await loadSqliteDriver();
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true });
      // Owner-only: the file holds every execution's inputs and results. SQLite gives its -wal and
      // -shm files the database file's permissions.
      try {
        closeSync(openSync(path, "a", PRIVATE_FILE_MODE));
        chmodSync(path, PRIVATE_FILE_MODE);
      } catch (error) {
        throw new PersistenceError(`Cannot create database ${path}: ${(error as Error).message}`);
      }
    }
    let db: Database;
    try {
      db = new Driver(path, { timeout: 250 });
    } catch (error) {
      throw new PersistenceError(`Cannot open database ${path}: ${(error as Error).message}`);
    }
    try {
      db.pragma("locking_mode = EXCLUSIVE");
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec("BEGIN EXCLUSIVE; COMMIT;");
    } catch (error) {
      db.close();
      const message = (error as Error).message;
      throw new PersistenceError(
        /locked|busy/i.test(message)
          ? `Database ${path} is in use by another process (is another dev server running on it?)`
          : `Cannot use database ${path}: ${message}`,
      );
    }
    let migrateFrom: string | undefined;
    try {
      db.exec(SCHEMA);
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
      if (!row) db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
      else if (MIGRATED_VERSIONS.has(row.value)) migrateFrom = row.value;
      else if (row.value !== SCHEMA_VERSION) {
        throw new PersistenceError(
          `Database ${path} has schema version ${row.value}; this version of durable-execution-sdk reads versions ${[...MIGRATED_VERSIONS, SCHEMA_VERSION].join(" and ")} ` +
            `(a newer durable-execution-sdk wrote it?). Use that version, or another database file (--db).`,
        );
      }
    } catch (error) {
      db.close();
      if (error instanceof PersistenceError) throw error;
      throw new PersistenceError(`Cannot use database ${path}: ${(error as Error).message}`);
    }
    const persistence = new SqlitePersistence(path, db);
    if (migrateFrom !== undefined) {
      try {
        persistence.migrate();
      } catch (error) {
        db.close();
        throw new PersistenceError(`Cannot migrate database ${path} from schema version ${migrateFrom} to ${SCHEMA_VERSION}: ${(error as Error).message}`);
      }
    }
    return persistence;
  }

  /** Everything stored, in the shape `DurableStore.restore` takes. */
  load(): StoreSnapshot {
    this.assertOpen();
    return this.readAll(true);
  }

  /** Rewrites a version-1 file (payloads inline) in the current schema, in one transaction. */
  private migrate(): void {
    this.db.transaction(() => {
      // Version 1 rows hold no references: read them as they are (a string that happens to look
      // like a reference is data there), then write everything back with payloads stored once.
      const snapshot = this.readAll(false);
      this.replaceAll(snapshot);
      this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(SCHEMA_VERSION);
    })();
  }

  /** The payload text behind each reference, per execution: `restore(key)` maps a row's strings back. */
  private payloadResolver(): (executionKey: string) => (value: string) => string {
    const texts = new Map<string, string>();
    for (const row of this.db.prepare("SELECT execution_key, hash, text FROM payloads").all() as { execution_key: string; hash: string; text: string }[]) {
      texts.set(`${row.execution_key}\u0000${row.hash}`, row.text);
    }
    return (executionKey) => (value) => {
      if (!value.startsWith(PAYLOAD_REF)) return value;
      const text = texts.get(`${executionKey}\u0000${value.slice(PAYLOAD_REF.length)}`);
      if (text === undefined) throw new PersistenceError(`Corrupt row: execution ${executionKey} refers to payload ${value.slice(PAYLOAD_REF.length, PAYLOAD_REF.length + 16)}…, which the payloads table lacks`);
      return text;
    };
  }

  private readAll(withPayloads: boolean): StoreSnapshot {
    const resolver = withPayloads ? this.payloadResolver() : undefined;
    const restore = (key: string) => resolver?.(key);
    const executions = (this.db.prepare("SELECT key, start, state FROM executions ORDER BY seq").all() as { key: string; start: string; state: string }[]).map(
      (row): PersistedExecution => {
        const state = parseRow<PersistedExecutionState | null>("executions", row.state, restore(row.key));
        if (state === null) throw new PersistenceError(`Corrupt row in table executions: execution ${row.key} has no state`);
        return { ...parseRow<PersistedExecutionStart>("executions", row.start, restore(row.key)), ...state };
      },
    );
    const operations = (this.db.prepare("SELECT execution_key, data FROM operations ORDER BY seq").all() as { execution_key: string; data: string }[]).map(
      (row) => ({ ...parseRow<Omit<PersistedOperation, "executionKey">>("operations", row.data, restore(row.execution_key)), executionKey: row.execution_key }),
    );
    const events = (
      this.db.prepare("SELECT execution_key, data FROM events ORDER BY execution_key, event_id").all() as { execution_key: string; data: string }[]
    ).map((row): PersistedEvent => ({ executionKey: row.execution_key, event: parseRow("events", row.data, restore(row.execution_key)) }));
    const timers = (
      this.db.prepare("SELECT execution_key, operation_id, kind, due FROM timers ORDER BY due").all() as {
        execution_key: string;
        operation_id: string;
        kind: PersistedTimer["kind"];
        due: number;
      }[]
    ).map((row): PersistedTimer => ({
      executionKey: row.execution_key,
      kind: row.kind,
      due: row.due,
      ...(row.operation_id !== "" ? { operationId: row.operation_id } : {}),
    }));
    return { executions, operations, events, timers };
  }

  /** StoreJournal: writes one batch in one transaction. */
  write(batch: JournalBatch): void {
    this.assertOpen();
    this.writeBatch(batch);
  }

  /** Replaces everything stored with `snapshot` (e.g. `store.snapshot()` of an in-memory service). */
  replace(snapshot: StoreSnapshot): void {
    this.assertOpen();
    this.db.transaction(() => this.replaceAll(snapshot))();
  }

  private replaceAll(snapshot: StoreSnapshot): void {
    this.db.exec("DELETE FROM executions; DELETE FROM operations; DELETE FROM events; DELETE FROM timers; DELETE FROM payloads;");
    const rows = snapshot.executions.map(splitExecution);
    this.apply({
      started: rows.map((row) => row.start),
      executions: rows.map((row) => row.state),
      operations: snapshot.operations,
      events: snapshot.events,
      timers: snapshot.timers.map((timer) => ({ ...timer, change: "armed" as const })),
    });
  }

  /** The row text of `row` of execution `executionKey`, its long strings stored (once) in the payloads table. */
  private encode(executionKey: string, row: unknown): string {
    return encodeRow(row, (value) => {
      if (value.length < PAYLOAD_MIN_CHARS && !value.startsWith(PAYLOAD_REF)) return value;
      const hash = createHash("sha256").update(value, "utf8").digest("hex");
      this.statements.insertPayload.run(executionKey, hash, value);
      return PAYLOAD_REF + hash;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new PersistenceError(`Database ${this.path} is closed`);
  }

  private apply(batch: JournalBatch): void {
    const s = this.statements;
    for (const row of batch.started) s.insertExecution.run(row.key, ExecutionStatus.RUNNING, this.encode(row.key, row));
    for (const row of batch.executions) {
      const { changes } = s.updateExecution.run(row.status, this.encode(row.key, row), row.key) as { changes: number };
      if (changes !== 1) throw new PersistenceError(`Cannot store the state of execution ${row.key}: the database has no such execution`);
    }
    for (const { executionKey, ...row } of batch.operations) s.upsertOperation.run(executionKey, row.op.Id, this.encode(executionKey, row));
    for (const { executionKey, event } of batch.events) s.insertEvent.run(executionKey, event.EventId, this.encode(executionKey, event));
    for (const timer of batch.timers) {
      const statement = timer.change === "armed" ? s.armTimer : s.releaseTimer;
      statement.run(timer.executionKey, timer.operationId ?? "", timer.kind, timer.due);
    }
    for (const row of batch.executions) if (row.status !== ExecutionStatus.RUNNING) s.clearTimers.run(row.key);
    for (const key of batch.evicted ?? []) {
      s.evictPayloads.run(key);
      s.evictEvents.run(key);
      s.evictOperations.run(key);
      s.clearTimers.run(key);
      s.evictExecution.run(key);
    }
  }
}
