/**
 * The published package as a user gets it: `npm pack`, then `npm install <tarball>` into a fresh
 * project in a temp dir (outside this repository, so nothing resolves from our own node_modules).
 * In that project: the entry points load with `require` and `import` (the AWS SDK stays unloaded
 * until first use); the `durable` bin runs however it is reached (node_modules/.bin symlink, `npx`,
 * a global install, a differently named symlink, a Windows-style shim calling `node …/cli.js`);
 * `npx durable run` runs a handler end to end; the types compile under strict `tsc` (TypeScript 6 and the
 * native TypeScript 7) with NodeNext and bundler resolution; and the `./testing` runner drives a small
 * workflow (step, wait under skipTime, callback) in vitest, node:test and Jest, each run as a user runs it.
 *
 * The scratch project is built once (beforeAll). The install omits the optional better-sqlite3
 * (only `durable dev --db` needs it): without a prebuilt binary (none is downloadable without
 * access to GitHub releases) it compiles SQLite from source, minutes on a small machine. The test runners come from this repository's node_modules by absolute
 * path rather than being installed again.
 */
import { execFile, spawn, type ExecFileException } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_BUDGET_BYTES, OURS_SRC, REFERENCE, bundleSize } from "../../bench/size";
import { buildOnce } from "../support/build-once.js";

const root = join(import.meta.dirname, "../..");
const version: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const bin = (pkg: string, file: string) => join(root, "node_modules", pkg, file);

let workdir: string;
let project: string;
let globalPrefix: string;
let tarball: string;
const pkgDir = () => join(project, "node_modules", "durable-execution-sdk");

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws, so an assertion can show the output of a failed command. */
function sh(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd: options.cwd ?? project,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
        timeout: options.timeout ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error: ExecFileException | null, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: error && code === -1 ? `${String(stderr)}\n${error.message}` : String(stderr) });
      },
    );
  });
}

/** A command that must succeed; on failure the error shows the command and all its output. */
async function ok(cmd: string, args: string[], options: Parameters<typeof sh>[2] = {}): Promise<string> {
  const ran = await sh(cmd, args, options);
  if (ran.code !== 0) {
    throw new Error(`\`${[cmd, ...args].join(" ")}\` exited ${ran.code}\n--- stdout ---\n${ran.stdout}\n--- stderr ---\n${ran.stderr}`);
  }
  return ran.stdout;
}

/** Asserts a command exited 0, printing its output when not. */
function expectSuccess(ran: Ran, what: string): void {
  expect(ran.code, `${what} exited ${ran.code}\n--- stdout ---\n${ran.stdout}\n--- stderr ---\n${ran.stderr}`).toBe(0);
}

/** The same small workflow in each module system: a step, a one-hour wait, a callback. */
function workflowSource(system: "esm" | "cjs"): string {
  const body = [
    "withDurableExecution(async (event, context) => {",
    "  const greeting = await context.step('greet', async () => `hello ${event.name}`);",
    "  await context.wait('cool-down', { hours: 1 });",
    "  const answer = await context.waitForCallback('approval', async () => {}, { timeout: { hours: 48 } });",
    "  return { greeting, answer: JSON.parse(answer) };",
    "})",
  ].join("\n");
  return system === "esm"
    ? `import { withDurableExecution } from "durable-execution-sdk";\nexport const handler = ${body};\n`
    : `const { withDurableExecution } = require("durable-execution-sdk");\nexports.handler = ${body};\n`;
}

/**
 * One test body for vitest, node:test and Jest: `expectEqual(actual, expected)` comes from each.
 * Skipping time is what lets the one-hour wait end within the test runner's default timeout.
 */
const workflowTestBody = [
  "  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });",
  "  try {",
  "    const runner = new LocalDurableTestRunner({ handlerFunction: handler });",
  "    const execution = runner.run({ payload: { name: 'Ada' } });",
  "    const approval = runner.getOperation('approval');",
  "    await approval.waitForData(WaitingOperationStatus.SUBMITTED);",
  "    await approval.sendCallbackSuccess(JSON.stringify({ approved: true }));",
  "    const result = await execution;",
  "    expectEqual(result.getStatus(), 'SUCCEEDED');",
  "    expectEqual(result.getResult(), { greeting: 'hello Ada', answer: { approved: true } });",
  "    expectEqual(runner.getOperation('greet').getStepDetails().result, 'hello Ada');",
  "    expectEqual(runner.getOperation('cool-down').getStatus(), 'SUCCEEDED');",
  "    expectEqual(runner.getOperation('cool-down').getWaitDetails().waitSeconds, 3600);",
  "    expectEqual(approval.getStatus(), 'SUCCEEDED');",
  "  } finally {",
  "    await LocalDurableTestRunner.teardownTestEnvironment();",
  "  }",
].join("\n");

/**
 * The stall watch in each test framework (src/testing/stall-watch.ts; its async hook and Node's
 * getActiveResourcesInfo under Jest's vm contexts too): a handler's real setTimeout outside any step,
 * longer than stallTimeout, is waited for; a step body that never settles is reported, named.
 */
