/**
 * THE acceptance test of `durable dev`: a real child process (`node --import tsx src/cli/bin.ts
 * dev test/fixtures/callback-workflow.ts --port 0 --db <tmp>`) driven with the real
 * `@aws-sdk/client-lambda`. An execution waits for a callback; the server is killed (SIGKILL) and
 * restarted on the same database in the middle; the execution ARN and the callback id learned from the
 * first server then complete the execution on the second, whose SUCCEEDED status and full history are
 * read back. `durable history` and `durable callback` run as child processes against the second server.
 *
 * Both starts take port 0 and read their port from the printed endpoint: what is proven is that the
 * state survives the crash, not that the same port can be bound again; restarting on the first server's
 * port would race any other process that takes the port the kill freed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  SendDurableExecutionCallbackSuccessCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteUnavailableReason } from "../../src/local/persistence/sqlite.js";
import { lambdaClient, pollFor } from "../local/http-support.js";

const root = join(import.meta.dirname, "../..");
const FIXTURE = "test/fixtures/callback-workflow.ts";

interface Running {
  child: ChildProcess;
  /** stdout and stderr as they came. */
  output(): string;
  stdout(): string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

function durable(args: string[]): Running {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
}

/** Runs a short-lived `durable` command to its end. */
async function durableCommand(args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  const running = durable(args);
  const code = await running.exited;
  return { code, output: running.output(), stdout: running.stdout() };
}

/** Starts `durable dev` and waits (bounded) until it prints its endpoint. */
async function startDev(port: number, db: string): Promise<Running & { endpoint: string }> {
  const running = durable(["dev", FIXTURE, "--port", String(port), "--db", db]);
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  const endpoint = await pollFor(
    "durable dev to print its endpoint",
    () => {
      if (exitCode !== undefined) throw new Error(`durable dev exited with ${exitCode}:\n${running.output()}`);
      return /listening on (http:\/\/\S+)/.exec(running.output())?.[1];
    },
    20_000,
    25,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\noutput so far:\n${running.output()}`);
  });
  return { ...running, endpoint };
}

async function kill(running: Running): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
  await running.exited;
}

const sqliteMissing = await sqliteUnavailableReason();
if (sqliteMissing) console.warn(`Skipping the durable dev acceptance test (it needs SQLite persistence): ${sqliteMissing}`);

describe.skipIf(sqliteMissing !== undefined)("durable dev (child process, real Lambda client)", () => {
  const dirs: string[] = [];
  let client: LambdaClient | undefined;

  afterEach(async () => {
    client?.destroy();
    client = undefined;
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("waits for a callback across a SIGKILL and restart, then completes it; nothing is lost", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-dev-"));
    dirs.push(dir);
    const db = join(dir, "dev.sqlite");
    // Port 0 for each start: the server binds a free port itself (a port picked beforehand, or the first
    // server's port freed by the kill, could be taken by another process before the child binds it).
    const first = await startDev(0, db);
    expect(Number(new URL(first.endpoint).port)).toBeGreaterThan(0);
    expect(first.output()).toContain("callback-workflow");
    expect(first.output()).toContain("greet");
    expect(first.output()).not.toContain("helper");
    expect(first.output()).toContain(`endpoint: "${first.endpoint}"`);
    client = lambdaClient(first.endpoint);

    const started = await client.send(
      new InvokeCommand({ FunctionName: "callback-workflow", InvocationType: "Event", DurableExecutionName: "order-o-1", Payload: JSON.stringify({ orderId: "o-1" }) }),
    );
    expect(started.StatusCode).toBe(202);
    const arn = started.DurableExecutionArn!;
    const callbackId = await pollFor("the callback to start", async () => {
      const page = await client!.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return page.Events?.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    });
    const greeting = await client.send(new InvokeCommand({ FunctionName: "greet", Payload: JSON.stringify({ name: "Ada" }) }));
    expect(JSON.parse(Buffer.from(greeting.Payload!).toString())).toBe("Hello, Ada!");

    // Crash in the middle: the callback has started and is not completed.
    await kill(first);
    client.destroy();

    const second = await startDev(0, db);
    const port = Number(new URL(second.endpoint).port);
    expect(port).toBeGreaterThan(0);
    expect(second.output()).toMatch(/2 restored, 1 still running/);
    client = lambdaClient(second.endpoint);
    const afterRestart = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(afterRestart.Status).toBe("RUNNING");

    const heartbeat = await durableCommand(["callback", "heartbeat", callbackId, "--port", String(port)]);
    expect(heartbeat, heartbeat.output).toMatchObject({ code: 0 });
    expect(heartbeat.output).toContain(`callback ${callbackId}: heartbeat sent`);

    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ approved: true })) }));
    const finished = await pollFor("the execution to finish", async () => {
      const execution = await client!.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return execution.Status === "RUNNING" ? undefined : execution;
    });
    expect(finished.Status).toBe("SUCCEEDED");
    expect(JSON.parse(finished.Result!)).toEqual({ order: { id: "o-1", total: 42 }, approval: { approved: true }, shipped: "shipped o-1" });

    const history = (await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 1000 }))).Events!;
    expect(history.map((event) => event.EventId)).toEqual(history.map((_, index) => index + 1));
    const types = history.map((event) => event.EventType);
    expect(types[0]).toBe("ExecutionStarted");
    expect(types.at(-1)).toBe("ExecutionSucceeded");
    expect(types.filter((type) => type === "CallbackStarted")).toHaveLength(1);
    expect(types.filter((type) => type === "StepSucceeded").length).toBeGreaterThanOrEqual(2);
    const succeeded = history.find((event) => event.EventType === "CallbackSucceeded")!;
    expect(succeeded.CallbackSucceededDetails!.Result!.Payload).toBe('{"approved":true}');
    expect(types.indexOf("CallbackSucceeded")).toBeGreaterThan(types.indexOf("CallbackStarted"));

    const [printed, json] = await Promise.all([
      durableCommand(["history", arn, "--port", String(port)]),
      durableCommand(["history", arn, "--port", String(port), "--json"]),
    ]);
    expect(printed.code, printed.output).toBe(0);
    expect(printed.output).toMatch(/status\s+SUCCEEDED/);
    expect(printed.output).toContain("CallbackSucceeded");
    expect(printed.output).toContain(`History (${history.length} events)`);
    expect(json.code, json.output).toBe(0);
    expect(json.output).toBe(json.stdout); // nothing on stderr
    const document = JSON.parse(json.stdout) as { Execution: { Status: string }; Events: { EventType: string }[] };
    expect(document.Execution.Status).toBe("SUCCEEDED");
    expect(document.Events.map((event) => event.EventType)).toEqual(types);

    const again = await durableCommand(["callback", "succeed", callbackId, "{}", "--port", String(port)]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/CallbackTimeoutException: Callback .* is already closed/);
  });
});
