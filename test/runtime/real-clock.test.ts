/**
 * The runtime's real clock and timers: real time under fake timers, and nothing loaded for them at import
 * (reading `globalThis.performance` loads Node's perf_hooks modules, about a millisecond of every cold
 * start; importing `node:timers` loads timers/promises).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";

const root = join(import.meta.dirname, "../..");

describe("realMonotonicNow", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.resetModules();
  });

  it("keeps real time when fake timers (hrtime and performance included) were installed before the module loaded", async () => {
    vi.useFakeTimers({ toFake: ["hrtime", "performance", "Date", "setTimeout", "setImmediate"] });
    vi.resetModules();
    const { realMonotonicNow, realDelay } = await import("../../src/runtime/real-timers.js");
    const fakeBefore = process.hrtime();
    const before = realMonotonicNow();
    await realDelay(30);
    const elapsed = realMonotonicNow() - before;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(5_000);
    // The fake clock did not move meanwhile: the runtime's clock is not the fake one.
    expect(process.hrtime(fakeBefore)).toEqual([0, 0]);
  });

  it("timers: with the globals replaced by mocks that keep no original (Jest's legacy fakes), Node's timers module supplies the real ones", async () => {
    const mock = Object.assign(vi.fn(), { _isMockFunction: true });
    vi.stubGlobal("setTimeout", mock);
    vi.resetModules();
    try {
      const { realDelay } = await import("../../src/runtime/real-timers.js");
      await realDelay(5);
      expect(mock).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("importing the SDK entry loads none of Node's perf_hooks modules, nor timers/promises", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-perf-hooks-"));
    try {
      const entry = join(dir, "entry.mjs");
      await build({
        stdin: { contents: `import * as sdk from ${JSON.stringify(join(root, "src/index.ts"))}; globalThis.sdk = sdk;`, resolveDir: root, loader: "ts" },
        bundle: true,
        platform: "node",
        format: "esm",
        outfile: entry,
        external: ["@aws-sdk/*"],
        logLevel: "error",
      });
      const loaded = (before: string): string[] => {
        const script = `${before} console.log(JSON.stringify(process.moduleLoadList));`;
        return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim()) as string[];
      };
      // What reading `performance` loads (Node 22's util also loads a few internal/perf helpers, and so
      // does the reference's import: those are not the clock).
      const clockModules = ["NativeModule perf_hooks", "NativeModule internal/perf/performance"];
      // The check can fail: touching performance loads them.
      expect(loaded("globalThis.performance;")).toEqual(expect.arrayContaining(clockModules));
      expect(loaded(`await import(${JSON.stringify(entry)});`).filter((m) => clockModules.includes(m))).toEqual([]);
      const timersPromises = (before: string): boolean =>
        execFileSync(process.execPath, ["--input-type=module", "-e", `${before} console.log(process.moduleLoadList.includes("NativeModule timers/promises"));`], { encoding: "utf8" }).trim() === "true";
      expect(timersPromises('await import("node:timers");')).toBe(true);
      expect(timersPromises(`await import(${JSON.stringify(entry)});`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
