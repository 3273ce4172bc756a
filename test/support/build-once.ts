/**
 * `npm run build`, once per test run, for the test files that use the built package (dist/): the
 * packed-package test and the CLI bin test. Vitest runs files in parallel, and tsup empties dist/
 * before it writes, so a file building while another packs or runs dist/ hands that one a half-built
 * package (a tarball without dist/cli.js, so npm links no bins). A lock directory lets one build run at
 * a time across the workers, and a stamp naming the run (vitest's global setup gives each run an id)
 * lets every later caller in the same run use that build instead of emptying dist/ again.
 * test/tools/build-once.test.ts tests that logic (buildOnceWith) with a fake build.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

const root = join(import.meta.dirname, "../..");
/** Per checkout, outside it (nothing to ignore in git, and dist/ is packed as it is). */
const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
const lock = join(tmpdir(), `durable-build-${key}.lock`);
const stamp = join(tmpdir(), `durable-build-${key}.run`);
/** A lock older than this was left by a process that died while building: taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/** Where and how {@link buildOnceWith} builds; {@link buildOnce} gives the real ones. */
export interface BuildOnceOptions {
  /** The lock: a directory, created by the one caller that may build (mkdir is atomic across processes). */
  lock: string;
  /** A file naming the run that last built. */
  stamp: string;
  /** This run's id: a caller finding it in the stamp uses that build. */
  runId: string;
  /** The build itself; rejects when it fails. */
  build: () => Promise<void>;
  /** A lock older than this (by its mtime) is taken over (default 10 minutes). */
  staleLockMs?: number;
  /** How often a caller waiting for the lock tries again (default 250 ms). */
  pollMs?: number;
}

function tryLock(lock: string, staleLockMs: number): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > staleLockMs) rmSync(lock, { recursive: true, force: true });
    } catch {
      // Released between the two calls: the next try takes it.
    }
    return false;
  }
}

function builtInRun(stamp: string, runId: string): boolean {
  try {
    return readFileSync(stamp, "utf8") === runId;
  } catch {
    return false;
  }
}

/**
 * Runs `build` unless the stamp names this run; resolves once a build of this run is complete. One
 * caller at a time holds the lock, and checks the stamp under it, so a caller that waited finds the
 * build it waited for. A failed build writes no stamp (the next caller builds again) and releases the lock.
 */
export async function buildOnceWith(options: BuildOnceOptions): Promise<void> {
  const { lock, stamp, runId, build, staleLockMs = STALE_LOCK_MS, pollMs = 250 } = options;
  while (!tryLock(lock, staleLockMs)) await sleep(pollMs);
  try {
    if (builtInRun(stamp, runId)) return;
    await build();
    writeFileSync(stamp, runId);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the package unless this test run already did; resolves once dist/ is complete. */
export async function buildOnce(): Promise<void> {
  await buildOnceWith({
    lock,
    stamp,
    runId: inject("testRunId"),
    build: () =>
      new Promise<void>((resolve, reject) =>
        execFile("npm", ["run", "build", "--silent"], { cwd: root, timeout: 300_000 }, (error, _out, stderr) => (error ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
      ),
  });
}
