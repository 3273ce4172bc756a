/**
 * `npm run bench:reliability`: how the local durable service holds up under load, kills and faults.
 *
 *  - load: concurrent starts, concurrent RequestResponse invokes, callbacks sent by many clients,
 *    20 executions of 500 ms I/O at once, timer lateness (p50/p99) at many concurrent waits —
 *    all against real `durable dev` child processes (bench/reliability-handlers.ts);
 *  - kills: `durable dev` killed (SIGKILL) and stopped (SIGTERM) while executions run, restarted on
 *    the same SQLite file; every execution must finish with the right result, no at-most-once step
 *    body twice for one attempt (counted in a ledger file the bodies append to);
 *  - faults: checkpoint calls answered with 5xx, throttling (429), lost responses (applied, then an
 *    error) and timeouts, injected into the transport of an in-process service;
 *  - bad inputs: malformed requests, forged callback ids, a cross-origin POST, a foreign Host header.
 *
 * Prints a table (goal, measured, ok). Exits non-zero when a goal is missed only with --strict.
 * Options: --quick (smaller counts), --strict, --json <file> (write the rows), --only <name,…>.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import type { DurableExecutionClient } from "../src/generated/index.js";
import { INVOCATION_TYPE_HEADER, LAMBDA_ROUTES, lambdaRoutePath } from "../src/generated/lambda-api.js";
import { LocalDurableService } from "../src/local/local-durable-service.js";
import { DurableExecutionInvocationInputWithClient } from "../src/local/invocation-event.js";
import { benchFlags } from "./args.js";
import { ledgered } from "./reliability-handlers.js";
import { pool } from "./pool.js";
import { quietAwsSdkNodeWarning } from "../src/cli/dev/remote.js";

quietAwsSdkNodeWarning();

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const flags = benchFlags("npm run bench:reliability [-- --quick] [-- --strict] [-- --json <file>] [-- --only <name,…>]", {
  quick: { type: "boolean" },
  strict: { type: "boolean" },
  json: { type: "string" },
  only: { type: "string" },
});
const QUICK = flags.quick === true;
const STRICT = flags.strict === true;
const JSON_OUT = flags.json;
const ONLY = flags.only === undefined ? undefined : new Set(flags.only.split(","));

const N = {
  starts: QUICK ? 50 : 200,
  waits: QUICK ? 200 : 1000,
  syncInvokes: QUICK ? 20 : 100,
  callbacks: QUICK ? 40 : 200,
  callbackClients: 20,
  killExecutions: QUICK ? 10 : 20,
  kills: QUICK ? 4 : 10,
  faultExecutions: QUICK ? 10 : 30,
};

interface Row {
  scenario: string;
  measure: string;
  value: string;
  goal: string;
  ok: boolean | undefined;
}
const rows: Row[] = [];
const row = (scenario: string, measure: string, value: number | string, goal = "", ok?: boolean) => {
  rows.push({ scenario, measure, value: String(value), goal, ok });
  console.log(`  ${scenario} · ${measure}: ${value}${goal ? ` (goal ${goal}: ${ok ? "met" : "MISSED"})` : ""}`);
};
const zero = (scenario: string, measure: string, value: number) => row(scenario, measure, value, "0", value === 0);

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

// ------------------------------------------------------------------ durable dev child processes

class Dev {
  child!: ChildProcess;
  endpoint = "";
  output = "";
  private exited!: Promise<void>;

  constructor(
    readonly db: string,
    readonly ledger: string,
  ) {}

  async start(): Promise<this> {
    this.output = "";
    this.child = spawn(
      process.execPath,
      // A heap cap: a server that leaks dies instead of taking the machine with it.
      ["--max-old-space-size=768", "--import", "tsx", "src/cli/bin.ts", "dev", "bench/reliability-handlers.ts", "--port", "0", "--db", this.db],
      { cwd: root, env: { ...process.env, NO_COLOR: "1", BENCH_LEDGER: this.ledger }, stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child.stdout!.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once("exit", () => done()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const match = /listening on (http:\/\/\S+)/.exec(this.output);
      if (match) {
        this.endpoint = match[1]!;
        return this;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`durable dev exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`durable dev did not start within 30 s:\n${this.output}`);
      await sleep(25);
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory of the server (Linux), in MiB. */
  rssMiB(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
    } catch {
      return undefined;
    }
  }

  async stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    const stopped = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }

  client(): LambdaClient {
    return new LambdaClient({
      endpoint: this.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
  }
}

function scratch(): { dir: string; db: string; ledger: string } {
  const dir = mkdtempSync(join(tmpdir(), "bench-reliability-"));
  return { dir, db: join(dir, "dev.sqlite"), ledger: join(dir, "ledger.txt") };
}

async function withDev<T>(fn: (dev: Dev) => Promise<T>): Promise<T> {
  const { dir, db, ledger } = scratch();
  const dev = await new Dev(db, ledger).start();
  try {
    return await fn(dev);
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const timeout = (ms: number) => ({ abortSignal: AbortSignal.timeout(ms) as never });

async function start(client: LambdaClient, fn: string, payload: unknown, name?: string): Promise<string> {
  const reply = await client.send(
    new InvokeCommand({ FunctionName: fn, InvocationType: "Event", Payload: JSON.stringify(payload), DurableExecutionName: name }),
    timeout(15_000),
  );
  if (!reply.DurableExecutionArn) throw new Error(`Invoke of ${fn} returned no DurableExecutionArn`);
  return reply.DurableExecutionArn;
}

interface Finished {
  status: string;
  result: unknown;
}

/** Polls until every execution left RUNNING or the deadline passed (then it is "RUNNING": hung). */
async function settle(getClient: () => LambdaClient, arns: readonly string[], deadlineMs: number): Promise<Map<string, Finished>> {
  const done = new Map<string, Finished>();
  const deadline = Date.now() + deadlineMs;
  while (done.size < arns.length && Date.now() < deadline) {
    const open = arns.filter((arn) => !done.has(arn));
    await pool(open, 16, async (arn) => {
      try {
        const execution = await getClient().send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }), timeout(10_000));
        if (execution.Status && execution.Status !== "RUNNING") {
          done.set(arn, { status: execution.Status, result: execution.Result === undefined ? undefined : JSON.parse(execution.Result) });
        }
      } catch {
        // unreachable right now (restarting, overloaded): asked again next round
      }
    });
    if (done.size < arns.length) await sleep(200);
  }
  for (const arn of arns) if (!done.has(arn)) done.set(arn, { status: "RUNNING", result: undefined });
  return done;
}

