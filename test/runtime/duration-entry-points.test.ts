/**
 * One Duration rule (schema/types.yaml `durationRule`): the same Durations through every entry point —
 * wait, a step's retry delay, a waitForCondition delay, createCallback's timeout and heartbeatTimeout,
 * withRetry's delay, createRetryStrategy's initialDelay and the generated validators' isDuration — get
 * the same verdict, and every rejection carries the rule's one fix. Only the longest total is each
 * field's own (`maxSeconds:` in the schema): the API's for the field the Duration is sent as.
 */
import { describe, expect, it } from "vitest";
import { createRetryStrategy, withRetry, type Duration } from "../../src/index.js";
import { DURATION_RULE, validateCreateCallbackConfig, validateWaitArgs } from "../../src/generated/index.js";
import { durationToSeconds, isDuration } from "../../src/runtime/duration.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours } from "../support/sdks.js";

type Body = (ctx: any, d: Duration) => Promise<unknown>;

const ENTRY_POINTS: Record<string, Body> = {
  wait: (ctx, d) => ctx.wait("w", d),
  "step retry delay": (ctx, d) =>
    ctx.step(
      "s",
      async (step: { attempt: number }) => {
        if (step.attempt < 2) throw new Error("first attempt fails");
        return 1;
      },
      { retryStrategy: (_e: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: d }) },
    ),
  "waitForCondition delay": (ctx, d) =>
    ctx.waitForCondition("c", async (state: number) => state + 1, {
      initialState: 0,
      waitStrategy: (state: number) => (state < 2 ? { shouldContinue: true, delay: d } : { shouldContinue: false }),
    }),
  "createCallback timeout": async (ctx, d) => void (await ctx.createCallback("cb", { timeout: d })),
  "createCallback heartbeatTimeout": async (ctx, d) => void (await ctx.createCallback("cb", { heartbeatTimeout: d })),
  "withRetry delay": (ctx, d) =>
    withRetry(ctx, "r", async (_c, attempt) => {
      if (attempt < 2) throw new Error("first attempt fails");
      return 1;
    }, { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2, delay: d }), wrapWithRunInChildContext: false }),
  "createRetryStrategy initialDelay": async (_ctx, d) => createRetryStrategy({ initialDelay: d }),
};

const ACCEPTED: unknown[] = [{ seconds: 0 }, { seconds: 1.5 }, { seconds: 1 }, { minutes: 1, seconds: 0 }, { days: 366 }, { seconds: 5, hours: undefined }];
const REJECTED: unknown[] = [{ seconds: -1 }, { seconds: Number.NaN }, { hours: Number.POSITIVE_INFINITY }, {}, { millis: 5 }, { minutes: "5" }, "5s", [5]];
/**
 * Each entry point's longest total, from the Lambda API reference: WaitSeconds and NextAttemptDelaySeconds
 * 1..31622400 (366 days), CallbackOptions 0..99999999; none for a strategy's initialDelay or maxDelay (the delay due is checked).
 */
const LONGEST: Record<string, number | undefined> = {
  wait: 31_622_400,
  "step retry delay": 31_622_400,
  "waitForCondition delay": 31_622_400,
  "createCallback timeout": 99_999_999,
  "createCallback heartbeatTimeout": 99_999_999,
  "withRetry delay": 31_622_400,
  "createRetryStrategy initialDelay": undefined,
};

/** "accepted", or the rejection's message. */
async function verdict(body: Body, duration: unknown): Promise<string> {
  const run = await runToCompletion(ours(async (_e, ctx) => body(ctx, duration as Duration)), {});
  if (run.last.Status === "SUCCEEDED") return "accepted";
  const error = (run.last as { Error?: { ErrorType?: string; ErrorMessage?: string } }).Error;
  return `${error?.ErrorType}: ${error?.ErrorMessage}`;
}

describe("one Duration rule at every entry point", () => {
  for (const [name, body] of Object.entries(ENTRY_POINTS)) {
    it(`${name}: accepts ${JSON.stringify(ACCEPTED)}`, async () => {
      for (const duration of ACCEPTED) expect(await verdict(body, duration), JSON.stringify(duration)).toBe("accepted");
    });
    it(`${name}: rejects ${JSON.stringify(REJECTED)} with a DurableValidationError carrying the rule's fix`, async () => {
      for (const duration of REJECTED) {
        const message = await verdict(body, duration);
        expect(message, JSON.stringify(duration)).toMatch(/^DurableValidationError: /);
        expect(message, JSON.stringify(duration)).toContain(DURATION_RULE.fix);
      }
    });
  }

  for (const [name, body] of Object.entries(ENTRY_POINTS)) {
    const max = LONGEST[name];
    if (max === undefined) {
      it(`${name}: has no longest total of its own`, async () => {
        expect(await verdict(body, { days: 100_000 })).toBe("accepted");
      });
      continue;
    }
    it(`${name}: accepts ${max} seconds and refuses one more, naming that limit`, async () => {
      expect(await verdict(body, { seconds: max })).toBe("accepted");
      const message = await verdict(body, { seconds: max + 1 });
      expect(message).toMatch(/^DurableValidationError: /);
      expect(message).toContain(`is ${max + 1} seconds; at most ${max}`);
    });
  }

  it("the generated validators and the runtime helpers agree with the same inputs", () => {
    const viaRuntime = (d: unknown) => {
      try {
        durationToSeconds(d, { operation: "t", field: "t" });
        return true;
      } catch {
        return false;
      }
    };
    for (const [d, ok] of [...ACCEPTED.map((d) => [d, true] as const), ...REJECTED.map((d) => [d, false] as const)]) {
      expect([validateWaitArgs({ duration: d }) === undefined, validateCreateCallbackConfig({ timeout: d }) === undefined, viaRuntime(d), isDuration(d)], JSON.stringify(d)).toEqual([ok, ok, ok, ok]);
    }
    // The longest total is the field's own: 366 days and a second is too long to wait, not for a callback.
    const long = { days: 366, seconds: 1 };
    expect([validateWaitArgs({ duration: long }) === undefined, validateCreateCallbackConfig({ timeout: long }) === undefined, viaRuntime(long), isDuration(long)]).toEqual([false, true, false, false]);
  });
});
