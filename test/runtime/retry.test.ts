import { describe, expect, it } from "vitest";
import { JitterStrategy } from "../../src/generated/index.js";
import {
  applyJitter,
  createLinearRetryStrategy,
  createRetryStrategy,
  jitteredDelaySeconds,
  retryPresets,
} from "../../src/runtime/retry/index.js";

const fixed = (value: number) => () => value;
const err = (message = "boom") => new Error(message);

/** Matches a DurableValidationError raised by `operation` for `field`, with a non-empty fix. */
const invalid = (operation: string, field: string) =>
  expect.objectContaining({ name: "DurableValidationError", operation, field, fix: expect.stringMatching(/\S/) });

describe("jitter math", () => {
  it("NONE keeps the base, FULL scales it, HALF keeps the upper half", () => {
    expect(applyJitter(10, JitterStrategy.NONE, fixed(0.3))).toBe(10);
    expect(applyJitter(10, JitterStrategy.FULL, fixed(0.3))).toBe(3);
    expect(applyJitter(10, JitterStrategy.HALF, fixed(0.3))).toBe(6.5);
    expect(applyJitter(10, JitterStrategy.HALF, fixed(0))).toBe(5);
  });

  it("rounds to whole seconds with a floor of 1", () => {
    expect(jitteredDelaySeconds(10, JitterStrategy.FULL, fixed(0))).toBe(1);
    expect(jitteredDelaySeconds(10, JitterStrategy.FULL, fixed(0.04))).toBe(1);
    expect(jitteredDelaySeconds(10, JitterStrategy.FULL, fixed(0.25))).toBe(3); // 2.5 rounds up
    expect(jitteredDelaySeconds(10, JitterStrategy.FULL, fixed(0.24))).toBe(2);
    expect(jitteredDelaySeconds(0, JitterStrategy.NONE, fixed(0.5))).toBe(1);
  });
});

