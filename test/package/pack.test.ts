/**
 * The published package: `npm pack`, unpacked as a dependency of a scratch project, loads with both
 * `require` and `import`, exposes the generated types, keeps the AWS SDK out of the SDK entry until
 * first use, and its `./testing` entry and `durable` bin resolve.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
// Inside the repository, so the scratch project resolves @aws-sdk/client-lambda from node_modules;
// unique per run, so concurrent test runs never share it.
const scratch = join(root, `.tmp-pack-${process.pid}-${Date.now()}`);
const pkgDir = join(scratch, "node_modules", "durable-execution-sdk");
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(pkgDir, { recursive: true });
  run("npm", ["run", "build", "--silent"], root);
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", scratch], root).trim().split("\n").pop()!;
  run("tar", ["-xzf", join(scratch, tarball), "-C", pkgDir, "--strip-components=1"], scratch);
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
}, 240_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm pack", () => {
  it("ships the built entry points and no sources or tests", () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    expect(manifest.name).toBe("durable-execution-sdk");
    for (const file of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/testing.js", "dist/testing.cjs", "dist/cli.js"]) {
      expect(existsSync(join(pkgDir, file)), file).toBe(true);
    }
    expect(existsSync(join(pkgDir, "src"))).toBe(false);
    expect(existsSync(join(pkgDir, "test"))).toBe(false);
  });

  it("loads with require()", () => {
    const out = run(
      "node",
      ["-e", "const sdk = require('durable-execution-sdk'); console.log(typeof sdk.withDurableExecution, typeof sdk.StepError, sdk.OperationType.STEP, typeof require('durable-execution-sdk/testing').LocalDurableService)"],
      scratch,
    );
    expect(out.trim()).toBe("function function STEP function");
  });

  it("loads with import, without loading the AWS SDK", () => {
    const script = [
      "import * as sdk from 'durable-execution-sdk';",
      "import { createRequire } from 'node:module';",
      "const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('client-lambda'));",
      "console.log(typeof sdk.withDurableExecution, new sdk.StepError('x') instanceof sdk.DurableOperationError, loaded);",
    ].join("\n");
    const out = run("node", ["--input-type=module", "-e", script], scratch);
    expect(out.trim()).toBe("function true false");
  });

  it("exposes the generated types to a TypeScript consumer (NodeNext resolution)", () => {
    writeFileSync(
      join(scratch, "consumer.ts"),
      [
        "import { withDurableExecution, type DurableContext, type StepConfig, type MapConfig, StepSemantics } from 'durable-execution-sdk';",
        "const config: StepConfig<number> = { semantics: StepSemantics.AtMostOncePerRetry };",
        "const map: MapConfig<string, number> = { maxConcurrency: 2, itemNamer: (item) => item };",
        "export const handler = withDurableExecution(async (event: { n: number }, ctx: DurableContext) => {",
        "  const a: number = await ctx.step('a', async () => event.n + 1, config);",
        "  await ctx.wait({ seconds: 1 });",
        "  const r = await ctx.map(['x'], async (_c, item) => item.length, map);",
        "  return a + r.getResults()[0]!;",
        "});",
        "// @ts-expect-error maxConcurrency must be a number",
        "const bad: MapConfig<string, number> = { maxConcurrency: 'two' };",
        "void bad;",
      ].join("\n"),
    );
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: false, types: [] }, files: ["consumer.ts"] }),
    );
    run("node", [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], scratch);
  });

  it("the durable bin runs", () => {
    expect(run("node", [join(pkgDir, "dist/cli.js"), "--version"], scratch).trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });
});
