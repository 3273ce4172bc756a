/**
 * `npm run build`, once per test run, for the test files that use the built package (dist/): the
 * packed-package test and the CLI bin test. Vitest runs files in parallel, and tsup empties dist/
 * before it writes, so a file building while another packs or runs dist/ hands that one a half-built
 * package (a tarball without dist/cli.js, so npm links no bins). A lock directory lets one build run at
 * a time across the workers, and a stamp naming the run (vitest's global setup gives each run an id)
 * lets every later caller in the same run use that build instead of emptying dist/ again.
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

function tryLock(): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // Released between the two calls: the next try takes it.
    }
    return false;
  }
}

function builtInThisRun(runId: string): boolean {
  try {
    return readFileSync(stamp, "utf8") === runId;
  } catch {
    return false;
  }
}

/** Builds the package unless this test run already did; resolves once dist/ is complete. */
export async function buildOnce(): Promise<void> {
  const runId = inject("testRunId");
  while (!tryLock()) await sleep(250);
  try {
    if (builtInThisRun(runId)) return;
    await new Promise<void>((resolve, reject) =>
      execFile("npm", ["run", "build", "--silent"], { cwd: root, timeout: 300_000 }, (error, _out, stderr) => (error ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
    );
    writeFileSync(stamp, runId);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
