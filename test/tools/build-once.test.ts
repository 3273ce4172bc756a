/**
 * The logic of test/support/build-once.ts (buildOnceWith), with a fake build and a lock and stamp in a
 * temporary directory (not the real ones, which a packing test of the same run may hold): callers at
 * once build once and all return only after that build completed; a later caller of the same run
 * reuses it, one of another run builds again; a failed build leaves no stamp and releases the lock; a
 * held lock is waited for, a stale one taken over.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOnceWith, type BuildOnceOptions } from "../support/build-once.js";

describe("buildOnceWith", { timeout: 10_000 }, () => {
  let dir: string;
  let lock: string;
  let stamp: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-build-once-"));
    lock = join(dir, "build.lock");
    stamp = join(dir, "build.run");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A build that takes `ms`, counting its starts and whether the last one completed. */
  function fakeBuild(ms = 80, fails: (n: number) => boolean = () => false) {
    const state = { started: 0, completed: 0, running: 0, mostAtOnce: 0 };
    const build = async () => {
      const n = ++state.started;
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      await sleep(ms);
      state.running--;
      if (fails(n)) throw new Error(`build ${n} failed`);
      state.completed++;
    };
    return { state, build };
  }
  const options = (runId: string, build: () => Promise<void>, extra: Partial<BuildOnceOptions> = {}): BuildOnceOptions => ({ lock, stamp, runId, build, pollMs: 10, ...extra });

  it("callers of one run at once: one build, and every caller returns only once it has completed", async () => {
    const { state, build } = fakeBuild();
    const seenAtReturn: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => buildOnceWith(options("run-1", build)).then(() => seenAtReturn.push(state.completed))));
    expect(state.started).toBe(1);
    expect(seenAtReturn).toEqual([1, 1, 1, 1]);
    expect(readFileSync(stamp, "utf8")).toBe("run-1");
    expect(existsSync(lock)).toBe(false);
  });

  it("a later caller of the same run reuses the build; a caller of another run builds again", async () => {
    const { state, build } = fakeBuild(5);
    await buildOnceWith(options("run-1", build));
    await buildOnceWith(options("run-1", build));
    expect(state.started).toBe(1);
    await buildOnceWith(options("run-2", build));
    expect(state.started).toBe(2);
    expect(readFileSync(stamp, "utf8")).toBe("run-2");
  });

  it("a failed build: its caller rejects, no stamp is written, the lock is released, and a caller waiting meanwhile builds again", async () => {
    const { state, build } = fakeBuild(40, (n) => n === 1);
    const first = buildOnceWith(options("run-1", build));
    await sleep(5);
    const waiting = buildOnceWith(options("run-1", build));
    await expect(first).rejects.toThrow("build 1 failed");
    await waiting;
    expect(state.started).toBe(2);
    expect(state.mostAtOnce).toBe(1);
    expect(readFileSync(stamp, "utf8")).toBe("run-1");
    expect(existsSync(lock)).toBe(false);

    const { build: failing } = fakeBuild(1, () => true);
    await expect(buildOnceWith(options("run-2", failing))).rejects.toThrow();
    expect(readFileSync(stamp, "utf8")).toBe("run-1");
    expect(existsSync(lock)).toBe(false);
  });

  it("a lock another process holds is waited for until it is released", async () => {
    const { state, build } = fakeBuild(5);
    mkdirSync(lock);
    const call = buildOnceWith(options("run-1", build, { staleLockMs: 60_000 }));
    await sleep(150);
    expect(state.started).toBe(0);
    rmSync(lock, { recursive: true });
    await call;
    expect(state.started).toBe(1);
  });

  it("a lock older than staleLockMs (its builder died) is taken over", async () => {
    const { state, build } = fakeBuild(5);
    mkdirSync(lock);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lock, twoMinutesAgo, twoMinutesAgo);
    await buildOnceWith(options("run-1", build, { staleLockMs: 60_000 }));
    expect(state.started).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });
});
