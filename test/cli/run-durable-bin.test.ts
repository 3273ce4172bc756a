/**
 * The `run-durable` bin, built by its tsup.config.ts block and reached as npm reaches it: a scratch
 * project with the package in node_modules, `node_modules/.bin/run-durable` a symlink to the built
 * file, and an npm script calling `run-durable …` exactly as it called the reference testing
 * package's command. The reference's own run-durable runs the same handler file side by side.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tsupConfig from "../../tsup.config.js";

const root = join(import.meta.dirname, "../..");
// Inside the repository (so the scratch project resolves tsx, zod and the SDKs from node_modules); ignored by git.
const scratch = join(root, `.tmp-pack-run-durable-${process.pid}-${Date.now()}`);
const project = join(scratch, "project");
const pkgDir = join(project, "node_modules", "durable-execution-sdk");
const bin = join(project, "node_modules", ".bin", "run-durable");
const referenceBin = join(root, "node_modules/@aws/durable-execution-sdk-js-testing/dist/cli/run-durable.mjs");

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: project, env: { ...process.env, NO_COLOR: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const HANDLER_BODY = `
  const one = await ctx.step("one", async () => 1);
  await ctx.wait("pause", { seconds: 30 });
  const two = await ctx.step("two", async () => one + 1);
  return { one, two, event };
`;

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(pkgDir, "dist"), { recursive: true });
  mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
  const blocks = Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig];
  const block = blocks.find((b) => typeof b === "object" && b.entry && "run-durable" in (b.entry as Record<string, string>));
  expect(block, "tsup.config.ts builds a run-durable entry").toBeDefined();
  // config: false, or tsup also loads tsup.config.ts and builds its blocks into the same directory.
  await build({ ...(block as object), config: false, outDir: join(pkgDir, "dist"), silent: true, sourcemap: false });
  // As npm installs a bin: the package's manifest, and a symlink in node_modules/.bin.
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
  writeFileSync(join(pkgDir, "package.json"), JSON.stringify({ name: "durable-execution-sdk", type: "module", bin: manifest.bin }));
  expect(manifest.bin["run-durable"]).toBe("./dist/run-durable.js");
  chmodSync(join(pkgDir, manifest.bin["run-durable"]), 0o755);
  symlinkSync(join("..", "durable-execution-sdk", manifest.bin["run-durable"]), bin);

  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "scratch", private: true, type: "module", scripts: { "test:durable": "run-durable workflow.ts --skip-time" } }),
  );
  writeFileSync(
    join(project, "workflow.ts"),
    `import { withDurableExecution } from "../../src/index.js";
export const handler = withDurableExecution(async (event: unknown, ctx) => {${HANDLER_BODY}});
export const failing = withDurableExecution(async (_event: unknown, ctx) => {
  await ctx.step("doomed", async () => { throw new TypeError("out of stock"); }, { retryStrategy: () => ({ shouldRetry: false }) });
});
export const notAFunction = 42;
export const verboseProbe = withDurableExecution(async () => process.env.DURABLE_VERBOSE_MODE ?? "unset");
`,
  );
  // A .ts handler of a "type": "commonjs" package (what npm init -y writes): tsx compiles it to
  // CommonJS, whose named exports Node's import() only shows on the default export.
  mkdirSync(join(project, "cjs"));
  writeFileSync(join(project, "cjs", "package.json"), JSON.stringify({ name: "cjs-scratch", private: true, type: "commonjs" }));
  writeFileSync(
    join(project, "cjs", "workflow.ts"),
    `import { withDurableExecution } from "../../../src/index.js";
export const handler = withDurableExecution(async (event: unknown, ctx) => {${HANDLER_BODY}});
export const other = withDurableExecution(async (_event: unknown, ctx) => ctx.step("other", async () => "from other"));
`,
  );
  // The reference SDK's handler, as a plain .mjs both commands can load.
  writeFileSync(
    join(project, "reference-workflow.mjs"),
    `import { withDurableExecution } from "@aws/durable-execution-sdk-js";
export const handler = withDurableExecution(async (event, ctx) => {${HANDLER_BODY}});
`,
  );
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The report without the table's timestamps: plain lines, and the operations' name/type/subType/status cells. */
function report(output: string): { lines: string[]; rows: string[][] } {
  const lines: string[] = [];
  const rows: string[][] = [];
  for (const line of output.split("\n")) {
    if (/^[┌├└]/.test(line)) continue;
    if (line.startsWith("│")) {
      const cells = line.split("│").map((cell) => cell.trim().replace(/^'|'$/g, ""));
      if (cells[1] !== "(index)") rows.push([cells[3]!, cells[4]!, cells[5]!, cells[6]!]);
      continue;
    }
    lines.push(line);
  }
  return { lines, rows };
}

