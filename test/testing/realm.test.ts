/**
 * Values the runner returns are of the caller's realm.
 *
 * Jest: runs test/testing/jest/realm.jest.cjs under real Jest (30, from node_modules), in a child
 * process: Jest gives each test file its own realm, which is where values built by the host's
 * `structuredClone` failed `toBeInstanceOf(Date)`. Our SDK and testing entry are bundled to
 * CommonJS next to a copy of the test file first (esbuild), so Jest needs no TypeScript transform.
 *
 * Vitest: runs test/testing/vm/realm.vm-case.ts with the `vmForks` pool (one vm context per
 * test file), also in a child process.
 *
 * Both files failed before the runner stopped copying with `structuredClone`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "durable-jest-realm-"));
  await build({
    stdin: {
      contents: `export * as sdk from "./src/index.ts";\nexport * as testing from "./src/testing.ts";\n`,
      resolveDir: root,
      sourcefile: "jest-entry.ts",
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile: join(dir, "bundle.cjs"),
    logLevel: "silent",
  });
  copyFileSync(join(import.meta.dirname, "jest/realm.jest.cjs"), join(dir, "realm.jest.cjs"));
  const config = {
    rootDir: dir,
    roots: [dir],
    testMatch: ["<rootDir>/*.jest.cjs"],
    testEnvironment: require.resolve("jest-environment-node"),
    modulePaths: [join(root, "node_modules")],
    cacheDirectory: join(dir, ".cache"),
    watchman: false,
  };
  writeFileSync(join(dir, "jest.config.json"), JSON.stringify(config));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("under real Jest", () => {
  it("the runner's Dates are of the test file's realm, and it runs with jest.useFakeTimers()", () => {
    const jest = join(root, "node_modules/jest/bin/jest.js");
    const child = spawnSync(process.execPath, [jest, "--config", join(dir, "jest.config.json"), "--ci", "--json", "--testTimeout", "20000"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
    });
    const report = JSON.parse(child.stdout) as { numPassedTests: number; numFailedTests: number; testResults: { message: string }[] };
    expect(report.testResults.map((file) => file.message).join("\n")).toBe("");
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(3);
    expect(child.status).toBe(0);
  }, 150_000);
});

describe("under Vitest's vmForks pool", () => {
  it("the runner's Dates are of the test file's realm", () => {
    const vitest = join(root, "node_modules/vitest/vitest.mjs");
    const child = spawnSync(process.execPath, [vitest, "run", "--config", "test/testing/vm/vitest.vm.config.mts", "--reporter", "json"], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    const report = JSON.parse(child.stdout) as { numPassedTests: number; numFailedTests: number; testResults: { message: string }[] };
    expect(report.testResults.map((file) => file.message).join("\n")).toBe("");
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(1);
    expect(child.status).toBe(0);
  }, 150_000);
});
