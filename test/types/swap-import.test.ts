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

  // Both SDKs read null as a config or an option left out at run time (test/runtime/input-acceptance.reference.test.ts),
  // but neither's types allow it under strict: every line below is a type error on both (an expect-error
  // directive that finds none is an error too).
  const nullSource = (from: string) => `import { createRetryStrategy, withDurableExecution } from ${JSON.stringify(from)};
export const handler = withDurableExecution(async (_event: unknown, context) => {
  const one = async () => 1;
  // @ts-expect-error null config
  await context.step("a", one, null);
  // @ts-expect-error null option
  await context.step("b", one, { retryStrategy: null });
  // @ts-expect-error null Duration
  await context.createCallback("c", { timeout: null });
  // @ts-expect-error null Duration unit
  await context.wait("w", { minutes: null, seconds: 2 });
  // @ts-expect-error null option
  await context.map("m", [1], async (_c, x: number) => x, { maxConcurrency: null });
  // @ts-expect-error null nested config
  await context.parallel("p", [one], { completionConfig: null });
  // @ts-expect-error null config
  await context.invoke("i", "fn", {}, null);
  // @ts-expect-error null strategy option
  createRetryStrategy({ maxAttempts: null });
  return 1;
});
`;

  it("neither SDK's types allow null in a config (strict)", () => {
    expect(compile(nullSource("@aws/durable-execution-sdk-js"))).toEqual([]);
    expect(compile(nullSource(join(root, "src/index.js")))).toEqual([]);
  }, 60_000);
});
