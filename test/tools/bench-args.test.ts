/**
 * The bench scripts' flags (bench/args.ts): an unknown or misspelt flag stops the script with its name
 * and the usage, a bad number names its flag, and `--sdk` needs both a name and a path.
 */
import { describe, expect, it } from "vitest";
import { benchFlags, namedPath, wholeNumberFlag } from "../../bench/args.js";

const usage = "npm run bench:cold [-- --samples 21] [-- --markdown]";
const options = { samples: { type: "string" }, markdown: { type: "boolean" }, sdk: { type: "string", multiple: true } } as const;

describe("bench flags", () => {
  it("reads the declared flags, repeated ones as a list", () => {
    const flags = benchFlags(usage, options, ["--samples", "5", "--markdown", "--sdk", "a=/x", "--sdk", "b=/y"]);
    expect(flags).toEqual({ samples: "5", markdown: true, sdk: ["a=/x", "b=/y"] });
  });

  it("stops on a misspelt flag, naming it and giving the usage", () => {
    expect(() => benchFlags(usage, options, ["--sample", "5"])).toThrow(/Unknown option '--sample'[\s\S]*usage: npm run bench:cold/);
  });

  it("stops on a positional argument (a forgotten flag name)", () => {
    expect(() => benchFlags(usage, options, ["5"])).toThrow(/usage: npm run bench:cold/);
  });

  it("whole numbers: the fallback when absent, the value when whole and large enough, else an error naming the flag", () => {
    expect(wholeNumberFlag("samples", undefined, 21)).toBe(21);
    expect(wholeNumberFlag("samples", "7", 21)).toBe(7);
    expect(wholeNumberFlag("warmup", "0", 15, 0)).toBe(0);
    for (const bad of ["0", "-1", "2.5", "x", "", " "]) expect(() => wholeNumberFlag("samples", bad, 21)).toThrow(`--samples must be a whole number of at least 1, got ${JSON.stringify(bad)}`);
    expect(() => wholeNumberFlag("rounds", "2", 40, 3)).toThrow("--rounds must be a whole number of at least 3");
  });

  it("--sdk name=path: split at the first '=', both parts required", () => {
    expect(namedPath("before=/tmp/a=b/dist/index.js")).toEqual(["before", "/tmp/a=b/dist/index.js"]);
    for (const bad of ["before", "=/tmp/x", "before="]) expect(() => namedPath(bad)).toThrow(/--sdk takes name=path/);
  });
});