async function history(client: LambdaClient, arn: string): Promise<any[]> {
  const events: any[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, Marker: marker, IncludeExecutionData: true }), timeout(10_000));
    events.push(...(page.Events ?? []));
    marker = page.NextMarker || undefined;
  } while (marker);
  return events;
}

function tally(scenario: string, expected: Map<string, unknown>, finished: Map<string, Finished>): void {
  let wrong = 0;
  let failed = 0;
  let hung = 0;
  for (const [arn, want] of expected) {
    const got = finished.get(arn);
    if (!got || got.status === "RUNNING") hung++;
    else if (got.status !== "SUCCEEDED") failed++;
    else if (JSON.stringify(got.result) !== JSON.stringify(want)) wrong++;
  }
  zero(scenario, "executions lost (failed or wrong result)", failed + wrong);
  zero(scenario, "executions hung", hung);
}

// ------------------------------------------------------------------ load

async function concurrentStarts(): Promise<void> {
  const scenario = `${N.starts} concurrent starts`;
  await withDev(async (dev) => {
    const client = dev.client();
    const ids = Array.from({ length: N.starts }, (_, i) => `s${i}`);
    let startErrors = 0;
    const arns = (
      await Promise.all(ids.map((id) => start(client, "sleeper", { id, seconds: 1 }, id).then(
        (arn) => [id, arn] as const,
        () => {
          startErrors++;
          return undefined;
        },
      )))
    ).filter((entry): entry is readonly [string, string] => entry !== undefined);
    zero(scenario, "start requests refused", startErrors);
    // The same names again: idempotent starts, no duplicate executions.
    const again = await Promise.all(arns.slice(0, 20).map(([id]) => start(client, "sleeper", { id, seconds: 1 }, id).catch(() => "error")));
    zero(scenario, "duplicates from repeated names", again.filter((arn, i) => arn !== arns[i]![1]).length);
    const finished = await settle(() => client, arns.map(([, arn]) => arn), 120_000);
    tally(scenario, new Map(arns.map(([id, arn]) => [arn, id])), finished);
  });
}

