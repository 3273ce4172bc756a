// Side-by-side check against the reference SDK: with Math.random stubbed, both implementations must
// make identical decisions.
import {
  JitterStrategy as RefJitter,
  createLinearRetryStrategy as refLinear,
  createRetryStrategy as refRetry,
  createWaitStrategy as refWait,
  retryPresets as refPresets,
} from "@aws/durable-execution-sdk-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JitterStrategy } from "../../src/generated/index.js";
import {
  createLinearRetryStrategy,
  createRetryStrategy,
  createWaitStrategy,
  retryPresets,
} from "../../src/runtime/retry/index.js";

const RANDOMS = [0, 0.1, 0.25, 0.5, 0.7321, 0.999];
const ATTEMPTS = [1, 2, 3, 4, 5, 6, 7, 10];

afterEach(() => {
  vi.restoreAllMocks();
});

function compare<A extends unknown[], R>(ours: (...args: A) => R, theirs: (...args: A) => R, args: A[]): void {
  for (const r of RANDOMS) {
    vi.spyOn(Math, "random").mockReturnValue(r);
    for (const a of args) {
      let expected: unknown;
      let actual: unknown;
      try {
        expected = theirs(...a);
      } catch (e) {
        expected = { threw: (e as Error).message };
      }
      try {
        actual = ours(...a);
      } catch (e) {
        actual = { threw: (e as Error).message };
      }
      expect(actual, `random=${r} args=${JSON.stringify(a)}`).toEqual(expected);
    }
  }
}

describe("retry decisions match the reference SDK", () => {
  it("exposes the same jitter values", () => {
    expect({ ...JitterStrategy }).toEqual({ ...RefJitter });
  });

  const retryConfigs = [
    undefined,
    { maxAttempts: 8 },
    { maxAttempts: 9, initialDelay: { seconds: 3 }, maxDelay: { seconds: 40 }, backoffRate: 1.7, jitter: "HALF" },
    { maxAttempts: 7, initialDelay: { minutes: 1 }, maxDelay: { hours: 1 }, backoffRate: 3, jitter: "NONE" },
    { maxAttempts: 5, initialDelay: { seconds: 0 }, jitter: "FULL" },
    { maxAttempts: 6, retryableErrors: ["timeout", /throttl/i] },
    { maxAttempts: 6, retryableErrorTypes: [TypeError] },
  ] as const;

  it.each(retryConfigs.map((c) => [c]))("createRetryStrategy(%o)", (config) => {
    const errors = [new Error("read timeout"), new Error("Throttled"), new TypeError("x"), new Error("other")];
    const args = ATTEMPTS.flatMap((n) => errors.map((e) => [e, n] as [Error, number]));
    compare(createRetryStrategy(config as never), refRetry(config as never), args);
  });

  const linearConfigs = [
    undefined,
    { maxAttempts: 9, initialDelay: { seconds: 2 }, increment: { seconds: 7 }, maxDelay: { seconds: 30 } },
    { jitter: "HALF", increment: { minutes: 1 } },
    { jitter: "NONE", maxAttempts: 12 },
  ] as const;

  it.each(linearConfigs.map((c) => [c]))("createLinearRetryStrategy(%o)", (config) => {
    const args = ATTEMPTS.map((n) => [new Error("x"), n] as [Error, number]);
    compare(createLinearRetryStrategy(config as never), refLinear(config as never), args);
  });

  it.each(["default", "linear", "noRetry"] as const)("retryPresets.%s", (name) => {
    const args = ATTEMPTS.map((n) => [new Error("x"), n] as [Error, number]);
    compare(retryPresets[name], refPresets[name], args);
  });

  const waitConfigs = [
    {},
    { maxAttempts: 5, initialDelay: { seconds: 1 }, maxDelay: { seconds: 20 }, backoffRate: 2.5, jitter: "HALF" },
    { maxAttempts: 4, jitter: "NONE", initialDelay: { minutes: 2 } },
  ] as const;

  it.each(waitConfigs.map((c) => [c]))("createWaitStrategy(%o)", (config) => {
    const full = { ...config, shouldContinuePolling: (s: { n: number }) => s.n < 3 };
    const args = [...ATTEMPTS, 59, 60, 61].flatMap((n) => [
      [{ n: 0 }, n] as [{ n: number }, number],
      [{ n: 5 }, n] as [{ n: number }, number],
    ]);
    compare(createWaitStrategy(full as never), refWait(full as never), args);
  });
});