describe("createRetryStrategy", () => {
  it("uses the documented defaults (3 attempts, 5 s doubling, full jitter)", () => {
    const retry = createRetryStrategy(undefined, fixed(0.5));
    expect(retry(err(), 1)).toEqual({ shouldRetry: true, delay: { seconds: 3 } }); // 0.5 × 5 = 2.5 → 3
    expect(retry(err(), 2)).toEqual({ shouldRetry: true, delay: { seconds: 5 } }); // 0.5 × 10
    expect(retry(err(), 3)).toEqual({ shouldRetry: false });
    expect(retry(err(), 4)).toEqual({ shouldRetry: false });
  });

  it("grows exponentially and caps at maxDelay", () => {
    const retry = createRetryStrategy({
      maxAttempts: 10,
      initialDelay: { seconds: 2 },
      maxDelay: { seconds: 20 },
      backoffRate: 3,
      jitter: JitterStrategy.NONE,
    });
    const delays = [1, 2, 3, 4].map((n) => retry(err(), n).delay);
    expect(delays).toEqual([{ seconds: 2 }, { seconds: 6 }, { seconds: 18 }, { seconds: 20 }]);
  });

  it("applies HALF jitter to the capped base", () => {
    const retry = createRetryStrategy({ jitter: JitterStrategy.HALF, maxAttempts: 5 }, fixed(0.9));
    expect(retry(err(), 2).delay).toEqual({ seconds: Math.round(5 + 0.9 * 5) }); // base 10
  });

  it("allows zero delays, which still wait at least 1 s", () => {
    const retry = createRetryStrategy({ initialDelay: { seconds: 0 }, jitter: JitterStrategy.NONE });
    expect(retry(err(), 1)).toEqual({ shouldRetry: true, delay: { seconds: 1 } });
  });

  it("reads Math.random lazily by default", () => {
    const retry = createRetryStrategy({ jitter: JitterStrategy.FULL, initialDelay: { seconds: 100 } });
    const original = Math.random;
    Math.random = () => 0.42;
    try {
      expect(retry(err(), 1).delay).toEqual({ seconds: 42 });
    } finally {
      Math.random = original;
    }
  });

  describe("error filters", () => {
    class TimeoutError extends Error {}
    class NetworkError extends Error {}
    class SlowTimeoutError extends TimeoutError {}

    it("retries everything when no filter is given", () => {
      expect(createRetryStrategy()(err("anything"), 1).shouldRetry).toBe(true);
    });

    it("matches substrings and RegExps against the message", () => {
      const retry = createRetryStrategy({ retryableErrors: ["throttl", /time\s?out/i] });
      expect(retry(err("Request throttled"), 1).shouldRetry).toBe(true);
      expect(retry(err("read TIMEOUT"), 1).shouldRetry).toBe(true);
      expect(retry(err("validation failed"), 1).shouldRetry).toBe(false);
    });

    it("matches classes with instanceof (subclasses included)", () => {
      const retry = createRetryStrategy({ retryableErrorTypes: [TimeoutError] });
      expect(retry(new TimeoutError("x"), 1).shouldRetry).toBe(true);
      expect(retry(new SlowTimeoutError("x"), 1).shouldRetry).toBe(true);
      expect(retry(new NetworkError("timeout"), 1).shouldRetry).toBe(false);
    });

    it("ORs both filters", () => {
      const retry = createRetryStrategy({ retryableErrors: [/network/], retryableErrorTypes: [TimeoutError] });
      expect(retry(new TimeoutError("x"), 1).shouldRetry).toBe(true);
      expect(retry(err("network down"), 1).shouldRetry).toBe(true);
      expect(retry(err("disk full"), 1).shouldRetry).toBe(false);
    });

    it("treats an empty filter list as 'retry nothing'", () => {
      expect(createRetryStrategy({ retryableErrors: [] })(err(), 1).shouldRetry).toBe(false);
      expect(createRetryStrategy({ retryableErrorTypes: [] })(err(), 1).shouldRetry).toBe(false);
    });

    it("is not fooled by global RegExps keeping lastIndex", () => {
      const retry = createRetryStrategy({ retryableErrors: [/boom/g], maxAttempts: 10 });
      expect([1, 2, 3].map((n) => retry(err("boom"), n).shouldRetry)).toEqual([true, true, true]);
    });

    it("copes with thrown values that are not Errors", () => {
      const retry = createRetryStrategy({ retryableErrors: ["bad"] });
      expect(retry("bad thing" as unknown as Error, 1).shouldRetry).toBe(true);
      expect(retry(null as unknown as Error, 1).shouldRetry).toBe(false);
      expect(retry({ message: "bad" } as Error, 1).shouldRetry).toBe(true);
    });

    it("checks the attempt limit before the filter", () => {
      const retry = createRetryStrategy({ maxAttempts: 2, retryableErrors: ["x"] });
      expect(retry(err("x"), 2)).toEqual({ shouldRetry: false });
    });
  });

  describe("validation", () => {
    it.each([
      [{ maxAttempts: 0 }, "createRetryStrategy.maxAttempts"],
      [{ maxAttempts: 2.5 }, "createRetryStrategy.maxAttempts"],
      [{ maxAttempts: Number.NaN }, "createRetryStrategy.maxAttempts"],
      [{ maxAttempts: "3" }, "createRetryStrategy.maxAttempts"],
      [{ initialDelay: { seconds: -1 } }, "createRetryStrategy.initialDelay.seconds"],
      [{ maxDelay: { minutes: -5 } }, "createRetryStrategy.maxDelay.minutes"],
      [{ maxDelay: 5 }, "createRetryStrategy.maxDelay"],
      [{ backoffRate: 0 }, "createRetryStrategy.backoffRate"],
      [{ backoffRate: -2 }, "createRetryStrategy.backoffRate"],
      [{ backoffRate: Number.POSITIVE_INFINITY }, "createRetryStrategy.backoffRate"],
      [{ jitter: "SOME" }, "createRetryStrategy.jitter"],
      [{ retryableErrors: "timeout" }, "createRetryStrategy.retryableErrors"],
      [{ retryableErrors: ["ok", 5] }, "createRetryStrategy.retryableErrors.1"],
      [{ retryableErrorTypes: [new Error("x")] }, "createRetryStrategy.retryableErrorTypes.0"],
      [{ retryableErrorTypes: [() => undefined] }, "createRetryStrategy.retryableErrorTypes.0"],
    ])("rejects %o naming %s", (config, field) => {
      expect(() => createRetryStrategy(config as never)).toThrow(invalid("createRetryStrategy", field));
    });

    it("rejects a config that is not an object", () => {
      expect(() => createRetryStrategy(3 as never)).toThrow(invalid("createRetryStrategy", "createRetryStrategy.config"));
    });

    it("accepts Infinity as an unlimited attempt count", () => {
      const retry = createRetryStrategy({ maxAttempts: Number.POSITIVE_INFINITY, jitter: JitterStrategy.NONE });
      expect(retry(err(), 1000).shouldRetry).toBe(true);
    });

    it("treats explicitly undefined options as unset", () => {
      const retry = createRetryStrategy({ maxAttempts: undefined, jitter: undefined }, fixed(1));
      expect(retry(err(), 1)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
    });
  });
});

describe("createLinearRetryStrategy", () => {
  it("uses the documented defaults (6 attempts, 1 s + 1 s, full jitter)", () => {
    const retry = createLinearRetryStrategy(undefined, fixed(1));
    expect([1, 2, 3, 4, 5].map((n) => retry(err(), n).delay?.seconds)).toEqual([1, 2, 3, 4, 5]);
    expect(retry(err(), 6)).toEqual({ shouldRetry: false });
  });

  it("adds the increment and caps at maxDelay", () => {
    const retry = createLinearRetryStrategy({
      maxAttempts: 10,
      initialDelay: { seconds: 2 },
      increment: { seconds: 3 },
      maxDelay: { seconds: 10 },
      jitter: JitterStrategy.NONE,
    });
    expect([1, 2, 3, 4].map((n) => retry(err(), n).delay?.seconds)).toEqual([2, 5, 8, 10]);
  });

  it("shares the error filters and validation", () => {
    const retry = createLinearRetryStrategy({ retryableErrors: ["x"] });
    expect(retry(err("y"), 1).shouldRetry).toBe(false);
    expect(() => createLinearRetryStrategy({ increment: { seconds: -1 } })).toThrow(
      invalid("createLinearRetryStrategy", "createLinearRetryStrategy.increment.seconds"),
    );
  });
});

describe("retryPresets", () => {
  it("default: 6 attempts, caps 5, 10, 20, 40, 60 s before full jitter", () => {
    const original = Math.random;
    Math.random = () => 0.9999;
    try {
      const delays = [1, 2, 3, 4, 5].map((n) => retryPresets.default(err(), n).delay?.seconds);
      expect(delays).toEqual([5, 10, 20, 40, 60]);
      expect(retryPresets.default(err(), 6)).toEqual({ shouldRetry: false });
    } finally {
      Math.random = original;
    }
  });

  it("linear: 1..5 s without jitter", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryPresets.linear(err(), n).delay?.seconds)).toEqual([1, 2, 3, 4, 5]);
    expect(retryPresets.linear(err(), 6).shouldRetry).toBe(false);
  });

  it("noRetry: never retries", () => {
    expect(retryPresets.noRetry(err(), 1)).toEqual({ shouldRetry: false });
  });
});
