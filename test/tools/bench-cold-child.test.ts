/**
 * The cold child of `npm run bench:cold` and `npm run bench:instructions` (bench/cold-child.ts), built
 * and run as those scripts run it: a fresh `node` on the bundled child. In a process whose
 * instructions are counted (bench:instructions gives it COUNTED_CHILD_ENV) nothing may run by the
 * clock: the 2 ms heap sampler takes no sample, so Valgrind counts the same work however long the
 * slowed-down run lasts. On Linux it also reports the main thread's run and run-queue time over the
 * handler, and once everything is measured the heap left after a full collection (not in a counted
 * process, where that collection would be counted). The yardstick SDK stands in for an SDK (it needs no build of ours).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { COUNTED_CHILD_ENV } from "../../bench/callgrind.js";
import { buildColdChild, runColdChild } from "../../bench/installed.js";

const YARDSTICK = pathToFileURL(join(import.meta.dirname, "../../bench/yardstick-sdk.mjs")).href;
/** One scheduler tick at the lowest common kernel HZ (100), the most a schedstat reading can lag (see its use). */
const SCHEDULER_TICK_MS = 10;

interface ChildSample {
  handlerMs: number;
  wallMs: number;
  mainRunMs: unknown;
  mainWaitMs: unknown;
  heapSamples: unknown;
  collectedMb: unknown;
  garbageMb: unknown;
  result: unknown;
}

async function sample(env: NodeJS.ProcessEnv): Promise<ChildSample> {
  return runColdChild(await buildColdChild(), ["sequentialSteps", "yardstick", YARDSTICK], env);
}

describe("bench/cold-child.ts", () => {
  it("takes no clock-driven heap sample in a counted process (COUNTED_CHILD_ENV), and takes some otherwise", async () => {
    const { COLD_HEAP_SAMPLER: _unset, ...plain } = process.env;
    const counted = await sample({ ...plain, ...COUNTED_CHILD_ENV });
    expect(counted.result).toBe(JSON.stringify(499_500));
    expect(counted.heapSamples).toBe(0);
    const timed = await sample(plain);
    expect(timed.result).toBe(JSON.stringify(499_500));
    // 1000 steps take well over the sampler's 2 ms on any machine, and the service yields to the event loop on every call.
    expect(timed.heapSamples).toBeGreaterThan(0);
  }, 60_000);

  it("reports the heap in use after a full collection at the end, and the garbage in the peak reading, but not in a counted process", async () => {
    const { COLD_HEAP_SAMPLER: _unset, ...plain } = process.env;
    const counted = await sample({ ...plain, ...COUNTED_CHILD_ENV });
    expect([counted.collectedMb, counted.garbageMb]).toEqual([null, null]);
    const timed = await sample(plain);
    expect(timed.collectedMb as number).toBeGreaterThan(0);
    // 1000 steps leave garbage behind that no scavenge reclaimed before the last reading; were there no
    // collection at the end, the level read after it would be at or above the peak (garbage 0).
    expect(timed.garbageMb as number).toBeGreaterThan(0);
  }, 60_000);

  it("reports the main thread's run and run-queue time over the handler, within its wall time (null where the kernel gives no per-thread schedstat)", async () => {
    const { wallMs, mainRunMs, mainWaitMs } = await sample(process.env);
    if (!existsSync("/proc/thread-self/schedstat")) {
      expect([mainRunMs, mainWaitMs]).toEqual([null, null]);
      return;
    }
    expect(typeof mainRunMs).toBe("number");
    expect(typeof mainWaitMs).toBe("number");
    expect(mainRunMs as number).toBeGreaterThan(0);
    expect(mainWaitMs as number).toBeGreaterThanOrEqual(0);
    // The two readings bracket each timed invocation, inside the child's wall time (measured from before
    // the import to after the last invocation), so together they fit in it, give or take the kernel's
    // accounting: schedstat shows the running thread's run time as of its last scheduler update (a tick
    // or a switch), so the reading taken first can lag by up to one tick, 10 ms at the lowest common HZ
    // (100). The bound is the wall time and not the handler's own time: on a loaded machine the thread
    // can wait for a CPU between a reading and the handler's clock (15 ms over the handler's time seen in
    // CI beside other work), which the run-queue figure rightly counts. A unit slip (µs or ns taken for
    // ms) would still be far outside.
    expect((mainRunMs as number) + (mainWaitMs as number)).toBeLessThanOrEqual(wallMs + SCHEDULER_TICK_MS);
  }, 60_000);
});