const stallTestBody = [
  "  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 250 });",
  "  try {",
  "    const sleeper = new LocalDurableTestRunner({",
  "      handlerFunction: withDurableExecution(async (event, context) => {",
  "        await new Promise((resolve) => setTimeout(resolve, 1000));",
  "        return context.step('after', async () => 'slept');",
  "      }),",
  "    });",
  "    expectEqual((await sleeper.run()).getResult(), 'slept');",
  "    const stuck = new LocalDurableTestRunner({",
  "      handlerFunction: withDurableExecution(async (event, context) => context.step('charge', () => new Promise(() => {}))),",
  "    });",
  "    const named = 'run(): the handler under test stalled: the body of step \"charge\" is awaiting a promise that never settles: ';",
  "    let message = 'run() settled';",
  "    try {",
  "      await stuck.run();",
  "    } catch (error) {",
  "      message = error instanceof InvocationStalledError ? error.message.slice(0, named.length) : String(error);",
  "    }",
  "    expectEqual(message, named);",
  "  } finally {",
  "    await LocalDurableTestRunner.teardownTestEnvironment();",
  "  }",
].join("\n");

/**
 * A two-invocation handler (step, wait, step) traced on the installed runner, in each module system:
 * the execution view through `./otel`'s ExecutionOtelPlugin with a tracerProviderFactory (the provider
 * of `./otel/execution` names that very class: `instanceof` holds across the entries), the invocation view loaded
 * by DURABLE_EXECUTION_PLUGINS=durable-execution-sdk/otel/invocation with the global provider (the ADOT
 * layer's way). Prints, per view, each span as "name <- parent name" plus the number of traces.
 */
function otelSource(system: "esm" | "cjs"): string {
  const imports: [string, string][] = [
    ["{ withDurableExecution }", "durable-execution-sdk"],
    ["{ LocalDurableTestRunner }", "durable-execution-sdk/testing"],
    ["{ ExecutionOtelPlugin }", "durable-execution-sdk/otel"],
    ["{ durableExecutionPluginProvider }", "durable-execution-sdk/otel/execution"],
    ["{ context, trace }", "@opentelemetry/api"],
    ["{ AsyncLocalStorageContextManager }", "@opentelemetry/context-async-hooks"],
    ["{ BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor }", "@opentelemetry/sdk-trace-base"],
  ];
  const head = imports
    .map(([names, from]) =>
      system === "esm"
        ? `import ${names} from "${from}";`
        : `const ${names.replace(/\bas\b/g, ":")} = require("${from}");`,
    )
    .join("\n");
  const body = [
    "context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());",
    "const tree = (exporter) => {",
    "  const spans = exporter.getFinishedSpans();",
    "  const names = new Map(spans.map((s) => [s.spanContext().spanId, s.name]));",
    "  return {",
    "    traces: new Set(spans.map((s) => s.spanContext().traceId)).size,",
    "    spans: spans.map((s) => `${s.name} <- ${names.get(s.parentSpanContext?.spanId) ?? '-'}`).sort(),",
    "  };",
    "};",
    "const workflow = (plugins) => withDurableExecution(async (event, ctx) => {",
    "  const a = await ctx.step('load', async () => event.n + 1);",
    "  await ctx.wait('pause', { seconds: 30 });",
    "  return ctx.step('save', async () => a * 2);",
    "}, plugins ? { plugins } : undefined);",
    "const run = async (handler) => {",
    "  const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run({ payload: { n: 1 } });",
    "  return { status: result.getStatus(), result: result.getResult(), invocations: result.getInvocations().length };",
    "};",
    "const main = async () => {",
    "  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });",
    "  const execExporter = new InMemorySpanExporter();",
    "  const plugin = new ExecutionOtelPlugin({",
    "    tracerProviderFactory: (createIdGenerator) =>",
    "      new BasicTracerProvider({ idGenerator: createIdGenerator(), spanProcessors: [new SimpleSpanProcessor(execExporter)] }),",
    "  });",
    "  const execution = { ...(await run(workflow([plugin]))), ...tree(execExporter) };",
    "  const invExporter = new InMemorySpanExporter();",
    "  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(invExporter)] }));",
    "  process.env.DURABLE_EXECUTION_PLUGINS = 'durable-execution-sdk/otel/invocation';",
    "  const invocation = { ...(await run(workflow())), ...tree(invExporter) };",
    "  await LocalDurableTestRunner.teardownTestEnvironment();",
    "  const made = durableExecutionPluginProvider.createPlugin();",
    "  // One class: the provider module uses ./otel's class, so instanceof works against the public export.",
    "  const provided = made instanceof durableExecutionPluginProvider.pluginType && made instanceof ExecutionOtelPlugin && durableExecutionPluginProvider.pluginType === ExecutionOtelPlugin;",
    "  console.log(JSON.stringify({ provided, execution, invocation }));",
    "};",
  ].join("\n");
  return `${head}\n${body}\n${system === "esm" ? "await main();" : "main().catch((error) => { console.error(error); process.exit(1); });"}\n`;
}

