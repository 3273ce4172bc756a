/**
 * "A test written for the reference runner runs after swapping the import", at the type level: the
 * same strictly typed test module (reference-style-usage.ts) type-checks against the reference
 * testing package + SDK and against ours, and runs on ours.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { typecheckSource } from "../support/typecheck.js";
import { referenceStyleUsage } from "./reference-style-usage.js";

const root = join(import.meta.dirname, "../..");
const source = readFileSync(join(import.meta.dirname, "reference-style-usage.ts"), "utf8");
const OUR_TESTING = 'from "../../src/testing.js"';
const OUR_SDK = 'from "../../src/index.js"';

describe("a reference-style test module", () => {
  it("type-checks against the reference testing package and SDK", () => {
    const swapped = source.replace(OUR_TESTING, 'from "@aws/durable-execution-sdk-js-testing"').replace(OUR_SDK, 'from "@aws/durable-execution-sdk-js"');
    expect(swapped).not.toContain("src/");
    expect(typecheckSource(swapped)).toEqual([]);
  }, 60_000);

  it("type-checks against ours", () => {
    const ours = source
      .replace(OUR_TESTING, `from ${JSON.stringify(join(root, "src/testing.js"))}`)
      .replace(OUR_SDK, `from ${JSON.stringify(join(root, "src/index.js"))}`);
    expect(typecheckSource(ours)).toEqual([]);
  }, 60_000);

  it("runs on ours", async () => {
    const table = vi.spyOn(console, "table").mockImplementation(() => undefined);
    try {
      const notes = await referenceStyleUsage();
      expect(notes.slice(1, 5)).toEqual(["SUCCEEDED", "true", '{"ok":true}', "3"]);
      expect(notes).toContain("check STEP SUCCEEDED");
      expect(notes).toContain("5");
      expect(table).toHaveBeenCalledTimes(1);
    } finally {
      table.mockRestore();
    }
  });
});
