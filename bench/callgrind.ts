/**
 * Reading Valgrind callgrind reports for `npm run bench:instructions` (bench/instructions.ts).
 */

/** Startup functions whose instruction count varies between identical node processes (primality tests that seed hashing). */
export const RANDOM_STARTUP = /detail::sprp|HashSeed::/;

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
