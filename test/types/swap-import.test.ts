/**
 * "A handler written for the reference runs unchanged after swapping the import": the same handler
 * source type-checks against our SDK (npm run typecheck compiles test/types/reference-handler.ts) and,
 * with the import swapped, against @aws/durable-execution-sdk-js.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheckSource as compile } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");

describe("swapping the import", () => {
  const source = readFileSync(join(root, "test/types/reference-handler.ts"), "utf8");

  it("the handler type-checks against the reference SDK", () => {
    const swapped = source.replace('from "../../src/index.js"', 'from "@aws/durable-execution-sdk-js"');
    expect(swapped).not.toBe(source);
    expect(compile(swapped)).toEqual([]);
  }, 60_000);

  it("the handler type-checks against this SDK", () => {
    expect(compile(source.replace('from "../../src/index.js"', `from ${JSON.stringify(join(root, "src/index.js"))}`))).toEqual([]);
  }, 60_000);
});
