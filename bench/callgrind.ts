/**
 * The pure parts of `npm run bench:instructions` (bench/instructions.ts): how Valgrind is asked to
 * count, which of its files is the main thread's, how a `callgrind_annotate` report is read, and the
 * arithmetic and table made of the counts. test/tools/bench-callgrind.test.ts runs them on a recorded
 * report, so CI checks them without Valgrind.
 */
import { median } from "./stats.js";

/** Startup functions whose instruction count varies between identical node processes (primality tests that seed hashing). */
export const RANDOM_STARTUP = /detail::sprp|HashSeed::/;

/**
 * Node's flags for a counted process, so that two runs of the same build count nearly the same
 * instructions however busy the machine is (nearly: BENCHMARKS.md, "Instruction budget of the step
 * path"). Valgrind runs a process 50 to 100 times slower than it runs natively, and the more so the
 * busier the machine, so whatever V8 decides by the clock happens at a different point of each run:
 * - `--hash-seed=1 --random-seed=1` fix the seeds V8 otherwise draws at startup: the hash seed lays out
 *   every hash table (strings, dictionaries) and so sets how many probes a lookup takes; the random
 *   seed drives Math.random and the addresses V8 asks for.
 * - `--single-threaded`: no background compiler. Left to its thread, optimized code arrives after a
 *   wait that depends on the load, and the main thread runs slower tiers until then (the yardstick's
 *   997-step share measured 99 to 116 million from run to run). Compiling on the main thread counts the
 *   compiler's work there, the same amount every run: ours' share is ~280 instead of ~165 million.
 * - `--no-memory-reducer`: the memory reducer collects after seconds of wall time. A real cold run
 *   ends long before it fires; a run slowed down by Valgrind reaches it after a number of steps that
 *   depends on the load (a loaded run counted 9 million more instructions).
 * Measured on Node 20 (2026-12-07, 3 runs of each workload on ours and the yardstick): seeds alone
 * left the 1000-step counts 8 to 10 million apart; with all four flags, within 2.5 million, and the
 * 3-step counts within 0.1 million.
 */
export const REPEATABLE_NODE_FLAGS: readonly string[] = ["--hash-seed=1", "--random-seed=1", "--single-threaded", "--no-memory-reducer"];

/**
 * The environment a counted cold child gets on top of the caller's: `COLD_HEAP_SAMPLER=off` turns off
 * bench/cold-child.ts's heap sampler, a `setInterval` of 2 ms. Under Valgrind it fired as often as the
 * slowed-down run lasted, which depends on the load, and each firing's work was counted with the SDK's:
 * on Node 22 the yardstick's 1000-step count moved between 338.8 and 345.3 million from run to run
 * with it, and was 323.6 million three times without it (2026-12-07, load 4 to 8). Since the SDK that
 * runs longer is sampled more often, it also raised ours ÷ yardstick.
 */
export const COUNTED_CHILD_ENV: Readonly<Record<string, string>> = { COLD_HEAP_SAMPLER: "off" };

/**
 * Valgrind's arguments to count the instructions of `node` running `script` (the script and its
 * arguments) with {@link REPEATABLE_NODE_FLAGS}, one profile per thread: `<outFile>-01` for the main
 * thread, `-02`… for the others ({@link mainThreadProfile}). `--smc-check=all` because V8 writes and
 * runs its own machine code.
 */
export function callgrindArgs(outFile: string, node: string, script: readonly string[]): string[] {
  return ["--tool=callgrind", "--smc-check=all", "--separate-threads=yes", `--callgrind-out-file=${outFile}`, node, ...REPEATABLE_NODE_FLAGS, ...script];
}

/**
 * Of the files callgrind wrote with `--separate-threads=yes` (names only), the main thread's: the one
 * ending in `-01` (callgrind also leaves the bare out file, empty). Undefined when there is none.
 */
export function mainThreadProfile(fileNames: readonly string[]): string | undefined {
  return fileNames.find((name) => name.endsWith("-01"));
}

/** The thread a `callgrind_annotate` report profiles (its `Profiled target: … thread N)` line), or undefined when the report names none. */
export function profiledThread(report: string): number | undefined {
  const match = /^Profiled target:.*\bthread (\d+)\)\s*$/m.exec(report);
  return match ? Number(match[1]) : undefined;
}

/**
 * The instructions a `callgrind_annotate --auto=no` report counts in total, less those of the functions
 * that {@link RANDOM_STARTUP} names, so two runs of the same process give nearly the same number.
 * Throws when the report has no total (not a callgrind_annotate report, or an empty profile).
 */
