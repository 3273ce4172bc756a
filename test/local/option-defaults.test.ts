/**
 * The defaults that LocalDurableServiceOptions states as `@defaultValue` literals (what a reader of the
 * API pages and of editor hovers sees) are the values the service applies: each literal is compared
 * with the constant the code falls back to, so changing one without the other fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_INVOCATION_PAGE_SIZE,
  DEFAULT_INVOCATION_TIMEOUT_MS,
  DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS,
  DEFAULT_REINVOKE_DELAY_MS,
} from "../../src/local/store-constants.js";

const source = readFileSync(join(import.meta.dirname, "../../src/local/local-durable-service.ts"), "utf8");
const optionsBlock = source.slice(source.indexOf("export interface LocalDurableServiceOptions"), source.indexOf("\n}\n", source.indexOf("export interface LocalDurableServiceOptions")));

/** Each option of the interface whose TSDoc ends with a literal `@defaultValue`, as field → literal text. */
function literalDefaults(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of optionsBlock.matchAll(/@defaultValue `([^`]+)`\s*\n\s*\*\/\s*\n\s*(\w+)\??:/g)) out.set(m[2]!, m[1]!);
  return out;
}

/** The value the code applies when the option is left out (the constants the service falls back to). */
const APPLIED: Record<string, unknown> = {
  invocationTimeoutMs: DEFAULT_INVOCATION_TIMEOUT_MS,
  maxConsecutiveInvocationErrors: DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS,
  invocationRetryDelayMs: DEFAULT_REINVOKE_DELAY_MS,
  invocationPageSize: DEFAULT_INVOCATION_PAGE_SIZE,
  enforceInvocationTimeout: true,
};

describe("LocalDurableServiceOptions' literal @defaultValue tags", () => {
  const found = literalDefaults();

  it("every literal default is one this test knows the applied value of", () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(APPLIED).sort());
  });

  it.each(Object.entries(APPLIED))("%s: the stated default is the applied one", (field, applied) => {
    const stated = found.get(field);
    expect(stated, `${field} has no literal @defaultValue`).toBeDefined();
    // `60_000` is a number literal with separators; `true` a boolean.
    expect(JSON.parse(stated!.replaceAll("_", ""))).toBe(applied);
  });

  it("the code falls back to those constants (not to other literals)", () => {
    const code = readFileSync(join(import.meta.dirname, "../../src/local/store.ts"), "utf8") + source;
    expect(code).toContain("options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS");
    expect(code).toContain("options.maxConsecutiveInvocationErrors ?? DEFAULT_MAX_CONSECUTIVE_INVOCATION_ERRORS");
    expect(code).toContain("options.invocationRetryDelayMs ?? DEFAULT_REINVOKE_DELAY_MS");
    expect(code).toContain("options.invocationPageSize ?? DEFAULT_INVOCATION_PAGE_SIZE");
    expect(code).toContain("options.enforceInvocationTimeout ?? true");
  });
});