describe("run-durable bin (built, through node_modules/.bin)", () => {
  it("an npm script `run-durable workflow.ts --skip-time` runs the handler and prints the reference's report", async () => {
    const ran = await run("npm", ["run", "--silent", "test:durable"]);
    expect(ran.code, ran.stderr).toBe(0);
    const { lines, rows } = report(ran.stdout);
    expect(lines.slice(0, 2)).toEqual(["Running durable function from: workflow.ts", "Skip time: true, Verbose: false, Show history: false"]);
    expect(rows).toEqual([
      ["one", "STEP", "Step", "SUCCEEDED"],
      ["pause", "WAIT", "Wait", "SUCCEEDED"],
      ["two", "STEP", "Step", "SUCCEEDED"],
    ]);
    expect(ran.stdout).toMatch(/'30\d{3}ms'/); // the wait's skipped 30 s plus the handler's real milliseconds, as the service clock gives
    expect(ran.stdout).toContain("\nExecution Status: SUCCEEDED\n");
    const result = ran.stdout.slice(ran.stdout.indexOf("\nResult:\n") + "\nResult:\n".length);
    expect(JSON.parse(result)).toEqual({ one: 1, two: 2, event: {} });
  }, 60_000);

  it("a failed execution prints its error and still exits 0; --show-history prints the events", async () => {
    const ran = await run(bin, ["workflow.ts", "--handler-export", "failing", "--skip-time", "--show-history"]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain("Skip time: true, Verbose: false, Show history: true");
    expect(ran.stdout).toContain("\nExecution Status: FAILED\n");
    expect(ran.stdout).toContain("\nHistory Events:\n");
    expect(ran.stdout).toMatch(/'ExecutionFailed'/);
    const error = JSON.parse(ran.stdout.slice(ran.stdout.indexOf("\nError:\n") + "\nError:\n".length)) as Record<string, unknown>;
    expect(error).toMatchObject({ errorType: "StepError", errorMessage: "out of stock" });

    // -v turns on the SDK's verbose mode (DURABLE_VERBOSE_MODE) before the handler's module loads.
    const verbose = await run(bin, ["workflow.ts", "-v", "--handler-export", "verboseProbe"]);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stdout).toContain("Skip time: false, Verbose: true, Show history: false");
    expect(verbose.stdout).toContain('\nResult:\n"true"');
  }, 90_000);

  it('runs a .ts handler of a "type": "commonjs" package, by the default export name and by --handler-export', async () => {
    const ran = await run(bin, ["cjs/workflow.ts", "--skip-time"]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).not.toContain("not found");
    expect(ran.stdout).toContain("\nExecution Status: SUCCEEDED\n");
    expect(JSON.parse(ran.stdout.slice(ran.stdout.indexOf("\nResult:\n") + "\nResult:\n".length))).toEqual({ one: 1, two: 2, event: {} });
    const other = await run(bin, ["cjs/workflow.ts", "--handler-export", "other"]);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain('\nResult:\n"from other"');
    const absent = await run(bin, ["cjs/workflow.ts", "--handler-export", "absent"]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain("Error: Export 'absent' not found in cjs/workflow.ts (exports: default, handler, other)");
  }, 90_000);

  it("problems of the command exit 1 with the reference's messages", async () => {
    const missing = await run(bin, ["nope.ts"]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain("Error: File not found: nope.ts");
    const noExport = await run(bin, ["workflow.ts", "--handler-export=absent"]);
    expect(noExport.code).toBe(1);
    expect(noExport.stderr).toContain("Error: Export 'absent' not found in workflow.ts");
    const notFunction = await run(bin, ["workflow.ts", "--handler-export", "notAFunction"]);
    expect(notFunction.code).toBe(1);
    expect(notFunction.stderr).toContain("Error: Handler must be a function, got number");
    const badOption = await run(bin, ["workflow.ts", "--skip-tme"]);
    expect(badOption.code).toBe(1);
    expect(badOption.stderr).toContain("unknown option '--skip-tme'\n(Did you mean --skip-time?)");
    const noFile = await run(bin, []);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain("missing required argument <file>");

    const version = await run(bin, ["-V"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await run(bin, ["--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--skip-time", "--verbose", "--show-history", "--handler-export <name>", "--version", "--help"]) expect(help.stdout).toContain(flag);
  }, 120_000);

  it("prints what the reference's run-durable prints for the same handler file", async () => {
    const [ours, theirs] = await Promise.all([
      run(bin, ["reference-workflow.mjs", "--skip-time"]),
      run(process.execPath, [referenceBin, "reference-workflow.mjs", "--skip-time"]),
    ]);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.code, ours.stderr).toBe(0);
    const [a, b] = [report(ours.stdout), report(theirs.stdout)];
    expect(a.rows).toEqual(b.rows);
    expect(a.rows).toHaveLength(3);
    expect(a.lines).toEqual(b.lines);
    expect(a.lines).toContain("Execution Status: SUCCEEDED");
  }, 60_000);
});
