/**
 * DURABLE_EXECUTION_PLUGINS: provider modules loaded from disk. The loader's checks in-process (every
 * bad entry gives a PluginLoadError naming it and the fix), and real loading in a child process: a
 * provider module next to the app (relative to the working directory), a package resolved from
 * LAMBDA_TASK_ROOT's node_modules, explicit plugins first, and a bad entry failing the invocation.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PluginLoadError as ReferencePluginLoadError } from "@aws/durable-execution-sdk-js";
import { PluginLoadError } from "../../src/index.js";
import { loadConfiguredPlugins, parsePluginSpecifiers } from "../../src/runtime/plugins/loader.js";
import { rejectedError } from "../support/validation.js";

const repo = resolve(import.meta.dirname, "../..");
let dir: string;

const provider = (body: string) => `
class Plugin {
  constructor() { this.kind = "env"; }
  ${body}
}
export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: Plugin, createPlugin: () => new Plugin() };
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-plugins-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", type: "module" }));
  writeFileSync(
    join(dir, "recorder.mjs"),
    provider(`
  async onOperationStart(info) { console.log("env:start " + info.type + " " + info.name + " replay=" + info.isReplay); }
  async onInvocationEnd(info) { console.log("env:end " + info.status); }
  enrichLogContext() { return { traceId: "t-1" }; }`),
  );
  writeFileSync(join(dir, "version2.mjs"), provider("").replace("pluginApiVersion: 1", "pluginApiVersion: 2"));
  writeFileSync(join(dir, "no-export.mjs"), "export const somethingElse = 1;\n");
  writeFileSync(join(dir, "wrong-type.mjs"), provider("").replace("createPlugin: () => new Plugin()", "createPlugin: () => ({})"));
  writeFileSync(join(dir, "factory-throws.mjs"), provider("").replace("createPlugin: () => new Plugin()", "createPlugin: () => { throw new Error('no config'); }"));
  // What a factory throws is written as thrownText writes it: String() (the reference's text), and a value
  // String() cannot write described (it was a TypeError from String(), not the PluginLoadError).
  writeFileSync(join(dir, "factory-throws-text.mjs"), provider("").replace("createPlugin: () => new Plugin()", "createPlugin: () => { throw 'no region'; }"));
  writeFileSync(join(dir, "factory-throws-bare.mjs"), provider("").replace("createPlugin: () => new Plugin()", "createPlugin: () => { throw Object.assign(Object.create(null), { code: 1 }); }"));
  writeFileSync(join(dir, "default-export.mjs"), `${provider("")}\nexport default { durableExecutionPluginProvider };\n`);
  const pkg = join(dir, "task-root", "node_modules", "layer-plugin");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "layer-plugin", type: "module", exports: "./index.js" }));
  writeFileSync(join(pkg, "index.js"), provider(`async onOperationStart(info) { console.log("layer:start " + info.name); }`));
  writeFileSync(
    join(dir, "driver.ts"),
    `
import { withDurableExecution } from ${JSON.stringify(join(repo, "src/index.ts"))};
import { LocalDurableTestRunner } from ${JSON.stringify(join(repo, "src/testing.ts"))};
await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
const handler = withDurableExecution(
  async (_event: unknown, ctx: any) => {
    await ctx.step("first", async () => 1);
    ctx.logger.info("inside");
    await ctx.wait("pause", { seconds: 1 });
    return "done";
  },
  { plugins: [{ async onOperationStart(info: any) { console.log("explicit:start " + info.name); } }] },
);
const execution = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
console.log("RESULT " + JSON.stringify({ status: execution.getStatus(), result: execution.getStatus() === "SUCCEEDED" ? execution.getResult() : execution.getError() }));
await LocalDurableTestRunner.teardownTestEnvironment();
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runDriver(env: Record<string, string>, cwd = dir): string[] {
  const out = execFileSync(join(repo, "node_modules/.bin/tsx"), [join(dir, "driver.ts")], {
    cwd,
    env: { ...process.env, AWS_LAMBDA_LOG_FORMAT: "JSON", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return out.split("\n").filter((line) => line.trim() !== "");
}

const loadError = async (value: string, extra: Record<string, string> = {}) =>
  (await rejectedError(PluginLoadError, () => loadConfiguredPlugins([], { DURABLE_EXECUTION_PLUGINS: value, LAMBDA_TASK_ROOT: dir, ...extra }))).message;

describe("PluginLoadError", () => {
  it("puts the reference's prefix before the message it is given, as the reference's constructor does", () => {
    const cause = new Error("disk");
    const [mine, theirs] = [new PluginLoadError("no provider", { cause }), new ReferencePluginLoadError("no provider", { cause })];
    expect(mine.message).toBe(theirs.message);
    expect(mine.message).toBe("Dynamic plugin configuration failed: no provider");
    expect([mine.name, mine.cause]).toEqual([theirs.name, theirs.cause]);
  });
});

describe("DURABLE_EXECUTION_PLUGINS parsing and checks", () => {
  it("unset or blank means no plugins; entries are comma-separated and trimmed", () => {
    expect(parsePluginSpecifiers({})).toEqual([]);
    expect(parsePluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: "  " })).toEqual([]);
    expect(parsePluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: " a , @scope/b/c " })).toEqual(["a", "@scope/b/c"]);
  });

  it("explicit plugins come first, environment plugins follow in list order", async () => {
    const explicit = { enrichLogContext: () => ({ explicit: true }) };
    const plugins = await loadConfiguredPlugins([explicit], { DURABLE_EXECUTION_PLUGINS: "./recorder.mjs,./default-export.mjs", LAMBDA_TASK_ROOT: dir });
    expect(plugins[0]).toBe(explicit);
    expect(plugins.slice(1).map((p) => (p as { kind?: string }).kind)).toEqual(["env", "env"]);
  });

  it.each([
    ["a,,b", /DURABLE_EXECUTION_PLUGINS must contain non-empty, comma-separated package or module specifiers \(entry 2 of "a,,b" is empty\)/],
    ["./recorder.mjs, ./recorder.mjs", /duplicate module specifier '\.\/recorder\.mjs'/],
    ["./missing.mjs", /Failed to load plugin module '\.\/missing\.mjs' \(listed in DURABLE_EXECUTION_PLUGINS\)/],
    ["not-installed-plugin-pkg", /Failed to load plugin module 'not-installed-plugin-pkg'.*Unable to resolve 'not-installed-plugin-pkg'.*nodejs\/node_modules/],
    ["./version2.mjs", /Plugin provider '\.\/version2\.mjs' declares plugin API version '2', but durable-execution-sdk supports version 1\. Install compatible/],
    ["./no-export.mjs", /Plugin module '\.\/no-export\.mjs' must export 'durableExecutionPluginProvider'/],
    ["./wrong-type.mjs", /Plugin provider '\.\/wrong-type\.mjs' declared plugin type 'Plugin' but created 'Object'/],
    ["./factory-throws.mjs", /Plugin provider '\.\/factory-throws\.mjs' failed to create its plugin: no config/],
    ["./factory-throws-text.mjs", /Plugin provider '\.\/factory-throws-text\.mjs' failed to create its plugin: no region$/],
    ["./factory-throws-bare.mjs", /Plugin provider '\.\/factory-throws-bare\.mjs' failed to create its plugin: an object with code$/],
  ])("%s → PluginLoadError naming it", async (value, message) => {
    const text = await loadError(value);
    expect(text).toMatch(/^Dynamic plugin configuration failed: /);
    expect(text).toMatch(message);
  });
});

describe("DURABLE_EXECUTION_PLUGINS in a real process", () => {
  it("loads a provider module relative to the working directory, after the explicit plugins; enriches log lines", () => {
    const lines = runDriver({ DURABLE_EXECUTION_PLUGINS: "./recorder.mjs" });
    expect(lines.filter((l) => l.includes(":start") || l.includes(":end"))).toEqual([
      "explicit:start first",
      "env:start STEP first replay=false",
      "explicit:start pause",
      "env:start WAIT pause replay=false",
      "env:end PENDING",
      "env:end SUCCEEDED",
    ]);
    const logLine = lines.find((l) => l.includes('"inside"'));
    expect(JSON.parse(logLine!)).toMatchObject({ message: "inside", traceId: "t-1" });
    expect(lines.at(-1)).toBe('RESULT {"status":"SUCCEEDED","result":"done"}');
  }, 60_000);

  it("resolves a package from LAMBDA_TASK_ROOT's node_modules (a layer or the function artifact)", () => {
    const lines = runDriver({ DURABLE_EXECUTION_PLUGINS: "layer-plugin", LAMBDA_TASK_ROOT: join(dir, "task-root") });
    expect(lines.filter((l) => l.startsWith("layer:"))).toEqual(["layer:start first", "layer:start pause"]);
  }, 60_000);

  it("a bad entry fails every invocation with the PluginLoadError (the handler never runs)", () => {
    const lines = runDriver({ DURABLE_EXECUTION_PLUGINS: "./version2.mjs" });
    expect(lines.some((l) => l.startsWith("explicit:"))).toBe(false);
    const result = JSON.parse(lines.at(-1)!.replace(/^RESULT /, ""));
    expect(result.status).toBe("FAILED");
    expect(result.result.errorMessage).toMatch(/Plugin provider '\.\/version2\.mjs' declares plugin API version '2'/);
  }, 60_000);
});