const files: Record<string, string> = {
  "workflow.mjs": workflowSource("esm"),
  "workflow.cjs": workflowSource("cjs"),
  // A user's ES module handler for `durable run`.
  "handler.mjs": [
    'import { withDurableExecution } from "durable-execution-sdk";',
    "export const handler = withDurableExecution(async (event, context) => {",
    "  const total = await context.step('add', async () => event.a + event.b);",
    "  await context.wait('pause', { minutes: 10 });",
    "  return { total };",
    "});",
  ].join("\n"),
  // The same handler in TypeScript, and one with an enum (syntax Node's type stripping refuses); tsx is
  // not installed in this project.
  "ts-handler/handler.ts": [
    'import { withDurableExecution, type DurableContext } from "durable-execution-sdk";',
    "interface Sum { a: number; b: number }",
    "export const handler = withDurableExecution(async (event: Sum, context: DurableContext) => {",
    "  const total: number = await context.step('add', async () => event.a + event.b);",
    "  return { total };",
    "});",
  ].join("\n"),
  // The runner with the TypeScript handler in a worker of its own (handlerModule), no tsx installed.
  "ts-handler/isolated.test.mjs": [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { LocalDurableTestRunner } from "durable-execution-sdk/testing";',
    "test('a .ts handler module in a worker', async () => {",
    "  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });",
    "  const runner = new LocalDurableTestRunner({ handlerModule: { module: new URL('./handler.ts', import.meta.url) } });",
    "  const result = await runner.run({ payload: { a: 4, b: 5 } });",
    "  assert.deepEqual(result.getResult(), { total: 9 });",
    "  await LocalDurableTestRunner.teardownTestEnvironment();",
    "});",
  ].join("\n"),
  "ts-handler/enum.ts": [
    'import { withDurableExecution } from "durable-execution-sdk";',
    "enum Mode { Add }",
    "export const handler = withDurableExecution(async () => Mode.Add);",
  ].join("\n"),
  // ESLint with the plugin's recommended config (eslint itself is linked from this repository).
  "lint/eslint.config.js": ['import durable from "durable-execution-sdk/eslint";', "export default [durable.configs.recommended];"].join("\n"),
  "lint/handler.js": [
    'import { withDurableExecution } from "durable-execution-sdk";',
    "export const handler = withDurableExecution(async (event, context) => {",
    "  const startedAt = Date.now();",
    "  return context.step('work', async () => startedAt);",
    "});",
  ].join("\n"),
  "lint/clean.js": [
    'import { withDurableExecution } from "durable-execution-sdk";',
    "export const handler = withDurableExecution(async (event, context) => context.step('now', async () => Date.now()));",
  ].join("\n"),
  // vitest, with its globals (the repository's vitest is not resolvable from the scratch project).
  "vitest/workflow.test.ts": [
    'import { withDurableExecution } from "durable-execution-sdk";',
    'import { InvocationStalledError, LocalDurableTestRunner, WaitingOperationStatus } from "durable-execution-sdk/testing";',
    'import { handler } from "../workflow.mjs";',
    "const expectEqual = (actual: unknown, expected: unknown) => expect(actual).toEqual(expected);",
    "test('the workflow runs under the runner (vitest)', async () => {",
    workflowTestBody,
    "});",
    "test('the stall watch (vitest)', async () => {",
    stallTestBody.replace(/\(event, context\)/g, "(event: unknown, context: any)"),
    "});",
  ].join("\n"),
  "node-test/workflow.test.mjs": [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { withDurableExecution } from "durable-execution-sdk";',
    'import { InvocationStalledError, LocalDurableTestRunner, WaitingOperationStatus } from "durable-execution-sdk/testing";',
    'import { handler } from "../workflow.mjs";',
    "const expectEqual = (actual, expected) => assert.deepEqual(actual, expected);",
    "test('the workflow runs under the runner (node:test)', async () => {",
    workflowTestBody,
    "});",
    "test('the stall watch (node:test)', async () => {",
    stallTestBody,
    "});",
  ].join("\n"),
  // Jest, CommonJS (its default): require() of both entries.
  "jest/workflow.test.cjs": [
    'const { withDurableExecution } = require("durable-execution-sdk");',
    'const { InvocationStalledError, LocalDurableTestRunner, WaitingOperationStatus } = require("durable-execution-sdk/testing");',
    'const { handler } = require("../workflow.cjs");',
    "const expectEqual = (actual, expected) => expect(actual).toEqual(expected);",
    "test('the workflow runs under the runner (jest)', async () => {",
    workflowTestBody,
    "});",
    "test('the stall watch (jest)', async () => {",
    stallTestBody,
    "});",
  ].join("\n"),
  "otel/trace.mjs": otelSource("esm"),
  "otel/trace.cjs": otelSource("cjs"),
  // Strict TypeScript against the shipped declarations of the three otel entries, with the OTel SDK.
  "types/otel.ts": [
    "import { withDurableExecution, type DurableInstrumentationPlugin } from 'durable-execution-sdk';",
    "import { ExecutionOtelPlugin, InvocationOtelPlugin, DeterministicIdGenerator, deriveTraceIdFromArn, type OtelPluginConfig } from 'durable-execution-sdk/otel';",
    "import { durableExecutionPluginProvider as executionProvider } from 'durable-execution-sdk/otel/execution';",
    "import { durableExecutionPluginProvider as invocationProvider } from 'durable-execution-sdk/otel/invocation';",
    "import type { TracerProvider } from '@opentelemetry/api';",
    "import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';",
    "const exporter = new InMemorySpanExporter();",
    "const config: OtelPluginConfig = {",
    "  tracerProviderFactory: (createIdGenerator): TracerProvider =>",
    "    new BasicTracerProvider({ idGenerator: createIdGenerator(), spanProcessors: [new SimpleSpanProcessor(exporter)] }),",
    "  workflowSpanName: 'Order',",
    "};",
    "const plugins: DurableInstrumentationPlugin[] = [new ExecutionOtelPlugin(config), new InvocationOtelPlugin(config)];",
    "export const handler = withDurableExecution(async (event: { n: number }, ctx) => ctx.step('a', async () => event.n + 1), { plugins });",
    "export const fromProviders: [ExecutionOtelPlugin, InvocationOtelPlugin] = [executionProvider.createPlugin(), invocationProvider.createPlugin()];",
    "export const traceId: string = deriveTraceIdFromArn('arn:aws:lambda:us-east-1:1:function:f/durable-execution/x/y');",
    "export const generator = new DeterministicIdGenerator();",
    "// @ts-expect-error workflowSpanName is a string",
    "new ExecutionOtelPlugin({ workflowSpanName: 1 });",
  ].join("\n"),
  // Strict TypeScript against the shipped declarations of the SDK entry alone.
  "types/sdk-only.ts": [
    "import { withDurableExecution, type DurableContext, StepSemantics, createRetryStrategy } from 'durable-execution-sdk';",
    "export const handler = withDurableExecution(async (event: { n: number }, ctx: DurableContext) => {",
    "  const a: number = await ctx.step('a', async () => event.n + 1, { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: createRetryStrategy({ maxAttempts: 2 }) });",
    "  await ctx.wait({ seconds: 1 });",
    "  return a;",
    "});",
  ].join("\n"),
  // Strict TypeScript against the shipped declarations, the SDK and the testing entry.
  "types/consumer.ts": [
    "import { withDurableExecution, type DurableContext, type StepConfig, type MapConfig, StepSemantics } from 'durable-execution-sdk';",
    "import { LocalDurableTestRunner, WaitingOperationStatus, type TestResult } from 'durable-execution-sdk/testing';",
    "const config: StepConfig<number> = { semantics: StepSemantics.AtMostOncePerRetry };",
    "const map: MapConfig<string, number> = { maxConcurrency: 2, itemNamer: (item) => item };",
    "export const handler = withDurableExecution(async (event: { n: number }, ctx: DurableContext) => {",
    "  const a: number = await ctx.step('a', async () => event.n + 1, config);",
    "  await ctx.wait({ seconds: 1 });",
    "  const r = await ctx.map(['x'], async (_c, item) => item.length, map);",
    "  return a + r.getResults()[0]!;",
    "});",
    "export async function check(): Promise<number | undefined> {",
    "  const runner = new LocalDurableTestRunner<number>({ handlerFunction: handler });",
    "  const result: TestResult<number> = await runner.run({ payload: { n: 1 } });",
    "  await runner.getOperation('a').waitForData(WaitingOperationStatus.COMPLETED);",
    "  return result.getResult();",
    "}",
    "// @ts-expect-error maxConcurrency must be a number",
    "const bad: MapConfig<string, number> = { maxConcurrency: 'two' };",
    "void bad;",
  ].join("\n"),
};

