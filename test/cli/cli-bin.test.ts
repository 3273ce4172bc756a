/**
 * The built `durable` bin (npm run build, then dist/cli.js — what node_modules/.bin/durable points
 * at) as a user runs it, against `durable dev` started as a child process: start, list, stop, logs
 * and history with text and --json, DURABLE_ENDPOINT, the per-execution lines of `durable dev`,
 * "did you mean", colours and NO_COLOR, and the one-line error for a file that is not a handler.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PAGE_ITEMS } from "../../src/generated/index.js";
import { pollFor } from "../local/http-support.js";
import { buildOnce } from "../support/build-once.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli.js");
const FIXTURE = "test/fixtures/dev/cli-workflow.mjs";

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The child's environment: ours with the overrides, where an empty value removes the variable (Node 22
 * warns on stderr when FORCE_COLOR is set at all, even empty, beside NO_COLOR).
 */
function childEnv(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  for (const [key, value] of Object.entries(env)) if (value === "") delete env[key];
  return env;
}

function durable(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: childEnv({ NO_COLOR: "1", FORCE_COLOR: "", DURABLE_ENDPOINT: "", ...env }), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let dev: ChildProcess;
let devOutput = "";
let endpoint: string;
let dir: string;
let logFile: string;

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), "durable-cli-"));
  logFile = join(dir, "logs.jsonl");
  dev = spawn(process.execPath, [bin, "dev", FIXTURE, "--in-memory", "--port", "0", "--log-file", logFile], {
    cwd: root,
    env: childEnv({ NO_COLOR: "1", FORCE_COLOR: "" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  dev.stdout!.on("data", (chunk: Buffer) => (devOutput += chunk.toString()));
  dev.stderr!.on("data", (chunk: Buffer) => (devOutput += chunk.toString()));
  endpoint = await pollFor("durable dev to print its endpoint", () => /listening on (http:\/\/\S+)/.exec(devOutput)?.[1], 30_000, 25).catch((error: Error) => {
    throw new Error(`${error.message}\n${devOutput}`);
  });
}, 400_000);

afterAll(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once("exit", resolve));
    dev.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("durable start / list / history / logs / stop / callback against durable dev", { timeout: 120_000 }, () => {
  let arn: string;
  let second: string;

  it("start prints the new execution's ARN; --json prints the API's answer; DURABLE_ENDPOINT works like --endpoint", async () => {
    const started = await durable(["start", "cli-workflow", "--input", '{"orderId":"o-1"}', "--endpoint", endpoint]);
    expect(started.code, started.stderr).toBe(0);
    arn = started.stdout.trim();
    expect(arn).toMatch(/^arn:aws:lambda:.*:function:cli-workflow.*durable-execution/);
    const json = await durable(["start", "cli-workflow", "--input", '{"orderId":"o-2"}', "--name", "second", "--json"], { DURABLE_ENDPOINT: endpoint });
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as { DurableExecutionArn: string; FunctionName: string; StatusCode: number };
    expect(body).toMatchObject({ FunctionName: "cli-workflow", StatusCode: 202 });
    second = body.DurableExecutionArn;
    expect(second).not.toBe(arn);
  });

  it("durable dev prints a line when each execution starts", async () => {
    await pollFor("two start lines", () => (devOutput.match(/▶ cli-workflow\/\S+ started/g) ?? []).length >= 2 || undefined, 20_000, 25);
  });

  it("durable dev prints the handler's durable logger lines readably: time, level, function/execution, message (no JSON, no ARN)", async () => {
    await pollFor("two log lines", () => (/order received o-2\n/.test(devOutput) && /order received o-1\n/.test(devOutput)) || undefined, 20_000, 25);
    const shortName = arn.split("/durable-execution/")[1]!.slice(0, 8);
    expect(devOutput).toMatch(new RegExp(`\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  cli-workflow/${shortName} order received o-1\\n`));
    expect(devOutput).toMatch(/\n\d\d:\d\d:\d\d\.\d{3} INFO  cli-workflow\/second order received o-2\n/);
    expect(devOutput).not.toContain('"executionArn"');
  });

  it("list shows both executions as a table; --status and --json filter and print the API's shape", async () => {
    const text = await durable(["list", "--function", "cli-workflow", "--endpoint", endpoint]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^FUNCTION\s+NAME\s+STATUS\s+STARTED\s+DURATION\s+ARN/);
    expect(text.stdout).toContain(arn);
    expect(text.stdout).toMatch(/cli-workflow\s+second\s+RUNNING/);
    const json = await durable(["list", "--function", "cli-workflow", "--status", "RUNNING", "--json", "--endpoint", endpoint]);
    const listed = JSON.parse(json.stdout) as { DurableExecutions: { DurableExecutionArn: string; Status: string }[] };
    expect(listed.DurableExecutions.map((e) => e.DurableExecutionArn).sort()).toEqual([arn, second].sort());
    const none = await durable(["list", "--function", "cli-workflow", "--status", "SUCCEEDED", "--endpoint", endpoint]);
    expect(none.stdout).toBe("No executions with status SUCCEEDED of cli-workflow.\n");
    const bad = await durable(["list", "--function", "cli-workflow", "--status", "DONE", "--endpoint", endpoint]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED \(got "DONE"\)/);
    // Without --function, list asks the server for its functions (ListFunctions) and lists them all.
    const everyFunction = await durable(["list", "--endpoint", endpoint]);
    expect(everyFunction.code, everyFunction.stderr).toBe(0);
    expect(everyFunction.stdout).toContain(arn);
    expect(everyFunction.stdout).toMatch(/cli-workflow\s+second\s+RUNNING/);
  });

  it("history shows the pending callback's id", async () => {
    const text = await pollFor(
      "the callback to start",
      async () => {
        const ran = await durable(["history", arn, "--endpoint", endpoint]);
        return ran.stdout.includes("CallbackStarted") ? ran : undefined;
      },
      20_000,
      100,
    );
    const callbackId = /approval\s+(\S+)\n/.exec(text.stdout.slice(text.stdout.indexOf("Waiting for callbacks")))?.[1];
    expect(callbackId, text.stdout).toBeTruthy();
    expect(text.stdout).toMatch(new RegExp(`CallbackStarted\\s+\\S+\\s+callback id ${callbackId!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

    const sent = await durable(["callback", "succeed", callbackId!, '{"ok":true}', "--endpoint", endpoint, "--json"]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual({ CallbackId: callbackId, Outcome: "SUCCEEDED" });
    await pollFor("the execution to complete", () => (/✓ cli-workflow\/\S+ completed in \d/.test(devOutput) ? true : undefined), 20_000, 25);
    const done = await durable(["history", arn, "--endpoint", endpoint]);
    expect(done.stdout).toMatch(/status\s+SUCCEEDED/);
    expect(done.stdout).toMatch(/took\s+\d/);
    expect(done.stdout).not.toContain("Waiting for callbacks");
  });

  it("logs prints the durable logger's lines of one execution, oldest first; --json prints the records", async () => {
    const text = await durable(["logs", arn, "--endpoint", endpoint, "--log-file", logFile]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO {2}order received o-1$/);
    expect(lines[1]).toMatch(/ WARN  approved, shipping$/);
    const json = await durable(["logs", second, "--endpoint", endpoint, "--log-file", logFile, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ level: "INFO", message: "order received o-2", executionArn: second })]);
    const unknown = await durable(["logs", `${arn}x`, "--endpoint", endpoint, "--log-file", logFile]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^durable logs: ResourceNotFoundException: .*\n$/);
  });

  it("stop stops a running execution; --json prints the stop time; durable dev prints the line", async () => {
    const stopped = await durable(["stop", second, "--endpoint", endpoint, "--json"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ DurableExecutionArn: second, StopTimestamp: expect.stringMatching(/^\d{4}-/) });
    const list = await durable(["list", "--function", "cli-workflow", "--status", "STOPPED", "--json", "--endpoint", endpoint]);
    expect((JSON.parse(list.stdout) as { DurableExecutions: { DurableExecutionArn: string }[] }).DurableExecutions.map((e) => e.DurableExecutionArn)).toEqual([second]);
    await pollFor("the stop line", () => (/■ cli-workflow\/\S+ stopped in \d/.test(devOutput) ? true : undefined), 20_000, 25);
    const again = await durable(["stop", second, "--endpoint", endpoint]);
    expect(again.code).toBe(1);
    expect(again.stderr.split("\n")).toHaveLength(2);
  });

  it("colours on a forced terminal, none with NO_COLOR", async () => {
    const coloured = await durable(["history", arn, "--endpoint", endpoint], { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(coloured.stdout).toContain("\u001b[32mSUCCEEDED\u001b[39m");
    const plain = await durable(["history", arn, "--endpoint", endpoint], { NO_COLOR: "1", FORCE_COLOR: "1" });
    expect(plain.stdout).not.toContain("\u001b[");
  });
});

describe("the built bin's errors", { timeout: 120_000 }, () => {
  it("suggests the nearest command and option", async () => {
    const command = await durable(["lsit"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("durable: unknown command 'lsit'\n(Did you mean list?)");
    const option = await durable(["start", "f", "--inptu", "{}"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("durable start: unknown option '--inptu'\n(Did you mean --input?)");
  });

  it("durable run README.md is a one-line error, not a stack trace", async () => {
    const ran = await durable(["run", "README.md"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^durable run: cannot load .*README\.md: it is not a JavaScript or TypeScript module \(\.md\); give a module/);
    expect(ran.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it('loads a .ts handler of a "type": "commonjs" project (what npm init -y writes) in durable run and durable dev', async () => {
    const project = mkdtempSync(join(tmpdir(), "durable-cjs-project-"));
    try {
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "cjs-project", version: "1.0.0", type: "commonjs" }));
      mkdirSync(join(project, "src"));
      writeFileSync(
        join(project, "src/order.ts"),
        [
          `import { withDurableExecution, type DurableContext } from ${JSON.stringify(join(root, "dist/index.cjs"))};`,
          "interface Order { orderId: string }",
          "export const handler = withDurableExecution(async (order: Order, context: DurableContext) =>",
          "  context.step('load', async () => `loaded ${order.orderId}`));",
          "",
        ].join("\n"),
      );
      const env = childEnv({ NO_COLOR: "1", FORCE_COLOR: "", DURABLE_ENDPOINT: "" });
      const ran = await new Promise<Ran>((resolve) =>
        execFile(process.execPath, [bin, "run", "src/order.ts", "--input", '{"orderId":"o-1"}'], { cwd: project, env, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
        ),
      );
      expect(ran.stderr).toBe("");
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('Result:\n"loaded o-1"');

      const server = spawn(process.execPath, [bin, "dev", "src/order.ts", "--in-memory", "--port", "0"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      try {
        await pollFor("durable dev to list its functions", () => (server.exitCode !== null || /Functions \(1\):\n\s+order\s+src\/order\.ts/.test(output) ? true : undefined), 30_000, 25);
        expect(output).toMatch(/Functions \(1\):\n\s+order\s+src\/order\.ts \(export handler\)/);
      } finally {
        if (server.exitCode === null) {
          const exited = new Promise((resolve) => server.once("exit", resolve));
          server.kill("SIGTERM");
          await exited;
        }
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("durable dev --log-format json prints the durable logger's lines as written (JSON records); the log file is the same either way", async () => {
    const jsonLogFile = join(dir, "json-logs.jsonl");
    const server = spawn(process.execPath, [bin, "dev", FIXTURE, "--in-memory", "--port", "0", "--log-file", jsonLogFile, "--log-format", "json"], {
      cwd: root,
      env: childEnv({ NO_COLOR: "1", FORCE_COLOR: "" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const jsonEndpoint = await pollFor("durable dev --log-format json to listen", () => /listening on (http:\/\/\S+)/.exec(output)?.[1], 30_000, 25);
      const started = await durable(["start", "cli-workflow", "--input", '{"orderId":"o-9"}', "--endpoint", jsonEndpoint]);
      expect(started.code, started.stderr).toBe(0);
      const executionArn = started.stdout.trim();
      const line = await pollFor("the raw log line", () => /^\{.*"order received o-9"\}$/m.exec(output)?.[0], 20_000, 25);
      expect(JSON.parse(line)).toMatchObject({ level: "INFO", executionArn, message: "order received o-9" });
      expect(readFileSync(jsonLogFile, "utf8")).toBe(`${line}\n`);
      expect(readFileSync(logFile, "utf8")).toMatch(/^\{"requestId":.*"message":"order received o-1"\}$/m);
    } finally {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("cannot reach a server: one line naming the endpoint", async () => {
    const ran = await durable(["list", "--function", "x", "--endpoint", "http://127.0.0.1:9"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^durable list: cannot reach a dev server at http:\/\/127\.0\.0\.1:9 /);
  });

  it("--help lists every command", async () => {
    const ran = await durable(["--help"]);
    expect(ran.code).toBe(0);
    for (const name of ["run", "dev", "start", "list", "history", "logs", "stop", "callback"]) expect(ran.stdout).toMatch(new RegExp(`\\n  ${name}\\b`));
    // list's --limit defaults to the API's default page size (DEFAULT_PAGE_ITEMS in schema/wire.yaml).
    const listHelp = await durable(["list", "--help"]);
    expect(listHelp.stdout.replace(/\s+/g, " ")).toContain(`at most this many executions (default ${DEFAULT_PAGE_ITEMS}, the API's default page size)`);
    // A closed pipe (durable --help | head -1) ends quietly, without an EPIPE stack.
    const piped = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
      execFile("sh", ["-c", `"${process.execPath}" "${bin}" --help | head -1`], { cwd: root }, (_error, stdout, stderr) => resolve({ stdout: String(stdout), stderr: String(stderr) })),
    );
    expect(piped).toEqual({ stdout: "Usage: durable <command> [options]\n", stderr: "" });
  });
});
