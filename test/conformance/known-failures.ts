/**
 * Requirements that cannot pass yet, each with its concrete reason. The runner reports them as
 * "NOT PASSING: <reason>" without failing the run, and fails the run if one of them passes (so the
 * entry is removed) or if an id here names no requirement.
 */
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {};