// A Node project has @types/node (the testing entry's types, like the reference testing package's,
// use Node's and the AWS SDK's); the SDK entry alone must compile without it, for projects that bundle
// for Lambda with no Node types in scope.
const tsconfig = (module: string, moduleResolution: string, withNodeTypes: boolean) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module,
      moduleResolution,
      target: "ES2022",
      noEmit: true,
      skipLibCheck: false,
      ...(withNodeTypes ? { types: ["node"], typeRoots: [join(root, "node_modules", "@types")] } : { types: [] }),
    },
    files: [withNodeTypes ? "consumer.ts" : "sdk-only.ts"],
  });

/**
 * The compilers a user type-checks with: the TypeScript this repository builds with (6.x) and the native
 * TypeScript 7 (`npm install typescript` gives 7 since its release), installed here as `typescript-7`.
 * Named by their installed version, so the test names say which ran.
 */
const COMPILER_PACKAGES = ["typescript", "typescript-7"] as const;
const versionOf = (pkg: string): string => JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
const COMPILERS = COMPILER_PACKAGES.map((pkg) => `TypeScript ${versionOf(pkg)}`);
const tscOf = (compiler: string): string => bin(COMPILER_PACKAGES[COMPILERS.indexOf(compiler)]!, "bin/tsc");

/** vitest 5's engines: Node ^22.12.0 || ^24.0.0 || >=26. */
const RUNS_VITEST_5 = ((major: number, minor: number) => (major === 22 && minor >= 12) || major === 24 || major >= 26)(
  ...(process.versions.node.split(".").map(Number) as [number, number]),
);

