/**
 * `durable dev`, `durable history`, `durable logs` and `durable callback` in process (through `main`, with captured
 * output): usage errors (exit 2 with the usage), server errors (exit 1 with the message), output
 * against a LocalHttpServer, and how `durable dev` finds the durable handlers of a file.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { InvokeCommand, GetDurableExecutionCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseCallbackError } from "../../src/cli/commands/callback.js";
import { parseRetention } from "../../src/cli/commands/dev.js";
import { HandlerFileError, loadDevFunctions } from "../../src/cli/dev/load-functions.js";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { DURABLE_HANDLER_MARKER, isDurableHandler } from "../../src/runtime/with-durable-execution.js";
import { lambdaClient, pollFor } from "../local/http-support.js";

const root = new URL("../..", import.meta.url).pathname;

async function durable(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return durableIn(root, ...args);
}

async function durableIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await main(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    cwd,
    env: process.env,
  });
  return { code, stdout, stderr };
}

describe("durable dev --retention", () => {
  it("parses a number with a unit into milliseconds", () => {
    expect([parseRetention("90s"), parseRetention("30m"), parseRetention("12h"), parseRetention("7d"), parseRetention("1500ms"), parseRetention("1.5h")]).toEqual([
      90_000, 1_800_000, 43_200_000, 604_800_000, 1500, 5_400_000,
    ]);
  });
});

describe("durable dev: usage", () => {
  it.each([
    [[], /missing required argument 'files'/],
    [["x.ts", "--nope"], /unknown option '--nope'/],
    [["x.ts", "--prot", "1"], /unknown option '--prot'\n\(Did you mean --port\?\)/],
    [["x.ts", "--port"], /option '--port <n>' argument missing/],
    [["x.ts", "--port", "70000"], /--port must be a whole number from 0 to 65535/],
    [["x.ts", "--port=abc"], /--port must be a whole number/],
    [["x.ts", "--db", "a", "--in-memory"], /--db and --in-memory exclude each other/],
    [["x.ts", "--retention", "forever"], /--retention takes a duration with a unit \(ms, s, m, h or d\) from 1s to 90d, e\.g\. 30m, 12h or 7d \(got "forever"\)/],
    [["x.ts", "--retention", "91d"], /--retention takes a duration .* \(got "91d"\)/],
    [["x.ts", "--retention", "500ms"], /--retention takes a duration .* \(got "500ms"\)/],
    [["x.ts", "--log-format", "xml"], /^durable dev: --log-format takes pretty or json \(got "xml"\)\n/],
    [["x.ts", "--log-format"], /option '--log-format <pretty\|json>' argument missing/],
    [["test/fixtures/missing.ts"], /file not found: .*missing\.ts/],
    // A directory names the modules in it, ready to copy.
    [["test/fixtures/dev"], /^durable dev: test\/fixtures\/dev is a directory; give the module files that export durable handlers, e\.g\. durable dev test\/fixtures\/dev\/bad\.name\.mjs test\/fixtures\/dev\/cli-workflow\.mjs test\/fixtures\/dev\/greet-again\.ts \(modules in it: test\/fixtures\/dev\/bad\.name\.mjs, .*test\/fixtures\/dev\/wrapped-elsewhere\.cjs\)\n/],
    [["test/fixtures/dev/no-handlers.mjs"], /no-handlers\.mjs exports no durable handler \(exports: answer, helper\)/],
    [["test/fixtures/dev/bad.name.mjs"], /"bad\.name" \(the file's name, for its handler export\) is not a valid function name: use 1-64 letters, digits, "-" or "_"/],
    [["test/fixtures/callback-workflow.ts", "test/fixtures/dev/greet-again.ts"], /two durable functions are named "greet"/],
  ])("durable dev %j exits 2 with the usage", async (args, message) => {
    const { code, stderr } = await durable("dev", ...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Usage: durable dev <files…> [options]");
  });

  it("a module that fails to load is exit 1 with its error", async () => {
    const { code, stderr } = await durable("dev", "test/fixtures/dev/throws.mjs", "--in-memory");
    expect(code).toBe(1);
    expect(stderr).toMatch(/durable dev: cannot load test\/fixtures\/dev\/throws\.mjs: Error: module exploded/);
  });

  it("--help prints the usage", async () => {
    const { code, stdout } = await durable("dev", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("--db <path>");
  });
});

describe("durable dev: finding durable handlers", () => {
  it("marked exports are named after the export, the handler after the file; other exports are left alone", async () => {
    const found = await loadDevFunctions(["test/fixtures/callback-workflow.ts"], root);
    const summary = found.map(({ name, exportName, marked, file }) => ({ name, exportName, marked, file }));
    expect(summary.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "callback-workflow", exportName: "handler", marked: true, file: "test/fixtures/callback-workflow.ts" },
      { name: "greet", exportName: "greet", marked: true, file: "test/fixtures/callback-workflow.ts" },
    ]);
    expect(found.every((fn) => isDurableHandler(fn.handler))).toBe(true);
  });

  it("an unmarked handler export of a CommonJS file is taken as durable (another SDK build), flagged as unmarked", async () => {
    const [fn, ...rest] = await loadDevFunctions(["test/fixtures/dev/wrapped-elsewhere.cjs"], root);
    expect(rest).toEqual([]);
    expect(fn).toMatchObject({ name: "wrapped-elsewhere", exportName: "handler", marked: false });
  });

  it("the marker is a non-enumerable Symbol.for property of what withDurableExecution returns", () => {
    const handler = withDurableExecution(async () => 1);
    expect(isDurableHandler(handler)).toBe(true);
    expect(Object.keys(handler)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(handler, DURABLE_HANDLER_MARKER)).toMatchObject({ value: true, enumerable: false, writable: false });
    expect(DURABLE_HANDLER_MARKER).toBe(Symbol.for("durable-execution-sdk.durable-handler"));
    expect(isDurableHandler(async () => 1)).toBe(false);
    expect(isDurableHandler({ [DURABLE_HANDLER_MARKER]: true })).toBe(false);
  });

  it("a module that throws while loading is a HandlerFileError", async () => {
    await expect(loadDevFunctions(["test/fixtures/dev/throws.mjs"], root)).rejects.toThrow(HandlerFileError);
  });
});

describe("durable history and durable callback against a dev server", () => {
  let server: LocalHttpServer;
  let port: number;
  let arn: string;
  let callbackId: string;

  beforeAll(async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    port = server.port;
    server.registerFunction(
      "approval",
      withDurableExecution(async (_event, ctx) => {
        const answer = await ctx.waitForCallback("approval", async () => undefined, { heartbeatTimeout: { minutes: 5 } });
        return { answer };
      }) as DurableFunctionHandler,
    );
    const client = lambdaClient(server.endpoint);
    try {
      const started = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", Payload: '{"who":"ada"}' }));
      arn = started.DurableExecutionArn!;
      callbackId = await pollFor("CallbackStarted", () =>
        server.service.getHistory(arn).find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId,
      );
    } finally {
      client.destroy();
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it("history prints the status and the event table; --json prints the execution and the events", async () => {
    const text = await durable("history", arn, "--port", String(port));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Execution ${arn}`);
    expect(text.stdout).toMatch(/status\s+RUNNING/);
    expect(text.stdout).toMatch(/History \(\d+ events\):/);
    expect(text.stdout).toMatch(/CallbackStarted/);
    expect(text.stdout).toMatch(/ContextStarted\s+approval/);
    const json = await durable("history", arn, `--port=${port}`, "--json");
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as { Execution: Record<string, unknown>; Events: { EventType: string; EventTimestamp: string }[] };
    expect(document.Execution).toMatchObject({ DurableExecutionArn: arn, Status: "RUNNING", InputPayload: '{"who":"ada"}' });
    expect(document.Execution.$metadata).toBeUndefined();
    expect(document.Events[0]).toMatchObject({ EventType: "ExecutionStarted", EventTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it("logs: with no log file yet beside durable dev's .durable directory, nothing was logged (exit 0); with no .durable directory, the error", async () => {
    const project = mkdtempSync(join(tmpdir(), "durable-logs-"));
    try {
      const away = await durableIn(project, "logs", arn, "--port", String(port));
      expect(away.code).toBe(1);
      expect(away.stderr).toContain(`no log file at ${join(project, ".durable/logs.jsonl")}: run durable logs in the directory durable dev runs in, or pass --log-file`);
      mkdirSync(join(project, ".durable"));
      const text = await durableIn(project, "logs", arn, "--port", String(port));
      expect(text).toEqual({ code: 0, stdout: `No log lines for ${arn}.\n`, stderr: "" });
      const json = await durableIn(project, "logs", arn, "--port", String(port), "--json");
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual([]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("callback heartbeat, then succeed completes the execution; history shows the result", async () => {
    const heartbeat = await durable("callback", "heartbeat", callbackId, "--port", String(port));
    expect(heartbeat).toMatchObject({ code: 0, stdout: `callback ${callbackId}: heartbeat sent\n` });
    const succeed = await durable("callback", "succeed", callbackId, '{"approved":true}', "--port", String(port));
    expect(succeed).toMatchObject({ code: 0, stdout: `callback ${callbackId}: succeeded\n` });
    const client = lambdaClient(server.endpoint);
    try {
      const done = await pollFor("SUCCEEDED", async () => {
        const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
        return execution.Status === "SUCCEEDED" ? execution : undefined;
      });
      expect(JSON.parse(done.Result!)).toEqual({ answer: '{"approved":true}' });
    } finally {
      client.destroy();
    }
    const text = await durable("history", arn, "--port", String(port));
    expect(text.stdout).toMatch(/status\s+SUCCEEDED/);
    expect(text.stdout).toContain('"answer": "{\\"approved\\":true}"');
    const closed = await durable("callback", "fail", callbackId, "too late", "--port", String(port));
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/^durable callback: CallbackTimeoutException: Callback .* is already closed \(execution SUCCEEDED\)\n$/);
  });

  it("server errors exit 1 with the message; an unreachable server says how to start one", async () => {
    const missing = await durable("history", "arn:aws:lambda:us-east-1:123456789012:function:x:$LATEST/durable-execution/a/b", "--port", String(port));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^durable history: ResourceNotFoundException: Durable execution not found: /);
    const unknown = await durable("callback", "succeed", "nope", "--port", String(port));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("durable callback: ResourceNotFoundException: Callback not found: nope\n");

    // An unknown function names the ones the server has.
    const notServed = `ResourceNotFoundException: function "aproval" not found; the functions on http://127.0.0.1:${port} are: approval (durable dev names a function after its export, and a "handler" export after its file)\n`;
    const start = await durable("start", "aproval", "--port", String(port));
    expect(start).toEqual({ code: 1, stdout: "", stderr: `durable start: ${notServed}` });
    const list = await durable("list", "--function", "aproval", "--port", String(port));
    expect(list).toEqual({ code: 1, stdout: "", stderr: `durable list: ${notServed}` });

    const idle = await LocalHttpServer.start();
    const idlePort = idle.port;
    await idle.close();
    const down = await durable("history", "arn:x", "--port", String(idlePort));
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach a dev server at http://127.0.0.1:${idlePort} (start one with \`durable dev <files>\``);
  });

  it.each([
    [["history"], "history", /missing required argument 'execution-arn'/],
    [["history", "a", "b"], "history", /too many arguments for 'history'. Expected 1 argument but got 2/],
    [["history", "a", "--port", "0"], "history", /--port must be a whole number from 1 to 65535/],
    [["history", "a", "--json=yes"], "history", /unknown option '--json=yes'/],
    [["history", "a", "--jsno"], "history", /\(Did you mean --json\?\)/],
    [["history", "a", "--endpoint", "nope"], "history", /--endpoint must be a URL/],
    [["history", "a", "--aws", "--port", "1"], "history", /--port and --aws exclude each other/],
    [["callback"], "callback", /missing required argument 'action'/],
    [["callback", "approve", "id"], "callback", /unknown action "approve"/],
    [["callback", "succed", "id"], "callback", /unknown action "succed" \(use succeed, fail or heartbeat\); did you mean succeed\?/],
    [["callback", "succeed"], "callback", /missing required argument 'callback-id'/],
    [["callback", "heartbeat", "id", "payload"], "callback", /a heartbeat has no payload/],
    [["callback", "succeed", "id", "a", "b"], "callback", /too many arguments for 'callback'/],
    [["callback", "fail", "id", '{"Reason":"x"}'], "callback", /may only have ErrorType, ErrorMessage, ErrorData and StackTrace \(got Reason\)/],
    [["callback", "fail", "id", '{"ErrorType":1}'], "callback", /ErrorType must be a string/],
  ])("durable %j exits 2 with the usage", async (args, command, message) => {
    const { code, stderr } = await durable(...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain(`Usage: durable ${command}`);
    // One blank line between the error and the usage, as for every other usage error.
    expect(stderr).toMatch(new RegExp(`^durable ${command}: `));
    expect(stderr).toContain(`\n\nUsage: durable ${command}`);
    expect(stderr).not.toContain("\n\n\n");
  });

  it("durable --help does not confine a command that takes --aws to a dev server", async () => {
    const { code, stdout } = await durable("--help");
    expect(code).toBe(0);
    const summaries = stdout.split("\n").filter((line) => /^  (start|list|history|stop|callback) /.test(line));
    expect(summaries).toHaveLength(5);
    for (const line of summaries) expect(line).not.toMatch(/on a running dev server/);
    expect(summaries.find((line) => line.startsWith("  callback"))).toMatch(/--aws/);
  });

  it("callback fail takes a JSON ErrorObject or plain text as the message", () => {
    expect(parseCallbackError('{"ErrorType":"Rejected","ErrorMessage":"no","StackTrace":["a"]}')).toEqual({
      ErrorType: "Rejected",
      ErrorMessage: "no",
      StackTrace: ["a"],
    });
    expect(parseCallbackError("just no")).toEqual({ ErrorMessage: "just no" });
    expect(parseCallbackError("[1]")).toEqual({ ErrorMessage: "[1]" });
    expect(parseCallbackError(undefined)).toBeUndefined();
  });
});
