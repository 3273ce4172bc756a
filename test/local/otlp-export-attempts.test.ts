/**
 * The attempt spans `spansFromHistory` builds from a history carry the same outcome and operation status
 * as the plugin hooks reported while the handler ran (onOperationAttemptEnd), for the two ways a RETRY is
 * recorded: a step attempt that failed with a retry scheduled (StepFailed + RetryDetails) and a
 * waitForCondition check that continues (StepSucceeded + RetryDetails). Both leave the operation PENDING.
 */
import { describe, expect, it } from "vitest";
import { withDurableExecution, type DurableInstrumentationPlugin } from "../../src/index.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";
import { spansFromHistory } from "../../src/local/otlp-export.js";
import { DURABLE_SPAN_ATTRIBUTES as A } from "../../src/runtime/tracing/trace-ids.js";
import { T0 } from "./helpers.js";

/** `name attempt n` → [outcome, status], as the hooks saw them and as the exported spans carry them. */
async function attemptsBothWays(body: Parameters<typeof withDurableExecution>[0]): Promise<{ hooks: Record<string, unknown[]>; exported: Record<string, unknown[]> }> {
  const hooks: Record<string, unknown[]> = {};
  const plugin: DurableInstrumentationPlugin = {
    onOperationAttemptEnd: async (info) => {
      hooks[`${info.name} attempt ${info.attempt}`] = [info.outcome, info.status];
    },
  };
  const svc = new LocalDurableService({ startTime: T0 });
  svc.registerFunction("fn", withDurableExecution(body, { plugins: [plugin] }) as never);
  const arn = svc.startExecution({ functionName: "fn" });
  expect((await svc.waitForCompletion(arn)).Status).toBe("SUCCEEDED");
  const exported: Record<string, unknown[]> = {};
  for (const span of spansFromHistory(arn, svc.getHistory(arn), svc.getOperations(arn)))
    if (span.attributes[A.ATTEMPT_NUMBER] !== undefined) exported[span.name] = [span.attributes[A.ATTEMPT_OUTCOME], span.attributes[A.OPERATION_STATUS]];
  return { hooks, exported };
}

describe("spansFromHistory: attempt outcome and operation status, as the plugin hooks report them", () => {
  it("a waitForCondition check that continues: SUCCEEDED attempt, PENDING operation", async () => {
    const { hooks, exported } = await attemptsBothWays(async (_event, ctx) =>
      ctx.waitForCondition("poll", async (n: number) => n + 1, {
        initialState: 0,
        waitStrategy: (n: number) => (n < 2 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false }),
      }),
    );
    expect(hooks).toEqual({ "poll attempt 1": ["SUCCEEDED", "PENDING"], "poll attempt 2": ["SUCCEEDED", "SUCCEEDED"] });
    expect(exported).toEqual(hooks);
  });

  it("a step attempt that fails with a retry scheduled: FAILED attempt, PENDING operation", async () => {
    const { hooks, exported } = await attemptsBothWays(async (_event, ctx) =>
      ctx.step(
        "flaky",
        async ({ attempt }: { attempt: number }) => {
          if (attempt === 1) throw new Error("first try fails");
          return "ok";
        },
        { retryStrategy: (_error: Error, count: number) => ({ shouldRetry: count < 2, delay: { seconds: 1 } }) },
      ),
    );
    expect(hooks).toEqual({ "flaky attempt 1": ["FAILED", "PENDING"], "flaky attempt 2": ["SUCCEEDED", "SUCCEEDED"] });
    expect(exported).toEqual(hooks);
  });
});