export function instructionsLessRandomStartup(report: string): number {
  let total: number | undefined;
  let random = 0;
  for (const line of report.split("\n")) {
    const match = /^\s*([\d,]+)\s/.exec(line);
    if (!match) continue;
    const count = Number(match[1]!.replaceAll(",", ""));
    if (line.includes("PROGRAM TOTALS")) total = count;
    else if (RANDOM_STARTUP.test(line)) random += count;
  }
  if (total === undefined) throw new Error("the callgrind_annotate report has no PROGRAM TOTALS line");
  return total - random;
}

/** One SDK's main-thread counts, one per sample: the 1000-step workload's and the 3-step workload's. */
export interface WorkloadCounts {
  readonly steps1000: readonly number[];
  readonly steps3: readonly number[];
}

/**
 * The handler's share: the median 1000-step count minus the median 3-step count (process start, SDK
 * import and three steps cancel out; 997 steps and the in-memory service answering them remain).
 * Throws when a workload has no sample or the difference is not positive (the counts are swapped or wrong).
 */
export function handlerInstructions(counts: WorkloadCounts): number {
  if (counts.steps1000.length === 0 || counts.steps3.length === 0) throw new Error("handlerInstructions needs at least one sample of each workload");
  const difference = median(counts.steps1000) - median(counts.steps3);
  if (difference <= 0) throw new Error(`the 1000-step workload counted ${median(counts.steps1000)} instructions, not more than the 3-step workload's ${median(counts.steps3)}`);
  return difference;
}

/**
 * The report bench:instructions prints: a Markdown table of each SDK's medians in millions, its
 * handler's share and that share ÷ the reference's, then ours ÷ the yardstick's. Every count comes from
 * a process seeded with {@link REPEATABLE_NODE_FLAGS}; bench/instructions.ts prints
 * {@link instructionBudgetLine} after it.
 */
export function instructionsReport(counts: { readonly reference: WorkloadCounts; readonly ours: WorkloadCounts; readonly yardstick: WorkloadCounts }, run: { readonly nodeVersion: string; readonly samples: number }): string {
  return [
    ...countsTable({ reference: counts.reference, ours: counts.ours, yardstick: counts.yardstick }, run, handlerInstructions(counts.reference)),
    "",
    `ours ÷ yardstick: ${(handlerInstructions(counts.ours) / handlerInstructions(counts.yardstick)).toFixed(2)}×`,
  ].join("\n");
}

/**
 * The heading and Markdown table of both reports: each SDK of `counts` with its medians and share in
 * millions, and that share ÷ `referenceShare` in one more column when it is given.
 */
function countsTable(counts: Readonly<Record<string, WorkloadCounts>>, run: { readonly nodeVersion: string; readonly samples: number }, referenceShare?: number): string[] {
  const millions = (n: number) => (n / 1e6).toFixed(1);
  const extra = referenceShare === undefined ? [] : [" ÷ reference |", "---|"];
  const rows = Object.entries(counts).map(([sdk, c]) => {
    const share = handlerInstructions(c);
    const ratio = referenceShare === undefined ? "" : ` ${(share / referenceShare).toFixed(3)} |`;
    return `| ${sdk} | ${millions(median(c.steps1000))} | ${millions(median(c.steps3))} | ${millions(share)} |${ratio}`;
  });
  return [
    `node ${run.nodeVersion}, ${run.samples} sample(s) per SDK and workload; main-thread instructions (millions)`,
    "",
    `| SDK | 1000 steps | 3 steps | handler (difference) |${extra[0] ?? ""}`,
    `|---|---|---|---|${extra[1] ?? ""}`,
    ...rows,
  ];
}

/**
 * Ours' 997-step share ÷ the yardstick's as measured for the budget: `npx tsx bench/instructions.ts
 * --check --samples 1 --jobs 2` (2026-12-07, the thirtieth session's build with the checkpoint queue's
 * settle wait, ours and the yardstick both sending after ten quiet microtask turns instead of a
 * `process.nextTick`; this project's 2-core machine, quiet, processes flagged as
 * {@link REPEATABLE_NODE_FLAGS}, the heap sampler off, {@link COUNTED_CHILD_ENV}): Node 20.20.2 1.357
 * (ours 235.0, yardstick 173.2 million), Node 22.23.5 1.500 (129.5 and 86.4 million). Before, with the
 * tick: 1.330 (264.9 and 199.1) and 1.455 (150.8 and 103.7). The tick cost the yardstick a larger part
 * of its smaller share than ours, so the ratio rose while ours' own count fell by 9 to 11%.
 */