async function timerLateness(): Promise<void> {
  const scenario = `${N.waits} concurrent 2 s waits`;
  await withDev(async (dev) => {
    const client = dev.client();
    const ids = Array.from({ length: N.waits }, (_, i) => `w${i}`);
    const arns = await pool(ids, 50, (id) => start(client, "sleeper", { id, seconds: 2 }).catch(() => undefined));
    const started = arns.filter((arn): arn is string => arn !== undefined);
    zero(scenario, "start requests refused", ids.length - started.length);
    const finished = await settle(() => client, started, 180_000);
    tally(scenario, new Map(started.map((arn, i) => [arn, ids[i]])), finished);
    const lateness = (
      await pool(started, 16, async (arn) => {
        const events = await history(client, arn).catch(() => []);
        const begun = events.find((event) => event.EventType === "WaitStarted");
        // When the handler went on after the wait: it returns at once, so its finish marks that moment
        // (the WaitSucceeded event carries the wait's due time, not when the service acted on it).
        const ended = events.find((event) => event.EventType === "ExecutionSucceeded");
        const due = begun?.WaitStartedDetails?.ScheduledEndTimestamp;
        if (!due || !ended) return undefined;
        return new Date(ended.EventTimestamp).getTime() - new Date(due).getTime();
      })
    ).filter((ms): ms is number => ms !== undefined);
    row(scenario, "timer lateness p50 (ms; due → handler finished)", Math.round(percentile(lateness, 50)));
    const p99 = Math.round(percentile(lateness, 99));
    row(scenario, "timer lateness p99 (ms; due → handler finished)", p99, "< 100", p99 < 100);
  });
}

async function ioConcurrency(): Promise<void> {
  const scenario = "20 executions × 500 ms I/O";
  await withDev(async (dev) => {
    const client = dev.client();
    const ids = Array.from({ length: 20 }, (_, i) => `io${i}`);
    const arns = await Promise.all(ids.map((id) => start(client, "io", { id, ms: 500 })));
    const finished = await settle(() => client, arns, 60_000);
    tally(scenario, new Map(arns.map((arn, i) => [arn, ids[i]])), finished);
    const spans = await pool(arns, 8, async (arn) => {
      const events = await history(client, arn);
      const at = (type: string) => new Date(events.find((event) => event.EventType === type)?.EventTimestamp ?? Number.NaN).getTime();
      return { started: at("ExecutionStarted"), ended: at("ExecutionSucceeded") };
    });
    const wall = Math.max(...spans.map((span) => span.ended)) - Math.min(...spans.map((span) => span.started));
    row(scenario, "first start to last finish (ms)", Number.isFinite(wall) ? wall : "n/a", "< 1500", wall < 1500);
  });
}

async function syncInvokes(): Promise<void> {
  const scenario = `${N.syncInvokes} concurrent RequestResponse invokes`;
  await withDev(async (dev) => {
    const client = dev.client();
    const ids = Array.from({ length: N.syncInvokes }, (_, i) => `q${i}`);
    let wrong = 0;
    let hung = 0;
    let errors = 0;
    await Promise.all(
      ids.map(async (id) => {
        try {
          const reply = await client.send(
            new InvokeCommand({ FunctionName: "quick", InvocationType: "RequestResponse", Payload: JSON.stringify({ id }) }),
            timeout(30_000),
          );
          const body = reply.Payload ? JSON.parse(Buffer.from(reply.Payload).toString("utf8")) : undefined;
          if (body !== id) wrong++;
        } catch (error) {
          if ((error as Error).name === "AbortError" || /abort/i.test((error as Error).message)) hung++;
          else errors++;
        }
      }),
    );
    zero(scenario, "invokes hung (no reply in 30 s)", hung);
    zero(scenario, "invokes failed or wrong", wrong + errors);
    const alive = dev.alive && (await dev.client().send(new InvokeCommand({ FunctionName: "quick", InvocationType: "RequestResponse", Payload: '{"id":"after"}' }), timeout(10_000)).then(() => true, () => false));
    row(scenario, "server answers afterwards", alive ? "yes" : "no", "yes", alive);
    row(scenario, "server RSS afterwards (MiB)", dev.rssMiB() ?? "n/a");
  });
}

