/**
 * `npm run bench:instructions`: the 1000-step cold workload counted in instructions instead of
 * milliseconds, on the reference SDK, on ours and on the yardstick, in one run. Each sample is a fresh
 * `node` process (the same bundled child as `npm run bench:cold`) run under Valgrind's callgrind, which
 * counts every instruction the process executes, per thread. A count does not depend on the machine's
 * load, its clock, or what a fresh page costs on it (bench:cold prints that cost). It measures only the
 * work the code does, so it separates that work from the memory effects that the wall-clock ratio
 * also carries.
 *
 * What is counted: instructions of the main thread (the one that runs the handler; V8's background
 * compiler and garbage-collector helper threads are left out), minus those of a few startup functions
 * whose count differs from process to process by chance (primality tests that seed hashing:
 * `detail::sprp`, `HashSeed`). The handler's share is the 1000-step workload's count minus the 3-step
 * workload's: the process start, the SDK import and three steps cancel out, and what remains is 997
 * steps and the in-memory service answering them.
 *
 *   npm run bench:instructions [-- --samples 3]     # needs valgrind (apt-get install valgrind)
 *
 * The pure parts (Valgrind's arguments, picking the main thread's profile, reading the report, the
 * arithmetic and the table) are in bench/callgrind.ts, which test/tools/bench-callgrind.test.ts checks on
 * a recorded report without Valgrind.
 *
 * Each process takes about 10 to 25 s on Node 20 on an idle machine (Valgrind runs it 50 to 100 times slower; several times that under load), and a sample is
 * 2 workloads × 3 SDKs: 1 to 2.5 minutes per sample on Node 20 on an idle machine, less on Node 22.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchFlags, builtEntry, wholeNumberFlag } from "./args.js";
import { callgrindArgs, instructionsLessRandomStartup, instructionsReport, mainThreadProfile, profiledThread } from "./callgrind.js";
import { buildColdChild, SDK_PACKAGES } from "./installed.js";

const root = join(import.meta.dirname, "..");
const samples = wholeNumberFlag("samples", benchFlags("npm run bench:instructions [-- --samples 3]", { samples: { type: "string" } }).samples, 1);
builtEntry("bench:instructions");
try {
  execFileSync("valgrind", ["--version"], { stdio: "ignore" });
} catch {
  throw new Error("valgrind is not installed: `apt-get install -y valgrind` (Debian), then run again.");
}

const child = await buildColdChild();

const YARDSTICK = pathToFileURL(join(import.meta.dirname, "yardstick-sdk.mjs")).href;
const SDKS = { reference: SDK_PACKAGES.reference, ours: SDK_PACKAGES.ours, yardstick: YARDSTICK } as const;
type Sdk = keyof typeof SDKS;

/** Instructions of the main thread of one fresh process running `workload` on `sdk`, less the random startup work. */
function mainThreadInstructions(workload: string, sdk: Sdk): number {
  const dir = mkdtempSync(join(tmpdir(), "durable-callgrind-"));
  try {
    const out = join(dir, "callgrind.out");
    execFileSync("valgrind", callgrindArgs(out, [process.execPath, child, workload, sdk, SDKS[sdk]]), { cwd: root, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    const main = mainThreadProfile(readdirSync(dir));
    if (!main) throw new Error(`callgrind wrote no main-thread profile (callgrind.out-01) for ${workload} on ${sdk}`);
    const report = execFileSync("callgrind_annotate", ["--threshold=100", "--auto=no", join(dir, main)], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const thread = profiledThread(report);
    if (thread !== 1) throw new Error(`${main} profiles thread ${thread ?? "(none named)"}, not the main thread 1, for ${workload} on ${sdk}`);
    return instructionsLessRandomStartup(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const counts: Record<Sdk, { steps1000: number[]; steps3: number[] }> = {
  reference: { steps1000: [], steps3: [] },
  ours: { steps1000: [], steps3: [] },
  yardstick: { steps1000: [], steps3: [] },
};
for (let i = 0; i < samples; i++)
  for (const sdk of Object.keys(SDKS) as Sdk[]) {
    counts[sdk].steps1000.push(mainThreadInstructions("sequentialSteps", sdk));
    counts[sdk].steps3.push(mainThreadInstructions("threeSteps", sdk));
  }

console.log(instructionsReport(counts, { nodeVersion: process.version, samples }));