export const MEASURED_RATIOS: Readonly<Record<number, number>> = { 20: 1.357, 22: 1.5 };

/**
 * The most ours' 997-step share may be, as a multiple of the yardstick's share counted in the same run
 * (bench/yardstick-sdk.mjs: the protocol's share of the work done plainly, so the in-memory service's
 * answers, Node's promise machinery and V8's version weigh on both alike), per Node major, since the
 * majors' ratios differ (V8's tiers compile differently). Each is about 5% above its
 * {@link MEASURED_RATIOS} entry and under 1.1 times it: Node 20 1.43 (1.1 × 1.357 = 1.49), Node 22 1.58
 * (1.1 × 1.5 = 1.65), so a step path doing 10% more work fails. The 5%: repeated runs differ by about
 * 1% (the yardstick's Node 20 share counted 199.1 and 201.1 million in two runs of the same build), and
 * CI's clone is not this checkout.
 * `npm run bench:instructions` and CI's `instruction budget` step (`.ci/run`, on the clone's Node 20)
 * fail above it. A major not listed has no budget: its report says so and does not fail.
 */
export const INSTRUCTION_BUDGET_RATIO: Readonly<Record<number, number>> = { 20: 1.43, 22: 1.58 };

/** The budget of the Node whose `process.version` is `nodeVersion` ("v20.20.2"), or undefined when its major has none. */
export function budgetFor(nodeVersion: string): number | undefined {
  const major = /^v(\d+)\./.exec(nodeVersion);
  if (!major) throw new Error(`budgetFor takes a process.version such as "v20.20.2", got ${JSON.stringify(nodeVersion)}`);
  return INSTRUCTION_BUDGET_RATIO[Number(major[1])];
}

/** Ours' share ÷ the yardstick's, the budget of `nodeVersion`, and whether the ratio is within it (always, when there is none). */
export function instructionBudget(counts: { readonly ours: WorkloadCounts; readonly yardstick: WorkloadCounts }, nodeVersion: string): { readonly ratio: number; readonly budget: number | undefined; readonly withinBudget: boolean } {
  const ratio = handlerInstructions(counts.ours) / handlerInstructions(counts.yardstick);
  const budget = budgetFor(nodeVersion);
  return { ratio, budget, withinBudget: budget === undefined || ratio <= budget };
}

/** The line that ends every bench:instructions report: the budget and whether ours is within it (`FAIL:` when not). */
export function instructionBudgetLine(counts: { readonly ours: WorkloadCounts; readonly yardstick: WorkloadCounts }, nodeVersion: string): string {
  const { ratio, budget, withinBudget } = instructionBudget(counts, nodeVersion);
  if (budget === undefined) return `budget: none measured for node ${nodeVersion} (INSTRUCTION_BUDGET_RATIO, bench/callgrind.ts), not checked`;
  const text = `budget for node ${nodeVersion}: ours ÷ yardstick ≤ ${budget.toFixed(2)}× (INSTRUCTION_BUDGET_RATIO, bench/callgrind.ts)`;
  return withinBudget
    ? `${text}: within, at ${ratio.toFixed(3)}×`
    : `FAIL: ours' 997-step share is ${ratio.toFixed(3)}× the yardstick's, over the ${text}. A change made the step path do more work: find it (BENCHMARKS.md, "Instruction budget of the step path"), or raise the budget on purpose with the measurements that justify it.`;
}

/**
 * The report of `npm run bench:instructions -- --check` (CI's budget step), which counts ours and the
 * yardstick only (the reference runs slowly under Valgrind): the columns of {@link instructionsReport}
 * less the reference's ratio, then ours ÷ the yardstick's and {@link instructionBudgetLine}.
 */
export function budgetReport(counts: { readonly ours: WorkloadCounts; readonly yardstick: WorkloadCounts }, run: { readonly nodeVersion: string; readonly samples: number }): string {
  return [
    ...countsTable({ ours: counts.ours, yardstick: counts.yardstick }, run),
    "",
    `ours ÷ yardstick: ${instructionBudget(counts, run.nodeVersion).ratio.toFixed(2)}×`,
    instructionBudgetLine(counts, run.nodeVersion),
  ].join("\n");
}