async function callbacks(): Promise<void> {
  const scenario = `${N.callbacks} callbacks from ${N.callbackClients} clients`;
  await withDev(async (dev) => {
    const client = dev.client();
    const ids = Array.from({ length: N.callbacks }, (_, i) => `c${i}`);
    const arns = await pool(ids, 50, (id) => start(client, "approval", { id }));
    const callbackIds = await pool(arns, 16, async (arn) => {
      for (let tries = 0; tries < 200; tries++) {
        const events = await history(client, arn).catch(() => []);
        const started = events.find((event) => event.EventType === "CallbackStarted");
        if (started) return started.CallbackStartedDetails.CallbackId as string;
        await sleep(100);
      }
      return undefined;
    });
    const clients = Array.from({ length: N.callbackClients }, () => dev.client());
    let refused = 0;
    await Promise.all(
      callbackIds.map(async (callbackId, i) => {
        if (!callbackId) return;
        try {
          await clients[i % clients.length]!.send(
            new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode(JSON.stringify(`ok ${ids[i]}`)) }),
            timeout(15_000),
          );
        } catch {
          refused++;
        }
      }),
    );
    zero(scenario, "callbacks never started or refused", refused + callbackIds.filter((id) => id === undefined).length);
    const finished = await settle(() => client, arns, 60_000);
    tally(scenario, new Map(arns.map((arn, i) => [arn, { id: ids[i], approval: JSON.stringify(`ok ${ids[i]}`) }])), finished);
  });
}

// ------------------------------------------------------------------ kills and restarts

