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
 * Valgrind's arguments to count the instructions of `command` (the program and its arguments), one
 * profile per thread: `<outFile>-01` for the main thread, `-02`… for the others ({@link mainThreadProfile}).
 * `--smc-check=all` because V8 writes and runs its own machine code.
 */
export function callgrindArgs(outFile: string, command: readonly string[]): string[] {
  return ["--tool=callgrind", "--smc-check=all", "--separate-threads=yes", `--callgrind-out-file=${outFile}`, ...command];
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
 * handler's share and that share ÷ the reference's, then ours ÷ the yardstick's.
 */
export function instructionsReport(counts: { readonly reference: WorkloadCounts; readonly ours: WorkloadCounts; readonly yardstick: WorkloadCounts }, run: { readonly nodeVersion: string; readonly samples: number }): string {
  const millions = (n: number) => (n / 1e6).toFixed(1);
  const reference = handlerInstructions(counts.reference);
  const rows = (["reference", "ours", "yardstick"] as const).map((sdk) => {
    const c = counts[sdk];
    return `| ${sdk} | ${millions(median(c.steps1000))} | ${millions(median(c.steps3))} | ${millions(handlerInstructions(c))} | ${(handlerInstructions(c) / reference).toFixed(3)} |`;
  });
  return [
    `node ${run.nodeVersion}, ${run.samples} sample(s) per SDK and workload; main-thread instructions (millions)`,
    "",
    "| SDK | 1000 steps | 3 steps | handler (difference) | ÷ reference |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `ours ÷ yardstick: ${(handlerInstructions(counts.ours) / handlerInstructions(counts.yardstick)).toFixed(2)}×`,
  ].join("\n");
}
