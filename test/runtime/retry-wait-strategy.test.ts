import { describe, expect, it } from "vitest";
import { JitterStrategy } from "../../src/generated/index.js";
import { createWaitStrategy } from "../../src/runtime/retry/index.js";

const fixed = (value: number) => () => value;
const keepPolling = (state: { done: boolean }) => !state.done;

describe("createWaitStrategy", () => {
  it("stops as soon as the condition is met, even past the attempt limit", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: keepPolling, maxAttempts: 2 });
    expect(strategy({ done: true }, 1)).toEqual({ shouldContinue: false });
    expect(strategy({ done: true }, 99)).toEqual({ shouldContinue: false });
  });

  it("uses the defaults: 5 s × 1.5^(n−1), capped at 300 s, full jitter", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: keepPolling }, fixed(1));
    const seconds = [1, 2, 3, 4, 9, 59].map((n) => {
      const decision = strategy({ done: false }, n);
      return decision.shouldContinue ? decision.delay : undefined;
    });
    expect(seconds).toEqual([
      { seconds: 5 },
      { seconds: 8 }, // 7.5 → 8
      { seconds: 11 }, // 11.25
      { seconds: 17 }, // 16.875
      { seconds: 128 }, // 5 × 1.5^8 = 128.1
      { seconds: 300 },
    ]);
  });

  it("throws once the attempt limit is reached", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: keepPolling });
    expect(() => strategy({ done: false }, 60)).toThrow(new Error("waitForCondition exceeded maximum attempts (60)"));
    const small = createWaitStrategy({ shouldContinuePolling: keepPolling, maxAttempts: 3 });
    expect(small({ done: false }, 2).shouldContinue).toBe(true);
    expect(() => small({ done: false }, 3)).toThrow("waitForCondition exceeded maximum attempts (3)");
  });

  it("honours custom delays and jitter, with a 1 s floor", () => {
    const strategy = createWaitStrategy(
      {
        shouldContinuePolling: keepPolling,
        initialDelay: { seconds: 2 },
        maxDelay: { seconds: 7 },
        backoffRate: 2,
        jitter: JitterStrategy.HALF,
        timeoutSeconds: 10,
      },
      fixed(0),
    );
    const delays = [1, 2, 3, 4].map((n) => {
      const d = strategy({ done: false }, n);
      return d.shouldContinue ? d.delay.seconds : -1;
    });
    expect(delays).toEqual([1, 2, 4, 4]); // half of 2, 4, 7 (capped), 7 → round(3.5) = 4
  });

  it.each([
    [undefined, "config"],
    [{}, "shouldContinuePolling"],
    [{ shouldContinuePolling: true }, "shouldContinuePolling"],
    [{ shouldContinuePolling: keepPolling, maxAttempts: 0 }, "maxAttempts"],
    [{ shouldContinuePolling: keepPolling, backoffRate: 0 }, "backoffRate"],
    [{ shouldContinuePolling: keepPolling, jitter: "full" }, "jitter"],
    [{ shouldContinuePolling: keepPolling, initialDelay: { seconds: -5 } }, "initialDelay.seconds"],
  ])("rejects the config %o at %s", (config, option) => {
    expect(() => createWaitStrategy(config as never)).toThrow(
      expect.objectContaining({ name: "DurableValidationError", field: `createWaitStrategy.${option}` }),
    );
  });
});