// Each step is a child process on a possibly busy machine: timeouts are generous (a hung step still fails).
const timings: Record<string, number> = {};
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), "durable-pack-"));
  project = join(workdir, "project");
  globalPrefix = join(workdir, "global");
  await timed("build", buildOnce);
  const packed = await timed("pack", () => ok("npm", ["pack", "--silent", "--pack-destination", workdir], { cwd: root }));
  tarball = join(workdir, packed.trim().split("\n").pop()!);
  for (const [file, text] of Object.entries({ "package.json": JSON.stringify({ name: "scratch", private: true, type: "module" }), ...files })) {
    const path = join(project, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  // --prefer-offline: reuse the npm cache where it has the packages; the registry is asked otherwise.
  const install = ["--no-audit", "--no-fund", "--prefer-offline", "--omit=optional", "--loglevel=error"];
  await timed("npm install <tarball>", () => ok("npm", ["install", ...install, tarball], { timeout: 600_000 }));
  // A global install ignores --omit=optional; --ignore-scripts keeps it from compiling better-sqlite3
  // (bins are still linked: linking is not a script).
  await timed("npm install --global <tarball>", () =>
    ok("npm", ["install", "--global", "--prefix", globalPrefix, ...install, "--ignore-scripts", tarball], { cwd: workdir, timeout: 600_000 }),
  );
  // eslint is an optional peer: a user installs it; here it is linked from this repository.
  await ok("ln", ["-s", join(root, "node_modules/eslint"), join(project, "node_modules/eslint")]);
  await ok("ln", ["-s", "../eslint/bin/eslint.js", join(project, "node_modules/.bin/eslint")]);
  // @opentelemetry/api is an optional peer: a tracing user installs it and an OTel SDK; linked from this
  // repository (their own dependencies resolve from there too, one copy of the API).
  mkdirSync(join(project, "node_modules/@opentelemetry"), { recursive: true });
  for (const name of ["api", "sdk-trace-base", "context-async-hooks"]) {
    await ok("ln", ["-s", join(root, "node_modules/@opentelemetry", name), join(project, "node_modules/@opentelemetry", name)]);
  }
}, 1_200_000);

afterAll(async () => {
  if (Object.keys(timings).length > 0) console.log(`pack test setup (ms): ${JSON.stringify(timings)}`);
  if (workdir) await rm(workdir, { recursive: true, force: true });
}, 300_000);

