import { createWaitStrategy as referenceCreateWaitStrategy } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { JitterStrategy } from "../../src/generated/index.js";
import { createWaitStrategy } from "../../src/runtime/retry/index.js";
import { FakeDurableService, runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

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

  it("gives up with the reference's error, text for text (plainErrorMessages in errors.yaml)", () => {
    const thrown = (strategy: (state: { done: boolean }, attempts: number) => unknown): unknown => {
      try {
        strategy({ done: false }, 4);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const mine = thrown(createWaitStrategy({ shouldContinuePolling: keepPolling, maxAttempts: 4 }));
    const theirs = thrown(referenceCreateWaitStrategy({ shouldContinuePolling: keepPolling, maxAttempts: 4 }));
    expect(mine).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(mine)).toBe(Error.prototype);
    expect(Object.getPrototypeOf(theirs)).toBe(Error.prototype);
    expect((mine as Error).message).toBe((theirs as Error).message);
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

describe("what a step's retry strategy is given for a thrown non-Error", () => {
  it("is an Error with the reference's message, and the checkpointed error keeps what was thrown", async () => {
    const seen: Record<string, { isError: boolean; message: string }[]> = {};
    const failures: Record<string, unknown> = {};
    for (const make of [ours, reference]) {
      const given: { isError: boolean; message: string }[] = [];
      const sdk = make(async (_event, ctx) => {
        try {
          return await ctx.step(
            "throws a string",
            async () => {
              throw "out of stock";
            },
            {
              retryStrategy: (error: unknown) => {
                given.push({ isError: error instanceof Error, message: (error as Error).message });
                return { shouldRetry: false };
              },
            },
          );
        } catch (error) {
          return (error as Error).message;
        }
      });
      const service = new FakeDurableService({});
      const { last } = await runToCompletion(sdk, {}, { service });
      seen[sdk.name] = given;
      failures[sdk.name] = { output: last, error: service.updates.find((u) => u.Action === "FAIL")?.Error };
    }
    expect(seen.ours).toEqual([{ isError: true, message: "Unknown Error" }]);
    expect(seen.ours).toEqual(seen.reference);
    expect(failures.ours).toEqual(failures.reference);
  });
});
