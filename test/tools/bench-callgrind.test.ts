/**
 * The pure parts of `npm run bench:instructions` (bench/callgrind.ts), which CI cannot run (it needs
 * Valgrind and takes minutes): Valgrind's arguments, picking the main thread's profile, reading a
 * `callgrind_annotate` report (the total less the startup functions whose count is random), the
 * 1000-step minus 3-step arithmetic, the tables, and the instruction budget CI holds ours to.
 *
 * fixtures/callgrind-annotate-three-steps.txt is a real report, trimmed. It was made on this project's
 * machine (Valgrind 3.19.0, Node v20.20.2) by running the 3-step cold child on ours exactly as
 * bench/instructions.ts does — `valgrind --tool=callgrind --smc-check=all --separate-threads=yes
 * --callgrind-out-file=<dir>/callgrind.out node cold-child.mjs threeSteps ours durable-execution-sdk` —
 * then `callgrind_annotate --threshold=100 --auto=no <dir>/callgrind.out-01` (9 716 lines), kept by
 * `awk 'NR<=29 || /sprp|HashSeed/'`: the header, the PROGRAM TOTALS line, the four largest functions,
 * and every line naming sprp or HashSeed (nothing else was edited). FILES_WRITTEN is what that run left
 * in <dir>. The total therefore is the real one while most function lines are left out, which does not
 * matter: the reader takes the total and subtracts only the random startup lines. (It was recorded
 * before the counted node got REPEATABLE_NODE_FLAGS; those change the counts, not the report's form.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  INSTRUCTION_BUDGET_RATIO,
  MEASURED_RATIOS,
  REPEATABLE_NODE_FLAGS,
  budgetFor,
  budgetReport,
  callgrindArgs,
  handlerInstructions,
  instructionBudget,
  instructionBudgetLine,
  instructionsLessRandomStartup,
  instructionsReport,
  mainThreadProfile,
  profiledThread,
} from "../../bench/callgrind.js";

const REPORT = readFileSync(join(import.meta.dirname, "fixtures/callgrind-annotate-three-steps.txt"), "utf8");
const FILES_WRITTEN = ["callgrind.out", ...Array.from({ length: 11 }, (_, i) => `callgrind.out-${String(i + 1).padStart(2, "0")}`)];

describe("callgrindArgs and mainThreadProfile", () => {
  it("asks for one profile per thread in the given file, then node with fixed V8 seeds, then the script", () => {
    expect(callgrindArgs("/d/callgrind.out", "/usr/bin/node", ["child.mjs", "threeSteps"])).toEqual([
      "--tool=callgrind",
      "--smc-check=all",
      "--separate-threads=yes",
      "--callgrind-out-file=/d/callgrind.out",
      "/usr/bin/node",
      ...REPEATABLE_NODE_FLAGS,
      "child.mjs",
      "threeSteps",
    ]);
  });

  it("seeds V8's hash tables and random numbers, compiles on the main thread and leaves out the clock-driven memory reducer, so repeated runs count alike", () => {
    expect([...REPEATABLE_NODE_FLAGS].sort()).toEqual(["--hash-seed=1", "--no-memory-reducer", "--random-seed=1", "--single-threaded"]);
  });

  it("picks the -01 file of those callgrind wrote (not the empty bare file, not another thread's), whatever the listing order", () => {
    expect(mainThreadProfile(FILES_WRITTEN)).toBe("callgrind.out-01");
    expect(mainThreadProfile([...FILES_WRITTEN].reverse())).toBe("callgrind.out-01");
    expect(mainThreadProfile(["callgrind.out", "callgrind.out-02"])).toBeUndefined();
  });
});

describe("reading the recorded report", () => {
  it("names thread 1, the main thread", () => {
    expect(profiledThread(REPORT)).toBe(1);
    expect(profiledThread(REPORT.replace("thread 1)", "thread 2)"))).toBe(2);
    expect(profiledThread("PROGRAM TOTALS")).toBeUndefined();
  });

  it("is the program total less the primality tests and hash seeding that differ from run to run, not less the hashing that uses the seed", () => {
    // detail::sprp and HashSeed::InitializeRoots; StringHasher, AstStringConstants (which take a HashSeed) and
    // the HashSeed static initializer are ordinary work and stay counted.
    expect(instructionsLessRandomStartup(REPORT)).toBe(611_259_632 - 10_199_804 - 106_550);
  });

  it("refuses a report with no total", () => {
    const withoutTotal = REPORT.split("\n").filter((line) => !line.includes("PROGRAM TOTALS")).join("\n");
    expect(() => instructionsLessRandomStartup(withoutTotal)).toThrow("no PROGRAM TOTALS line");
  });
});

describe("handlerInstructions and instructionsReport", () => {
  it("is the median 1000-step count minus the median 3-step count", () => {
    expect(handlerInstructions({ steps1000: [900, 1000, 1200], steps3: [300, 100, 200] })).toBe(1000 - 200);
    expect(handlerInstructions({ steps1000: [1000], steps3: [200] })).toBe(800);
  });

  it("refuses no samples and a difference that is not positive (swapped workloads)", () => {
    expect(() => handlerInstructions({ steps1000: [], steps3: [1] })).toThrow("at least one sample");
    expect(() => handlerInstructions({ steps1000: [100], steps3: [200] })).toThrow("the 1000-step workload counted 100 instructions, not more than the 3-step workload's 200");
  });

  it("prints each SDK's medians and share in millions, ÷ the reference's share, and ours ÷ the yardstick's", () => {
    const counts = {
      reference: { steps1000: [5_000_000_000], steps3: [1_000_000_000] },
      ours: { steps1000: [3_000_000_000, 2_600_000_000], steps3: [600_000_000, 600_000_000] },
      yardstick: { steps1000: [1_600_000_000], steps3: [600_000_000] },
    };
    expect(instructionsReport(counts, { nodeVersion: "v20.20.2", samples: 2 })).toBe(
      [
        "node v20.20.2, 2 sample(s) per SDK and workload; main-thread instructions (millions)",
        "",
        "| SDK | 1000 steps | 3 steps | handler (difference) | ÷ reference |",
        "|---|---|---|---|---|",
        "| reference | 5000.0 | 1000.0 | 4000.0 | 1.000 |",
        "| ours | 3000.0 | 600.0 | 2400.0 | 0.600 |",
        "| yardstick | 1600.0 | 600.0 | 1000.0 | 0.250 |",
        "",
        "ours ÷ yardstick: 2.40×",
      ].join("\n"),
    );
  });
});

describe("the instruction budget", () => {
  /** Counts whose yardstick share is 100 million instructions and whose ours share is `oursShare` instructions. */
  const withOursShare = (oursShare: number) => ({
    ours: { steps1000: [600_000_000 + oursShare], steps3: [600_000_000] },
    yardstick: { steps1000: [700_000_000], steps3: [600_000_000] },
  });
  const NODE_20 = INSTRUCTION_BUDGET_RATIO[20]!;

  it("has a budget for Node 20 (CI's) and 22, read from process.version; none for another major", () => {
    expect(budgetFor("v20.20.2")).toBe(NODE_20);
    expect(budgetFor("v22.23.5")).toBe(INSTRUCTION_BUDGET_RATIO[22]);
    expect(budgetFor("v24.1.0")).toBeUndefined();
    expect(() => budgetFor("20.20.2")).toThrow('budgetFor takes a process.version such as "v20.20.2", got "20.20.2"');
  });

  it("holds ours' share at the budget times the yardstick's, and fails just above it", () => {
    const atBudget = Math.floor(NODE_20 * 100_000_000);
    expect(instructionBudget(withOursShare(atBudget), "v20.20.2")).toEqual({ ratio: atBudget / 100_000_000, budget: NODE_20, withinBudget: true });
    expect(instructionBudget(withOursShare(atBudget + 2), "v20.20.2")).toEqual({ ratio: (atBudget + 2) / 100_000_000, budget: NODE_20, withinBudget: false });
    // No budget, no failure, however far over.
    expect(instructionBudget(withOursShare(300_000_000), "v24.1.0").withinBudget).toBe(true);
  });

  it("passes each major's measured ratio with room for its noise, and fails it 10% higher (a step path doing 10% more work)", () => {
    expect(Object.keys(MEASURED_RATIOS).sort()).toEqual(Object.keys(INSTRUCTION_BUDGET_RATIO).sort());
    for (const [major, ratio] of Object.entries(MEASURED_RATIOS)) {
      const budget = INSTRUCTION_BUDGET_RATIO[Number(major)]!;
      expect(budget, `Node ${major} measured ${ratio}×`).toBeGreaterThanOrEqual(ratio * 1.03);
      expect(budget, `Node ${major} measured ${ratio}×: 10% more work must fail`).toBeLessThan(ratio * 1.1);
    }
  });

  it("says FAIL, the ratio and the constant to look at when over, the ratio when within, and that nothing is checked without a budget", () => {
    expect(instructionBudgetLine(withOursShare(100_000_000), "v20.20.2")).toBe(`budget for node v20.20.2: ours ÷ yardstick ≤ ${NODE_20.toFixed(2)}× (INSTRUCTION_BUDGET_RATIO, bench/callgrind.ts): within, at 1.000×`);
    expect(instructionBudgetLine(withOursShare(200_000_000), "v20.20.2")).toMatch(
      /^FAIL: ours' 997-step share is 2\.000× the yardstick's, over the budget for node v20\.20\.2: ours ÷ yardstick ≤ \d\.\d\d× \(INSTRUCTION_BUDGET_RATIO, bench\/callgrind\.ts\)\. /,
    );
    expect(instructionBudgetLine(withOursShare(200_000_000), "v24.1.0")).toBe("budget: none measured for node v24.1.0 (INSTRUCTION_BUDGET_RATIO, bench/callgrind.ts), not checked");
  });

  it("prints ours and the yardstick (no reference) for --check, then the ratio and the budget line", () => {
    const counts = withOursShare(140_000_000);
    expect(budgetReport(counts, { nodeVersion: "v22.23.5", samples: 1 })).toBe(
      [
        "node v22.23.5, 1 sample(s) per SDK and workload; main-thread instructions (millions)",
        "",
        "| SDK | 1000 steps | 3 steps | handler (difference) |",
        "|---|---|---|---|",
        "| ours | 740.0 | 600.0 | 140.0 |",
        "| yardstick | 700.0 | 600.0 | 100.0 |",
        "",
        "ours ÷ yardstick: 1.40×",
        instructionBudgetLine(counts, "v22.23.5"),
      ].join("\n"),
    );
  });
});
