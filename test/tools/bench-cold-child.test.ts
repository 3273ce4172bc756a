/**
 * The cold child of `npm run bench:cold` and `npm run bench:instructions` (bench/cold-child.ts), built
 * and run as those scripts run it: a fresh `node` on the bundled child. In a process whose
 * instructions are counted (bench:instructions gives it COUNTED_CHILD_ENV) nothing may run by the
 * clock: the 2 ms heap sampler takes no sample, so Valgrind counts the same work however long the
 * slowed-down run lasts. The yardstick SDK stands in for an SDK (it needs no build of ours).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { COUNTED_CHILD_ENV } from "../../bench/callgrind.js";
import { buildColdChild, runColdChild } from "../../bench/installed.js";

const YARDSTICK = pathToFileURL(join(import.meta.dirname, "../../bench/yardstick-sdk.mjs")).href;

async function sample(env: NodeJS.ProcessEnv): Promise<{ heapSamples: unknown; result: unknown }> {
  return runColdChild(await buildColdChild(), ["sequentialSteps", "yardstick", YARDSTICK], env);
}

describe("bench/cold-child.ts", () => {
  it("takes no clock-driven heap sample in a counted process (COUNTED_CHILD_ENV), and says how many it took otherwise", async () => {
    const { COLD_HEAP_SAMPLER: _unset, ...plain } = process.env;
    const counted = await sample({ ...plain, ...COUNTED_CHILD_ENV });
    expect(counted.result).toBe(JSON.stringify(499_500));
    expect(counted.heapSamples).toBe(0);
    const timed = await sample(plain);
    expect(timed.result).toBe(JSON.stringify(499_500));
    expect(typeof timed.heapSamples).toBe("number");
  }, 60_000);
});
