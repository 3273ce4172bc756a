import { describe, expect, it } from "vitest";
import { KNOWN_FAILURES } from "./known-failures.js";
import { failsRun, tableProblems, verdict, withDeadline } from "./report.js";
import { conformanceDir, loadRequirements } from "./requirements.js";

describe("judging outcomes against known-failures.ts", () => {
  it("fails the run for an unlisted failure and for a listed requirement that passes", () => {
    expect(verdict(true, undefined)).toBe("PASSED");
    expect(verdict(false, undefined)).toBe("FAILED");
    expect(verdict(false, "needs X")).toBe("NOT_PASSING");
    expect(verdict(true, "needs X")).toBe("UNEXPECTEDLY_PASSED");
    expect(["PASSED", "FAILED", "NOT_PASSING", "UNEXPECTEDLY_PASSED"].map((v) => failsRun(v as never))).toEqual([false, true, false, true]);
  });

  it("rejects entries that name no requirement or give no reason", () => {
    expect(tableProblems({ "1-1": "reason", "1-99": "reason", "2-2": " " }, ["1-1", "2-2"])).toEqual([
      "known-failures.ts lists 1-99, which is not a requirement; remove the entry",
      "known-failures.ts lists 2-2 without a reason; give the concrete reason",
    ]);
  });

  it("keeps the committed table consistent with the requirements", () => {
    const { dir, exists } = conformanceDir();
    if (!exists) return;
    expect(tableProblems(KNOWN_FAILURES, loadRequirements(dir).map((r) => r.id))).toEqual([]);
  });

  it("bounds a requirement's real time", async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, "9-9")).rejects.toThrow("9-9 did not finish within 0.02 s of real time");
    await expect(withDeadline(Promise.resolve(1), 1000, "x")).resolves.toBe(1);
  });
});
