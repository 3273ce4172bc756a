/**
 * Concurrent invocations on a clock that moves (issue 14, defect 6): invocations of different
 * executions overlap, bounded by `maxConcurrentInvocations`; one execution never has two
 * invocations at once; timers fire on time while invocations run. Timings are measured and printed
 * (for BENCHMARKS.md), never asserted: overlap is asserted by the concurrency observed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalDurableService } from "../../src/local/local-durable-service.js";

const io = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts invocations in flight, overall and per execution. */
function gauge() {
  let now = 0;
  let max = 0;
  const perExecution = new Map<string, number>();
  let maxPerExecution = 0;
  return {
    enter(arn: string) {
      max = Math.max(max, ++now);
      const n = (perExecution.get(arn) ?? 0) + 1;
      perExecution.set(arn, n);
      maxPerExecution = Math.max(maxPerExecution, n);
    },
    leave(arn: string) {
      now--;
      perExecution.set(arn, perExecution.get(arn)! - 1);
    },
    get max() {
      return max;
    },
    get maxPerExecution() {
      return maxPerExecution;
    },
  };
}

/** A durable handler whose invocations are counted by `g` (the raw invocation event carries the ARN). */
function counted(g: ReturnType<typeof gauge>, body: Parameters<typeof withDurableExecution>[0]): DurableFunctionHandler {
  const durable = withDurableExecution(body) as DurableFunctionHandler;
  return (async (event: { DurableExecutionArn: string }, context: unknown) => {
    g.enter(event.DurableExecutionArn);
    try {
      return await (durable as (e: unknown, c: unknown) => Promise<unknown>)(event, context);
    } finally {
      g.leave(event.DurableExecutionArn);
    }
  }) as DurableFunctionHandler;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe("concurrent invocations (real clock)", () => {
  let service: LocalDurableService | undefined;
  afterEach(() => {
    service?.close();
    service = undefined;
  });

  it("20 executions each doing 500 ms of I/O overlap; each execution runs one invocation at a time", async () => {
    service = new LocalDurableService({ clock: "real" });
    const g = gauge();
    service.registerFunction(
      "io",
      counted(g, async (event: any, ctx) => {
        const a = await ctx.step("first", async () => {
          await io(250);
          return event.n as number;
        });
        return ctx.step("second", async () => {
          await io(250);
          return a + 1;
        });
      }),
    );
    const started = performance.now();
    const arns = Array.from({ length: 20 }, (_, n) => service!.startExecution({ functionName: "io", input: { n } }));
    const results = await Promise.all(arns.map((arn) => service!.waitForCompletion(arn, { timeoutMs: 30_000 })));
    const elapsed = performance.now() - started;
    console.info(`[concurrency] 20 executions × 500 ms of I/O: ${elapsed.toFixed(0)} ms, ${g.max} invocations at once at most`);
    results.forEach((result, n) => expect(result).toMatchObject({ Status: "SUCCEEDED", Result: JSON.stringify(n + 1) }));
    // Serial invocations (the defect) never overlap; with the default bound all 20 can run at once.
    expect(g.max).toBeGreaterThanOrEqual(10);
    expect(g.maxPerExecution).toBe(1);
  }, 60_000);

  it("maxConcurrentInvocations bounds the overlap (and 1 restores one invocation at a time)", async () => {
    for (const limit of [1, 4]) {
      const svc = new LocalDurableService({ clock: "real", maxConcurrentInvocations: limit });
      try {
        const g = gauge();
        svc.registerFunction(
          "io",
          counted(g, async (_event, ctx) => ctx.step(async () => (await io(30), "ok"))),
        );
        const arns = Array.from({ length: 12 }, () => svc.startExecution({ functionName: "io" }));
        const results = await Promise.all(arns.map((arn) => svc.waitForCompletion(arn, { timeoutMs: 30_000 })));
        results.forEach((result) => expect(result.Status).toBe("SUCCEEDED"));
        expect(g.max).toBe(limit);
      } finally {
        svc.close();
      }
    }
  }, 60_000);

  it("rejects a bad maxConcurrentInvocations with a message naming the option", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "8"]) {
      expect(() => new LocalDurableService({ clock: "real", maxConcurrentInvocations: bad as number })).toThrow(
        /maxConcurrentInvocations must be a whole number from 1 to 10000/,
      );
    }
  });

  it("1000 executions waiting 1 s: all finish, and the handlers resume close to the waits' scheduled end", async () => {
    service = new LocalDurableService({ clock: "real" });
    const g = gauge();
    service.registerFunction(
      "sleeper",
      counted(g, async (_event, ctx) => {
        await ctx.wait({ seconds: 1 });
        // When the handler got past the wait (recorded once; replays return the recorded value).
        return ctx.step("resumed", async () => Date.now());
      }),
    );
    const svc = service;
    const arns = Array.from({ length: 1000 }, () => svc.startExecution({ functionName: "sleeper" }));
    const results = await Promise.all(arns.map((arn) => svc.waitForCompletion(arn, { timeoutMs: 120_000 })));
    const lateness: number[] = [];
    for (const [i, arn] of arns.entries()) {
      expect(results[i]!.Status).toBe("SUCCEEDED");
      const wait = svc.getOperations(arn).find((op) => op.Type === "WAIT")!;
      expect(wait.Status).toBe("SUCCEEDED");
      lateness.push(JSON.parse(results[i]!.Result!) - +wait.WaitDetails!.ScheduledEndTimestamp!);
    }
    lateness.sort((a, b) => a - b);
    console.info(
      `[concurrency] 1000 × 1 s waits: handler resumed p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${lateness.at(-1)} ms after the scheduled end; ${g.max} invocations at once at most`,
    );
    // No wait ends early.
    expect(lateness[0]).toBeGreaterThanOrEqual(0);
    expect(g.max).toBeGreaterThan(1);
    expect(g.maxPerExecution).toBe(1);
  }, 180_000);
});