async function kills(): Promise<void> {
  const scenario = `durable dev killed ${N.kills}× (SIGKILL and SIGTERM alternating)`;
  const { dir, db, ledger } = scratch();
  let dev = await new Dev(db, ledger).start();
  try {
    const ids = Array.from({ length: N.killExecutions }, (_, i) => `k${i}`);
    const arns = await Promise.all(ids.map((id) => start(dev.client(), "ledgered", { id })));
    let survived = 0;
    for (let kill = 0; kill < N.kills; kill++) {
      await sleep(200 + Math.floor(Math.random() * 1000));
      await dev.stop(kill % 2 === 0 ? "SIGKILL" : "SIGTERM");
      dev = await new Dev(db, ledger).start();
      survived++;
    }
    row(scenario, "restarts completed", `${survived}/${N.kills}`, `${N.kills}/${N.kills}`, survived === N.kills);
    const finished = await settle(() => dev.client(), arns, 120_000);
    tally(scenario, new Map(arns.map((arn, i) => [arn, { id: ids[i], total: 3 }])), finished);
    const runs = new Map<string, number>();
    const lines = existsSync(ledger) ? readFileSync(ledger, "utf8").trim().split("\n").filter(Boolean) : [];
    for (const line of lines) runs.set(line, (runs.get(line) ?? 0) + 1);
    const twice = [...runs].filter(([line, count]) => line.includes(" charge ") && count > 1).length;
    zero(scenario, "at-most-once step bodies run twice for one attempt (duplicated)", twice);
    row(scenario, "at-least-once step bodies re-run after a kill (allowed)", [...runs].filter(([line, count]) => line.includes(" reserve ") && count > 1).length);
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ injected faults

type Fault = "checkpoint 5xx" | "throttling (429)" | "lost responses" | "timeouts" | "2 s outage";

function serviceError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

/** A client whose checkpoint calls fail with `fault` at `rate` (the first call of every invocation too, now and then). */
function faulty(client: DurableExecutionClient, fault: Fault, rate: number, counter: { injected: number; calls: number; outage?: [number, number] }): DurableExecutionClient {
  if (fault === "2 s outage") {
    return {
      getExecutionState: (request, logger) => client.getExecutionState(request, logger),
      checkpoint: async (request, logger) => {
        counter.calls++;
        const now = Date.now();
        if (!counter.outage || now < counter.outage[0] || now >= counter.outage[1]) return client.checkpoint(request, logger);
        counter.injected++;
        throw serviceError("ServiceException", 503, "injected: service unavailable");
      },
    };
  }
  return {
    getExecutionState: (request, logger) => client.getExecutionState(request, logger),
    checkpoint: async (request, logger) => {
      counter.calls++;
      if (Math.random() >= rate) return client.checkpoint(request, logger);
      counter.injected++;
      switch (fault) {
        case "checkpoint 5xx":
          throw serviceError("ServiceException", 500, "injected: internal error");
        case "throttling (429)":
          throw serviceError("TooManyRequestsException", 429, "injected: rate exceeded");
        case "lost responses":
          await client.checkpoint(request, logger); // applied …
          throw serviceError("ServiceException", 502, "injected: response lost"); // … but the reply never arrives
        case "timeouts":
          await sleep(1000);
          throw Object.assign(new Error("injected: socket timed out"), { name: "TimeoutError" });
        default:
          throw new Error(`unknown fault ${fault}`);
      }
    },
  };
}

async function faults(): Promise<void> {
  for (const fault of ["checkpoint 5xx", "throttling (429)", "lost responses", "timeouts", "2 s outage"] as const) {
    const scenario = fault === "2 s outage" ? "fault: every checkpoint fails (503) for 2 s" : `fault: ${fault} on 20% of checkpoints`;
    const { dir, ledger } = scratch();
    process.env.BENCH_LEDGER = ledger;
    const counter: { injected: number; calls: number; outage?: [number, number] } = { injected: 0, calls: 0 };
    if (fault === "2 s outage") counter.outage = [Date.now() + 300, Date.now() + 2300];
    const service = new LocalDurableService({
      clock: "real",
      createEvent: (input, client) => new DurableExecutionInvocationInputWithClient(input, faulty(client, fault, 0.2, counter)),
    });
    try {
      service.registerFunction("ledgered", ledgered as never);
      const ids = Array.from({ length: N.faultExecutions }, (_, i) => `${fault.replace(/\W+/g, "-")}-${i}`);
      const arns = ids.map((id) => service.startExecution({ functionName: "ledgered", inputPayload: JSON.stringify({ id }) }));
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && arns.some((arn) => service.getExecution(arn).Status === "RUNNING")) await sleep(100);
      let lost = 0;
      let hung = 0;
      arns.forEach((arn, i) => {
        const execution = service.getExecution(arn);
        if (execution.Status === "RUNNING") hung++;
        else if (execution.Status !== "SUCCEEDED" || execution.Result !== JSON.stringify({ id: ids[i], total: 3 })) lost++;
      });
      row(scenario, "faults injected / checkpoint calls", `${counter.injected}/${counter.calls}`);
      zero(scenario, "executions lost (failed or wrong result)", lost);
      zero(scenario, "executions hung", hung);
      const runs = new Map<string, number>();
      const lines = existsSync(ledger) ? readFileSync(ledger, "utf8").trim().split("\n").filter(Boolean) : [];
      for (const line of lines) runs.set(line, (runs.get(line) ?? 0) + 1);
      zero(scenario, "at-most-once bodies run twice for one attempt (duplicated)", [...runs].filter(([line, count]) => line.includes(" charge ") && count > 1).length);
    } finally {
      service.close();
      delete process.env.BENCH_LEDGER;
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------ bad inputs

async function badInputs(): Promise<void> {
  const scenario = "bad inputs";
  await withDev(async (dev) => {
    const base = dev.endpoint;
    const invokePath = lambdaRoutePath("Invoke", { FunctionName: "quick" });
    const invoke = `${base}${invokePath}`;
    const json = { "content-type": "application/json" };
    const cases: { what: string; url: string; init: RequestInit }[] = [
      { what: "invalid JSON payload", url: invoke, init: { method: "POST", headers: json, body: "{nope" } },
      { what: "unknown function", url: `${base}${lambdaRoutePath("Invoke", { FunctionName: "nope" })}`, init: { method: "POST", headers: json, body: "{}" } },
      { what: "unknown route", url: `${base}/${LAMBDA_ROUTES.Invoke.apiVersion}/nothing-here`, init: { method: "GET" } },
      { what: "wrong method", url: invoke, init: { method: "DELETE" } },
      { what: "bad invocation type", url: invoke, init: { method: "POST", headers: { ...json, [INVOCATION_TYPE_HEADER]: "Sometimes" }, body: "{}" } },
      { what: "malformed execution ARN", url: `${base}${lambdaRoutePath("GetDurableExecution", { DurableExecutionArn: "not-an-arn" })}`, init: { method: "GET" } },
      { what: "unknown callback id", url: `${base}${lambdaRoutePath("SendDurableExecutionCallbackSuccess", { CallbackId: "AAAA" })}`, init: { method: "POST", headers: json, body: "{}" } },
      { what: "15 MB payload", url: invoke, init: { method: "POST", headers: json, body: JSON.stringify({ blob: "x".repeat(15 * 1024 * 1024) }) } },
      { what: "non-JSON content type on the API", url: invoke, init: { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" } },
      { what: "cross-origin POST (Origin: http://evil.example)", url: invoke, init: { method: "POST", headers: { "content-type": "text/plain", origin: "http://evil.example" }, body: "{}" } },
    ];
    let clean = 0;
    const accepted: string[] = [];
    const serverErrors: string[] = [];
    for (const { what, url, init } of cases) {
      const status = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) }).then((reply) => reply.status, () => 0);
      if (status >= 400 && status < 500) clean++;
      else if (status >= 200 && status < 300) accepted.push(`${what} (${status})`);
      else serverErrors.push(`${what} (${status || "no reply"})`);
    }
    // A foreign Host header (DNS rebinding): fetch cannot set Host, so a raw request.
    const hostStatus = await rawStatus(base, "POST", invokePath, { Host: "evil.example", "Content-Type": "application/json" }, "{}");
    if (hostStatus >= 400 && hostStatus < 500) clean++;
    else accepted.push(`foreign Host header (${hostStatus})`);
    // Forged callback ids: guesses at the other executions' ids made from the first one's.
    const [arn] = await Promise.all(["forge-0", "forge-1", "forge-2"].map((id) => start(dev.client(), "approval", { id })));
    let realId: string | undefined;
    for (let tries = 0; tries < 100 && !realId; tries++) {
      const events = await history(dev.client(), arn);
      realId = events.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
      if (!realId) await sleep(100);
    }
    let forged = 0;
    for (const candidate of realId ? forgeries(realId) : []) {
      const status = await fetch(`${base}${lambdaRoutePath("SendDurableExecutionCallbackSuccess", { CallbackId: candidate })}`, {
        method: "POST",
        headers: json,
        body: '"forged"',
      }).then((reply) => reply.status, () => 0);
      if (status >= 200 && status < 300) forged++;
    }
    const total = cases.length + 1;
    row(scenario, "malformed or hostile requests tried", total);
    row(scenario, "answered with a clean 4xx", `${clean}/${total}`, `${total}/${total}`, clean === total);
    if (accepted.length > 0) row(scenario, "accepted (should be refused)", accepted.join("; "));
    if (serverErrors.length > 0) row(scenario, "5xx or no reply", serverErrors.join("; "));
    zero(scenario, "forged callback ids accepted (of 5 guesses)", forged);
  });
}

/** Five guesses at another callback id, made from a real one the way an attacker would (counters, characters). */
function forgeries(id: string): string[] {
  const guesses: string[] = [];
  try {
    const decoded = Buffer.from(id, "base64").toString("utf8");
    const parsed = JSON.parse(decoded) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "number") guesses.push(Buffer.from(JSON.stringify({ ...parsed, [key]: value + 1 })).toString("base64"));
      if (typeof value === "number" && value > 0) guesses.push(Buffer.from(JSON.stringify({ ...parsed, [key]: value - 1 })).toString("base64"));
    }
  } catch {
    // not base64 JSON: character changes only
  }
  for (let i = 0; guesses.length < 5; i++) {
    const at = (id.length - 1 - i) % id.length;
    const swapped = id[at] === "A" ? "B" : "A";
    guesses.push(id.slice(0, at) + swapped + id.slice(at + 1));
  }
  return guesses.slice(0, 5);
}

async function rawStatus(base: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  const { request } = await import("node:http");
  const url = new URL(base);
  return new Promise((done) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on("error", () => done(0));
    req.setTimeout(10_000, () => req.destroy());
    req.end(body);
  });
}