describe("the installed package", { timeout: 240_000 }, () => {
  it("ships the built entry points and no sources or tests; the bin is declared and executable", () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir(), "package.json"), "utf8"));
    expect(manifest.name).toBe("durable-execution-sdk");
    expect(manifest.bin).toEqual({ durable: "./dist/cli.js", "run-durable": "./dist/run-durable.js" });
    for (const file of ["dist/eslint.js", "dist/eslint.cjs", "dist/eslint.d.ts", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/testing.js", "dist/testing.cjs", "dist/testing.d.ts", "dist/cli.js", "dist/run-durable.js"]) {
      expect(existsSync(join(pkgDir(), file)), file).toBe(true);
    }
    for (const file of ["dist/cli.js", "dist/run-durable.js"]) {
      expect(readFileSync(join(pkgDir(), file), "utf8").startsWith("#!/usr/bin/env node\n"), file).toBe(true);
      const linked = join(project, "node_modules", ".bin", file === "dist/cli.js" ? "durable" : "run-durable");
      expect(existsSync(linked), linked).toBe(true);
    }
    expect(existsSync(join(pkgDir(), "src"))).toBe(false);
    expect(existsSync(join(pkgDir(), "test"))).toBe(false);
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).dependencies).toHaveProperty("durable-execution-sdk");
  });

  it("a 3-step handler bundled from the installed package (what a Lambda deploy bundles) is within the size budget and no larger than the reference's", async () => {
    // test/package/bundle-size.test.ts bundles src/ (no build needed); users deploy the published build.
    // It is one module, so unused top-level code with side effects stays in a bundle of it unless it is
    // marked pure (a bundle of src/ drops whole unused files: "sideEffects": false). Three such
    // statements (file-system serdes, preview and wait-strategy tables) once made it 270 B larger.
    const [ours, fromSource, reference] = await Promise.all([bundleSize(join(pkgDir(), "dist/index.js")), bundleSize(OURS_SRC), bundleSize(REFERENCE)]);
    expect(ours.bytes, `published build ${ours.bytes} B, src/ ${fromSource.bytes} B`).toBeLessThanOrEqual(fromSource.bytes);
    expect(ours.inputs.every((file) => file.includes("durable-execution-sdk/dist/") || file === "handler.ts"), ours.inputs.join(", ")).toBe(true);
    expect(ours.staticImports).toEqual([]);
    expect(ours.bytes, `ours ${ours.bytes} B, budget ${BUNDLE_BUDGET_BYTES} B`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    expect(ours.bytes, `ours ${ours.bytes} B, reference ${reference.bytes} B`).toBeLessThanOrEqual(reference.bytes);
  });

  it("loads with require()", async () => {
    const out = await ok("node", [
      "-e",
      "const sdk = require('durable-execution-sdk'); console.log(typeof sdk.withDurableExecution, typeof sdk.StepError, sdk.OperationType.STEP, typeof require('durable-execution-sdk/testing').LocalDurableTestRunner)",
    ]);
    expect(out.trim()).toBe("function function STEP function");
  });

  it("loads with import, without loading the AWS SDK", async () => {
    const script = [
      "import * as sdk from 'durable-execution-sdk';",
      "import { createRequire } from 'node:module';",
      "const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('client-lambda'));",
      "console.log(typeof sdk.withDurableExecution, new sdk.StepError('x') instanceof sdk.DurableOperationError, loaded);",
    ].join("\n");
    const out = await ok("node", ["--input-type=module", "-e", script]);
    expect(out.trim()).toBe("function true false");
  });

  it("imports no built-in as an ES module (none of their lazy parts load), and still formats a log line with node:util", async () => {
    // Importing a built-in as an ES module makes Node read every export, running lazy getters:
    // node:util's load parseArgs (and on Node 24 streams, net, workers), node:crypto's load WebCrypto.
    // The SDK takes built-ins with process.getBuiltinModule (src/runtime/builtins.ts).
    const script = [
      "const facades = () => ['NativeModule internal/util/parse_args/parse_args', 'NativeModule internal/crypto/webcrypto'].filter((m) => process.moduleLoadList.includes(m));",
      "const sdk = await import('durable-execution-sdk');",
      "const afterImport = facades();",
      "const { LocalDurableTestRunner } = await import('durable-execution-sdk/testing');",
      "await LocalDurableTestRunner.setupTestEnvironment();",
      "const runner = new LocalDurableTestRunner({ handlerFunction: sdk.withDurableExecution(async (_event, context) => {",
      "  context.logger.info('n=%d %o', 7, { a: [1] });",
      "  return 'ok';",
      "}) });",
      "const result = await runner.run();",
      "await LocalDurableTestRunner.teardownTestEnvironment();",
      // The probe itself works on this Node: importing the two as modules does load those parts.
      "await import('node:util');",
      "await import('node:crypto');",
      "console.log(JSON.stringify({ afterImport, probe: facades().length, result: result.getResult() }));",
    ].join("\n");
    const lines = (await ok("node", ["--input-type=module", "-e", script])).trim().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toEqual({ afterImport: [], probe: 2, result: "ok" });
    expect(lines.map((line) => JSON.parse(line) as { message?: unknown }).find((record) => record.message !== undefined)?.message).toBe("n=7 { a: [ 1, [length]: 1 ] }");
  });

  it.each(
    COMPILERS.flatMap((compiler) =>
      ([
        ["NodeNext", "NodeNext", true],
        ["ESNext", "bundler", true],
        ["NodeNext", "NodeNext", false],
        ["ESNext", "bundler", false],
      ] as const).map(([module, moduleResolution, withNodeTypes]) => [compiler, module, moduleResolution, withNodeTypes] as const),
    ),
  )("its types compile under strict tsc of %s (module %s, moduleResolution %s, @types/node in scope: %s)", async (compiler, module, moduleResolution, withNodeTypes) => {
    writeFileSync(join(project, "types", "tsconfig.json"), tsconfig(module, moduleResolution, withNodeTypes));
    expectSuccess(await sh("node", [tscOf(compiler), "-p", "tsconfig.json"], { cwd: join(project, "types") }), `${compiler} tsc (${moduleResolution})`);
  });
});

describe("durable-execution-sdk/otel, from the installed package", { timeout: 240_000 }, () => {
  it.each(COMPILERS)("the three otel entries compile under strict tsc of %s (NodeNext and bundler) with @opentelemetry/sdk-trace-base", async (compiler) => {
    for (const [module, moduleResolution] of [["NodeNext", "NodeNext"], ["ESNext", "bundler"]]) {
      const config = JSON.parse(tsconfig(module!, moduleResolution!, true));
      writeFileSync(join(project, "types", "tsconfig.json"), JSON.stringify({ ...config, files: ["otel.ts"] }));
      expectSuccess(await sh("node", [tscOf(compiler), "-p", "tsconfig.json"], { cwd: join(project, "types") }), `${compiler} tsc otel.ts (${moduleResolution})`);
    }
  });

  it.each(["trace.mjs", "trace.cjs"])("node otel/%s: a 2-invocation execution on the installed runner gives the span tree of each view", async (file) => {
    const out = JSON.parse(await ok("node", [join("otel", file)]));
    expect(out.provided).toBe(true);
    const ran = { status: "SUCCEEDED", result: 4, invocations: 2, traces: 1 };
    expect(out.execution).toEqual({
      ...ran,
      spans: [
        "Invocation <- Workflow",
        "Invocation <- Workflow",
        "Workflow <- -",
        "load <- Workflow",
        "load attempt 1 <- load",
        "pause <- Workflow",
        "save <- Workflow",
        "save attempt 1 <- save",
      ],
    });
    // Each invocation span is a root of the one trace; `pause` ends in the second invocation, where its
    // continuation is a new span under that invocation.
    expect(out.invocation).toEqual({
      ...ran,
      spans: [
        "Invocation <- -",
        "Invocation <- -",
        "load <- Invocation",
        "load attempt 1 <- load",
        "pause <- Invocation",
        "pause <- Invocation",
        "save <- Invocation",
        "save attempt 1 <- save",
      ],
    });
  });
});

