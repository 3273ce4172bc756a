/**
 * How the runner judges a requirement's outcome against known-failures.ts, and the checks on that
 * table itself. A listed requirement that fails is reported, not counted as a failure; a listed one
 * that passes, an unlisted one that fails, and a listed id that names no requirement all fail the run.
 */

export type Verdict =
  /** Passed and not listed. */
  | "PASSED"
  /** Failed and not listed: fails the run. */
  | "FAILED"
  /** Failed and listed with a reason: reported, does not fail the run. */
  | "NOT_PASSING"
  /** Passed although listed: fails the run until the entry is removed. */
  | "UNEXPECTEDLY_PASSED";

export function verdict(passed: boolean, knownReason: string | undefined): Verdict {
  if (knownReason === undefined) return passed ? "PASSED" : "FAILED";
  return passed ? "UNEXPECTEDLY_PASSED" : "NOT_PASSING";
}

/** Whether a verdict fails the run. */
export function failsRun(v: Verdict): boolean {
  return v === "FAILED" || v === "UNEXPECTEDLY_PASSED";
}

/** Problems with the table itself: ids that name no requirement, entries without a reason. */
export function tableProblems(knownFailures: Readonly<Record<string, string>>, requirementIds: Iterable<string>): string[] {
  const ids = new Set(requirementIds);
  const problems: string[] = [];
  for (const [id, reason] of Object.entries(knownFailures)) {
    if (!ids.has(id)) problems.push(`known-failures.ts lists ${id}, which is not a requirement; remove the entry`);
    else if (reason.trim() === "") problems.push(`known-failures.ts lists ${id} without a reason; give the concrete reason`);
  }
  return problems;
}

/** Rejects with a timeout error when `work` takes longer than `ms` of real time. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s of real time`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
