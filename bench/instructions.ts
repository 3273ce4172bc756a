/**
 * `npm run bench:instructions`: the 1000-step cold workload counted in instructions instead of
 * milliseconds, on the reference SDK, on ours and on the yardstick, in one run. Each sample is a fresh
 * `node` process (the same bundled child as `npm run bench:cold`) run under Valgrind's callgrind, which
 * counts every instruction the process executes, per thread. A count does not depend on the machine's
 * clock or what a fresh page costs on it (bench:cold prints that cost). It measures only the work the
 * code does, so it separates that work from the memory effects that the wall-clock ratio also carries.
 *
 * What is counted: instructions of the main thread (the one that runs the handler; V8's garbage-collector
 * helper threads are left out), minus those of a few startup functions whose count differs from
 * process to process by chance (primality tests that seed hashing: `detail::sprp`, `HashSeed`). The
 * handler's share is the 1000-step workload's count minus the 3-step workload's: the process start,
 * the SDK import and three steps cancel out, and what remains is 997 steps and the in-memory service
 * answering them.
 *
 * Every counted node runs with REPEATABLE_NODE_FLAGS (bench/callgrind.ts): fixed V8 seeds
 * (`--hash-seed=1 --random-seed=1`), `--single-threaded` and `--no-memory-reducer`. Under Valgrind a
 * process runs 50 to 100 times slower, by an amount that depends on the machine's load, and without
 * the last two V8 decides by the clock when optimized code from its background compiler arrives and
 * when the memory reducer collects: with the seeds alone, the yardstick's share on Node 20 measured 99
 * to 116 million from run to run.
 * With them, three runs of each process agree within 2.5 million (1000 steps) and 0.1 million
 * (3 steps). The child also runs with COUNTED_CHILD_ENV (bench/callgrind.ts), which turns off its
 * 2 ms heap sampler: under Valgrind the sampler fired as often as the load made the run last, and was
 * counted with the SDK (the yardstick's Node 22 1000-step count spread over 6.5 million with it, none
 * in three runs without it; through this script, Node 20 runs still differ by about 2 million).
 * Unlike in the figures of the nineteenth to twenty-first sessions (BENCHMARKS.md), the
 * optimizing compiler's work runs on the main thread and is counted, for every SDK: ours' share is ~290
 * million on Node 20 where it was ~165 without the flags. Compare figures only with the same flags.
 *
 * The report ends with the instruction budget: ours' share at most INSTRUCTION_BUDGET_RATIO times the
 * yardstick's share (bench/callgrind.ts; one figure per Node major), and the script exits with 1 when
 * ours is over it. `--check` counts ours and the yardstick only (the reference runs slowly under
 * Valgrind): that is CI's `instruction budget` step in `.ci/run`. `--jobs N` runs N processes at once
 * (each counts only its own main thread, and the flags make that count nearly independent of the
 * load).
 *
 *   npm run bench:instructions [-- --samples 3]     # needs valgrind (apt-get install valgrind)
 *   npx tsx bench/instructions.ts --check --samples 3 --jobs 2   # the budget only, on an existing dist/ (CI)
 *
 * The pure parts (Valgrind's and node's arguments, picking the main thread's profile, reading the
 * report, the arithmetic, the tables and the budget) are in bench/callgrind.ts, which
 * test/tools/bench-callgrind.test.ts checks on a recorded report without Valgrind.
 *
 * Each process takes about 10 to 25 s on Node 20 on an idle machine (Valgrind runs it 50 to 100 times
 * slower; several times that under load), and a sample is 2 workloads × 3 SDKs: 1 to 2.5 minutes per
 * sample on Node 20 on an idle machine, less on Node 22; with `--check`, 2 workloads × 2 SDKs.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { benchFlags, builtEntry, wholeNumberFlag } from "./args.js";
import { budgetReport, callgrindArgs, COUNTED_CHILD_ENV, instructionBudget, instructionBudgetLine, instructionsLessRandomStartup, instructionsReport, mainThreadProfile, profiledThread, type WorkloadCounts } from "./callgrind.js";
import { buildColdChild, SDK_PACKAGES } from "./installed.js";
import { pool } from "./pool.js";

const root = join(import.meta.dirname, "..");
const flags = benchFlags("npm run bench:instructions [-- --samples 3] [--check] [--jobs 2]", { samples: { type: "string" }, check: { type: "boolean" }, jobs: { type: "string" } });
const samples = wholeNumberFlag("samples", flags.samples, 1);
const jobs = wholeNumberFlag("jobs", flags.jobs, 1);
const check = flags.check === true;
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
type Workload = keyof WorkloadCounts;
const WORKLOADS: Record<Workload, string> = { steps1000: "sequentialSteps", steps3: "threeSteps" };

/** Instructions of the main thread of one fresh process running `workload` on `sdk`, less the random startup work. */
async function mainThreadInstructions(workload: string, sdk: Sdk): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "durable-callgrind-"));
  try {
    const out = join(dir, "callgrind.out");
    await promisify(execFile)("valgrind", callgrindArgs(out, process.execPath, [child, workload, sdk, SDKS[sdk]]), { cwd: root, env: { ...process.env, ...COUNTED_CHILD_ENV }, maxBuffer: 64 * 1024 * 1024 });
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

// --check counts ours and the yardstick only: the budget compares those two, and the reference runs
// slowly under Valgrind.
const counted: readonly Sdk[] = check ? ["ours", "yardstick"] : ["reference", "ours", "yardstick"];
const counts: Record<Sdk, { steps1000: number[]; steps3: number[] }> = {
  reference: { steps1000: [], steps3: [] },
  ours: { steps1000: [], steps3: [] },
  yardstick: { steps1000: [], steps3: [] },
};
// Every process is independent and counts only its own main thread, so `--jobs` of them may run at once
// (the flags keep the counts within about 0.5% of each other under load); the samples land in the order
// they were queued.
const queue = Array.from({ length: samples }, () => counted.flatMap((sdk) => (Object.keys(WORKLOADS) as Workload[]).map((workload) => ({ sdk, workload })))).flat();
const results = await pool(queue, jobs, ({ sdk, workload }) => mainThreadInstructions(WORKLOADS[workload], sdk));
queue.forEach(({ sdk, workload }, index) => counts[sdk][workload].push(results[index]!));

const run = { nodeVersion: process.version, samples };
console.log(check ? budgetReport(counts, run) : `${instructionsReport(counts, run)}\n${instructionBudgetLine(counts, run.nodeVersion)}`);
if (!instructionBudget(counts, run.nodeVersion).withinBudget) process.exitCode = 1;