// ------------------------------------------------------------------ main

const SCENARIOS: Record<string, () => Promise<void>> = {
  starts: concurrentStarts,
  io: ioConcurrency,
  sync: syncInvokes,
  callbacks,
  timers: timerLateness,
  kills,
  faults,
  inputs: badInputs,
};

async function main(): Promise<void> {
  console.log(`bench:reliability${QUICK ? " (--quick)" : ""} on the current service\n`);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (ONLY && !ONLY.has(name)) continue;
    console.log(`• ${name}`);
    const began = Date.now();
    try {
      await scenario();
    } catch (error) {
      row(name, "scenario crashed", (error as Error).message.split("\n")[0]!, "runs", false);
    }
    console.log(`  (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  const widths = [0, 0, 0, 0];
  const table = rows.map((r) => [r.scenario, r.measure, r.value, r.goal ? `${r.goal} ${r.ok ? "✓" : "✗ MISSED"}` : ""]);
  for (const cells of table) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, Math.min(cell.length, 70))));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n${line(["scenario", "measure", "value", "goal"])}`);
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const cells of table) console.log(line(cells));
  const missed = rows.filter((r) => r.ok === false);
  console.log(`\n${missed.length === 0 ? "all goals met" : `${missed.length} goal(s) missed`}${STRICT ? "" : " (exit code 0 without --strict)"}`);
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(rows, null, 2)}\n`);
  process.exit(STRICT && missed.length > 0 ? 1 : 0);
}

await main();
