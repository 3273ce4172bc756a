/**
 * `durable run`, through child processes (`node --import tsx src/cli/bin.ts run …`) as a user runs
 * it, plus in-process tests of the progress line (a fake terminal) and of the missing-tsx error.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ensureTypeScriptLoader, explainTypeStrippingFailure, nodeLoadsTypeScript } from "../../src/cli/run/load-handler.js";
import { ProgressLine } from "../../src/cli/run/progress.js";
import { buildTree, formatDuration, renderTree } from "../../src/cli/run/render.js";
import { LocalDurableService } from "../../src/testing.js";
import { withDurableExecution } from "../../src/index.js";

const root = join(import.meta.dirname, "../..");
const fixtures = "test/cli/fixtures/run";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function durable(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "run", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("durable run (child process)", () => {
  it("prints the operation tree and the result; waits and retries take virtual time; no progress line off a terminal", async () => {
    const { code, stdout, stderr } = await durable(`${fixtures}/steps.ts`, "--input", '{"name":"Ada"}');
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`durable run ${fixtures}/steps.ts (export "handler", virtual clock)`);
    expect(lines.find((line) => line.includes("greet"))).toMatch(/greet\s+STEP Step\s+SUCCEEDED\s+1\s+0 ms\s+→ "hello Ada"/);
    expect(lines.find((line) => line.includes("cool-down"))).toMatch(/cool-down\s+WAIT Wait\s+SUCCEEDED\s+1 h\s+wait 1 h/);
    expect(lines.find((line) => line.includes("flaky"))).toMatch(/flaky\s+STEP Step\s+SUCCEEDED\s+2\s+30 s\s+→ 2/);
    expect(stdout).toMatch(/\nSUCCEEDED after 1 h 0 min 30 s of execution time \(virtual clock; .* real\), 3 invocations, \d+ history events\n/);
    expect(stdout).toContain('Result:\n{\n  "greeting": "hello Ada",\n  "flaky": 2\n}');
  });

  it("--json prints one JSON document with the tree and the history; input from @file", async () => {
    const { code, stdout } = await durable(`${fixtures}/steps.ts`, "--json", "--history", `--input=@${fixtures}/input.json`);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: "SUCCEEDED", clock: "virtual", export: "handler", invocations: 3 });
    expect(report.result).toEqual({ greeting: "hello file input", flaky: 2 });
    expect(report.durationMs).toBe(3_630_000);
    expect(report.operations.map((op: { name: string }) => op.name)).toEqual(["greet", "cool-down", "flaky"]);
    expect(report.operations[2]).toMatchObject({ type: "STEP", status: "SUCCEEDED", attempts: 2, durationMs: 30_000, result: "2" });
    expect(report.history[0].EventType).toBe("ExecutionStarted");
    expect(report.history.at(-1).EventType).toBe("ExecutionSucceeded");
  });

  it("exits 1 on a failed execution and shows the failing step and the error", async () => {
    const { code, stdout } = await durable(`${fixtures}/failing.ts`);
    expect(code).toBe(1);
    expect(stdout).toMatch(/charge\s+STEP Step\s+FAILED\s+1\s+0 ms\s+✗ Error: card declined/);
    expect(stdout).toMatch(/\nFAILED after 0 ms of execution time/);
    expect(stdout).toMatch(/Error:\n(StepError|Error): card declined/);
  });

  it("exits 1 when the execution waits for a callback nothing can send, naming it", async () => {
    const { code, stdout } = await durable(`${fixtures}/blocked.ts`, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.status).toBe("RUNNING");
    expect(report.waitingFor).toEqual([{ id: expect.any(String), name: "manager-approval", callbackId: expect.any(String) }]);
    const text = await durable(`${fixtures}/blocked.ts`);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('RUNNING: the execution is waiting for callback "manager-approval"');
  });

  it("--json keeps stdout to the report: the handler's output goes to stderr", async () => {
    const { code, stdout, stderr } = await durable(`${fixtures}/logging.ts`, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).result).toBe(42);
    expect(stderr).toContain("plain console output");
    expect(stderr).toContain("logger output");
  });

  it("--export picks the export; else a default export, else the one durable handler export", async () => {
    const named = await durable(`${fixtures}/named.ts`, "--export", "workflow", "--input", '{"n":7}', "--json");
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).result).toBe(49);
    const single = await durable(`${fixtures}/single-named.ts`, "--input", '{"name":"Bo"}', "--json");
    expect(JSON.parse(single.stdout)).toMatchObject({ export: "greet", result: "hi Bo" });
    const js = await durable(`${fixtures}/default-export.mjs`, "--input", '"echo me"', "--json");
    expect(js.code).toBe(0);
    expect(JSON.parse(js.stdout)).toMatchObject({ export: "default", result: "echo me" });
  });

  it("--real-time runs on the real clock: a one-second wait takes a second", async () => {
    const { code, stdout } = await durable(`${fixtures}/short-wait.ts`, "--real-time", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ clock: "real", status: "SUCCEEDED", result: "rested" });
    expect(report.operations[0].durationMs).toBeGreaterThanOrEqual(1000);
  });

  it("bad usage: exit 2 with a message naming the problem", async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing required argument 'file'/],
      [[`${fixtures}/nope.ts`], /file not found: .*nope\.ts/],
      [[`${fixtures}/named.ts`], /exports several durable handlers \(otherWorkflow, workflow\); choose one with --export <name>/],
      [[`${fixtures}/no-handler.ts`], /no-handler\.ts exports no durable handler \(exports: VERSION, helper\); export the function withDurableExecution returns/],
      [[`${fixtures}/input.json`], /export "default" of .*input\.json is object, not a function/],
      [[`${fixtures}/named.ts`, "--export", "missing"], /has no export "missing" \(exports: notAHandler, otherWorkflow, workflow\)/],
      [[`${fixtures}/named.ts`, "--export", "notAHandler"], /export "notAHandler" of .* is number, not a function/],
      [[`${fixtures}/steps.ts`, "--input", "{oops"], /--input is not valid JSON .*pass JSON text/],
      [[`${fixtures}/steps.ts`, "--input", "@missing.json"], /--input @missing.json: cannot read .*missing\.json \(ENOENT\)/],
      [[`${fixtures}/steps.ts`, "--frobnicate"], /unknown option '--frobnicate'/],
      [[`${fixtures}/steps.ts`, "--inptu", "{}"], /unknown option '--inptu'\n\(Did you mean --input\?\)/],
      [[`${fixtures}/steps.ts`, "--json=yes"], /unknown option '--json=yes'/],
      [[`${fixtures}/steps.ts`, "--export"], /option '--export <name>' argument missing/],
      [[`${fixtures}/steps.ts`, "--input", "1", "--input", "2"], /--input <json\|@file>' argument '2' is invalid. given twice/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => durable(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const { code, stderr, stdout } = outcomes[i]!;
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      expect(stderr).toContain("Usage: durable run <file> [options]");
      expect(stdout).toBe("");
    }
  }, 180_000);
});

describe("durable run (in process)", () => {
  it("a missing tsx is a usage error that says how to fix it, where this Node cannot load TypeScript itself", async () => {
    await expect(ensureTypeScriptLoader("handler.ts", "/nowhere", async () => undefined, false)).rejects.toThrow(
      "handler.ts is a TypeScript file and tsx is not installed. Install it (npm install --save-dev tsx), run on Node.js 22.18+ or 23.6+ (which load .ts, .mts and .cts files themselves), or compile the handler to JavaScript and run the .js file.",
    );
  });

  it("without tsx, Node's own type stripping loads the file where this Node has it (never .tsx)", async () => {
    await expect(ensureTypeScriptLoader("handler.ts", "/nowhere", async () => undefined, true)).resolves.toBe("node");
    expect(nodeLoadsTypeScript("handler.tsx")).toBe(false);
    expect(nodeLoadsTypeScript("handler.mts")).toBe(Boolean((process.features as { typescript?: unknown }).typescript));
  });

  it("an import that type stripping refused says what to do; other failures and tsx-loaded files pass through", () => {
    const refused = Object.assign(new Error("TypeScript enum is not supported in strip-only mode"), { code: "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX" });
    const explained = explainTypeStrippingFailure(refused, "node") as Error;
    expect(explained.message).toBe(
      "TypeScript enum is not supported in strip-only mode (loaded with Node's built-in type stripping: it erases types only, so enums, namespaces and parameter properties are refused, and a relative import needs its .ts extension; install tsx (npm install --save-dev tsx) to load it with tsx instead)",
    );
    expect(explained.cause).toBe(refused);
    const missing = Object.assign(new Error("Cannot find module '/p/lib' imported from /p/handler.ts"), { code: "ERR_MODULE_NOT_FOUND" });
    expect((explainTypeStrippingFailure(missing, "node") as Error).message).toMatch(/^Cannot find module '\/p\/lib' imported from \/p\/handler\.ts \(loaded with Node's built-in type stripping/);
    expect(explainTypeStrippingFailure(refused, "tsx")).toBe(refused);
    expect(explainTypeStrippingFailure(refused, undefined)).toBe(refused);
    const thrown = new Error("boom");
    expect(explainTypeStrippingFailure(thrown, "node")).toBe(thrown);
  });

  it("draws a progress line on a terminal as events arrive and erases it at the end", async () => {
    const service = new LocalDurableService({ clock: "virtual" });
    service.registerFunction(
      "progress",
      withDurableExecution(async (_event: unknown, context) => {
        await context.step("a", async () => 1);
        await context.wait("w", { minutes: 5 });
        return context.step("b", async () => 2);
      }) as never,
    );
    const writes: string[] = [];
    let fakeNow = 0;
    const terminal = { isTTY: true, write: (text: string) => writes.push(text) };
    const progress = ProgressLine.forStream(terminal, () => service.clock.now(), () => (fakeNow += 150))!;
    expect(ProgressLine.forStream({ isTTY: false, write: () => true }, () => 0)).toBeUndefined();
    service.onHistoryEvent((_arn, event) => progress.onEvent(event));
    service.startExecution({ functionName: "progress" });
    await service.runUntilIdle();
    progress.stop();
    service.close();
    expect(writes.length).toBeGreaterThan(3);
    expect(writes.slice(0, -1).every((text) => text.startsWith("\r\u001b[2K⏳ running: "))).toBe(true);
    expect(writes.at(-2)).toMatch(/running: 3 operations · 2 invocations done · execution time \+5 min \(real .*\) · last: ExecutionSucceeded/);
    expect(writes.at(-1)).toBe("\r\u001b[2K");
  });

  it("renders nested operations as a tree and formats durations", () => {
    const start = new Date(0);
    const tree = buildTree([
      { Id: "e", Type: "EXECUTION", Status: "STARTED", StartTimestamp: undefined },
      { Id: "p", Name: "fan-out", Type: "CONTEXT", SubType: "Map", Status: "SUCCEEDED", StartTimestamp: start, EndTimestamp: new Date(2500) },
      { Id: "c1", ParentId: "p", Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StartTimestamp: start, EndTimestamp: start, StepDetails: { Attempt: 1, Result: '"x"' } },
      { Id: "c2", ParentId: "p", Name: "retried", Type: "STEP", SubType: "Step", Status: "FAILED", StartTimestamp: start, EndTimestamp: new Date(90_000), StepDetails: { Attempt: 3, Error: { ErrorType: "Boom", ErrorMessage: "exploded" } } },
      { Id: "s", Name: "open", Type: "CALLBACK", SubType: "Callback", Status: "STARTED", StartTimestamp: start },
    ]);
    expect(renderTree(tree)).toEqual([
      "  OPERATION     TYPE               STATUS     ATTEMPTS  DURATION    RESULT",
      "  fan-out       CONTEXT Map        SUCCEEDED            2.5 s",
      '  ├─ (unnamed)  STEP Step          SUCCEEDED  1         0 ms        → "x"',
      "  └─ retried    STEP Step          FAILED     3         1 min 30 s  ✗ Boom: exploded",
      "  open          CALLBACK Callback  STARTED              …",
    ]);
    expect([0, 999, 1500, 12_000, 60_000, 3_600_000, 3_630_000, 5_400_000, 90_000_000].map(formatDuration)).toEqual([
      "0 ms",
      "999 ms",
      "1.5 s",
      "12 s",
      "1 min",
      "1 h",
      "1 h 0 min 30 s",
      "1 h 30 min",
      "1 d 1 h",
    ]);
  });
});