describe("durable-execution-sdk/eslint, from the installed package", { timeout: 240_000 }, () => {
  it("node_modules/.bin/eslint with the recommended config flags Date.now() in a handler and passes a clean one", async () => {
    const eslint = join(project, "node_modules/.bin/eslint");
    const flagged = await sh(eslint, ["--format", "json", "handler.js"], { cwd: join(project, "lint") });
    expect(flagged.code, flagged.stderr).toBe(1);
    const [result] = JSON.parse(flagged.stdout) as { messages: { ruleId: string; line: number; suggestions?: unknown[] }[] }[];
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([["durable/no-non-deterministic-outside-step", 3]]);
    expect(result!.messages[0]!.suggestions).toHaveLength(1);
    expectSuccess(await sh(eslint, ["clean.js"], { cwd: join(project, "lint") }), "eslint clean.js");
    const cjs = await ok("node", ["-e", "const p = require('durable-execution-sdk/eslint').default; console.log(Object.keys(p.configs.recommended.rules).length)"]);
    expect(cjs.trim()).toBe("3");
  });
});

describe("the durable bin, however it is reached", { timeout: 240_000 }, () => {
  const expectUsage = (ran: Ran, what: string) => {
    expectSuccess(ran, what);
    expect(ran.stdout, what).toContain(`durable ${version} — tooling for durable-execution-sdk`);
    expect(ran.stdout, what).toMatch(/Commands:\n {2}run \[options\] <file> /);
  };

  it("node_modules/.bin/durable --help (npm's symlink) prints the usage", async () => {
    expectUsage(await sh(join(project, "node_modules/.bin/durable"), ["--help"]), "node_modules/.bin/durable --help");
  });

  it("npx durable --help prints the usage; npx durable --version prints the version", async () => {
    expectUsage(await sh("npx", ["--no-install", "durable", "--help"]), "npx durable --help");
    expect((await ok("npx", ["--no-install", "durable", "--version"])).trim()).toBe(version);
  });

  it("a global install's durable --help prints the usage", async () => {
    expectUsage(await sh(join(globalPrefix, "bin/durable"), ["--help"]), "global durable --help");
  });

  it("a symlink of any name, and a Windows-style shim (`node path/to/cli.js`), print the usage", async () => {
    await ok("ln", ["-sf", join(pkgDir(), "dist/cli.js"), join(workdir, "my-durable")]);
    expectUsage(await sh("node", [join(workdir, "my-durable"), "--help"]), "node <symlink> --help");
    writeFileSync(join(workdir, "durable-shim.sh"), `#!/bin/sh\nexec node "${join(pkgDir(), "dist/cli.js")}" "$@"\n`, { mode: 0o755 });
    expectUsage(await sh(join(workdir, "durable-shim.sh"), ["--help"]), "shim --help");
  });

  it("a bad command exits 2 with the usage on stderr", async () => {
    const ran = await sh(join(project, "node_modules/.bin/durable"), ["frobnicate"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("durable: unknown command 'frobnicate'");
  });

  it("npx durable run <handler> runs it end to end and prints the result", async () => {
    const ran = await sh("npx", ["--no-install", "durable", "run", "handler.mjs", "--input", '{"a":2,"b":3}']);
    expectSuccess(ran, "npx durable run handler.mjs");
    expect(ran.stdout).toContain('durable run handler.mjs (export "handler", virtual clock)');
    expect(ran.stdout).toMatch(/add\s+STEP Step\s+SUCCEEDED\s+1\s+\d+ ms\s+→ 5/);
    expect(ran.stdout).toMatch(/pause\s+WAIT Wait\s+SUCCEEDED\s+10 min/);
    expect(ran.stdout).toContain('Result:\n{\n  "total": 5\n}');
    const json = await sh("npx", ["--no-install", "durable", "run", "handler.mjs", "--json", "--input", '{"a":1,"b":1}']);
    expectSuccess(json, "npx durable run handler.mjs --json");
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "SUCCEEDED", result: { total: 2 }, invocations: 2 });
  });

  // tsx is not installed here: Node 22.18+ and 24 load the .ts file themselves (type stripping); Node 20
  // cannot, and the command says what to install.
  it("npx durable run <handler.ts> without tsx: Node's type stripping where this Node has it, else a usage error naming tsx", async () => {
    const ran = await sh("npx", ["--no-install", "durable", "run", "ts-handler/handler.ts", "--json", "--input", '{"a":2,"b":3}']);
    if ((process.features as { typescript?: unknown }).typescript) {
      expectSuccess(ran, "npx durable run ts-handler/handler.ts");
      expect(JSON.parse(ran.stdout)).toMatchObject({ status: "SUCCEEDED", result: { total: 5 } });
      const refused = await sh("npx", ["--no-install", "durable", "run", "ts-handler/enum.ts"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("TypeScript enum is not supported in strip-only mode (loaded with Node's built-in type stripping");
      expect(refused.stderr).toContain("install tsx (npm install --save-dev tsx)");
    } else {
      expect(ran.code).toBe(2);
      expect(ran.stderr).toContain("ts-handler/handler.ts is a TypeScript file and tsx is not installed. Install it (npm install --save-dev tsx), run on Node.js 22.18+ or 23.6+");
    }
  });
});

describe("durable dev from the installed package", { timeout: 240_000 }, () => {
  it("serves the web UI (built into dist/ui) under /ui/ next to the Lambda API", async () => {
    expect(existsSync(join(pkgDir(), "dist/ui/index.html"))).toBe(true);
    expect(existsSync(join(pkgDir(), "ui"))).toBe(false); // the UI's sources are not shipped
    const child = spawn(join(project, "node_modules/.bin/durable"), ["dev", "handler.mjs", "--port", "0", "--in-memory"], {
      cwd: project,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      let url: string | undefined;
      for (let i = 0; i < 600 && url === undefined && child.exitCode === null; i++) {
        url = /^Web UI: (http:\/\/\S+)$/m.exec(output)?.[1];
        if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(url, `durable dev printed no web UI URL:\n${output}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ui\/$/);
      const origin = new URL(url!).origin;
      const redirect = await fetch(`${origin}/`, { redirect: "manual" });
      expect([redirect.status, redirect.headers.get("location")]).toEqual([302, "/ui/"]);
      const index = await fetch(url!);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<script src="app.js" defer></script>');
      for (const [file, type] of [["app.js", "text/javascript"], ["styles.css", "text/css"], ["favicon.svg", "image/svg+xml"]] as const) {
        const asset = await fetch(`${url}${file}`);
        expect(asset.status, file).toBe(200);
        expect(asset.headers.get("content-type"), file).toContain(type);
        expect((await asset.arrayBuffer()).byteLength, file).toBeGreaterThan(100);
      }
      const functions = (await (await fetch(`${origin}/2015-03-31/functions/`)).json()) as { Functions: { FunctionName: string }[] };
      expect(functions.Functions.map((fn) => fn.FunctionName)).toEqual(["handler"]);
      expect(output).not.toContain("web UI is not served");
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});

describe("the testing runner, from the installed package, in each test framework", { timeout: 240_000 }, () => {
  it("vitest", async () => {
    const ran = await sh("node", [bin("vitest", "vitest.mjs"), "run", "--globals", "--root", project, "--dir", "vitest"], { timeout: 180_000 });
    expectSuccess(ran, "vitest run");
    expect(ran.stdout).toMatch(/Tests\s+2 passed \(2\)/);
  });

  // A new project gets vitest 5, which needs Node ^22.12 or 24 (this repository stays on vitest 4 for Node
  // 20): installed beside the project, as its own tool, and run on the same test file.
  it.skipIf(!RUNS_VITEST_5)("vitest 5 (what a new project on Node 22.12+ installs)", async () => {
    const prefix = join(workdir, "vitest-5");
    await ok("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "vitest@5"], { cwd: workdir, timeout: 600_000 });
    const vitest5 = join(prefix, "node_modules", "vitest");
    expect(JSON.parse(readFileSync(join(vitest5, "package.json"), "utf8")).version).toMatch(/^5\./);
    const ran = await sh("node", [join(vitest5, "vitest.mjs"), "run", "--globals", "--root", project, "--dir", "vitest"], { timeout: 180_000 });
    expectSuccess(ran, "vitest 5 run");
    expect(ran.stdout).toMatch(/Tests\s+2 passed \(2\)/);
  }, 600_000);

  it("node:test", async () => {
    const ran = await sh("node", ["--test", "node-test/workflow.test.mjs"], { timeout: 180_000 });
    expectSuccess(ran, "node --test");
    // The summary as TAP ("# pass 2", Node 20 and 22 when not on a terminal) or as the spec reporter's ("ℹ pass 2", Node 24).
    expect(ran.stdout).toMatch(/^(?:#|ℹ) pass 2\n(?:#|ℹ) fail 0$/m);
  });

  it.skipIf(!(process.features as { typescript?: unknown }).typescript)("node:test, a .ts handler module in a worker without tsx (Node's type stripping)", async () => {
    const ran = await sh("node", ["--test", "ts-handler/isolated.test.mjs"], { timeout: 180_000 });
    expectSuccess(ran, "node --test ts-handler/isolated.test.mjs");
    expect(ran.stdout).toMatch(/^(?:#|ℹ) pass 1\n(?:#|ℹ) fail 0$/m);
  });

  it("Jest", async () => {
    const ran = await sh("node", [bin("jest", "bin/jest.js"), "--rootDir", project, "--roots", "<rootDir>/jest", "--testMatch", "**/*.test.cjs", "--ci"], { timeout: 180_000 });
    expectSuccess(ran, "jest");
    expect(ran.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  });
});
