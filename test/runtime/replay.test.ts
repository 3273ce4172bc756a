/**
 * Every replay row of protocol.md §4.1 (step), §4.2 (wait) and §4.7 (child contexts): the stored
 * status of an operation decides what the SDK does on the next invocation.
 */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/generated/index.js";
import { toWireId } from "../../src/runtime/ids.js";
import { StepSemantics } from "../../src/index.js";
import { FakeDurableService, lambdaContext } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

const id = (raw: string) => toWireId(raw);

function seeded(ops: Partial<Operation>[]): FakeDurableService {
  const service = new FakeDurableService({});
  for (const op of ops) service.ops.set(op.Id!, { StartTimestamp: new Date(service.now), ...op } as Operation);
  return service;
}

async function invokeOnce(service: FakeDurableService, handler: (e: any, ctx: any) => Promise<unknown>) {
  const sdk = ours(handler);
  const output = await sdk.handler(service.event(sdk), lambdaContext);
  return { output, updates: service.updates };
}

describe("step replay (§4.1)", () => {
  it("none: runs an attempt", async () => {
    let runs = 0;
    const { output, updates } = await invokeOnce(seeded([]), async (_e, ctx) => ctx.step("s", async () => ++runs));
    expect(runs).toBe(1);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "1" });
    expect(updates.map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
  });

  it("SUCCEEDED: returns the stored result without running the body", async () => {
    let runs = 0;
    const service = seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Name: "s", Status: "SUCCEEDED", StepDetails: { Result: '{"v":7}', Attempt: 1 } }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.step("s", async () => ++runs));
    expect(runs).toBe(0);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: '{"v":7}' });
    expect(updates).toEqual([]);
  });

  it("FAILED: throws the stored error rebuilt by type (StepError for unknown types)", async () => {
    const service = seeded([
      { Id: id("1"), Type: "STEP", SubType: "Step", Status: "FAILED", StepDetails: { Error: { ErrorType: "TypeError", ErrorMessage: "nope" } } },
      { Id: id("2"), Type: "STEP", SubType: "Step", Status: "FAILED", StepDetails: { Error: { ErrorType: "InvokeError", ErrorMessage: "inv" } } },
      { Id: id("3"), Type: "STEP", SubType: "Step", Status: "FAILED", StepDetails: {} },
    ]);
    const { output } = await invokeOnce(service, async (_e, ctx) => {
      const seen = [];
      for (let i = 0; i < 3; i++) {
        try {
          await ctx.step(async () => "never");
        } catch (error) {
          const e = error as Error & { cause?: Error };
          seen.push([e.constructor.name, e.message, e.cause?.name]);
        }
      }
      return seen;
    });
    expect(JSON.parse((output as { Result: string }).Result)).toEqual([
      ["StepError", "nope", "TypeError"],
      ["InvokeError", "inv", "InvokeError"],
      ["StepError", "Unknown error", "StepError"],
    ]);
  });

  it("PENDING: a retry not yet due suspends without running the body", async () => {
    let runs = 0;
    const service = seeded([
      { Id: id("1"), Type: "STEP", SubType: "Step", Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: new Date(Date.now() + 3_600_000) } },
    ]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.step(async () => ++runs));
    expect(output).toEqual({ Status: "PENDING" });
    expect(runs).toBe(0);
    expect(updates).toEqual([]);
  });

  it("READY: runs the next attempt and sends START again, with the attempt number", async () => {
    const service = seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Status: "READY", StepDetails: { Attempt: 2 } }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.step(async ({ attempt }: { attempt: number }) => attempt));
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "3" });
    expect(updates.map((u) => u.Action)).toEqual(["START", "SUCCEED"]);
  });

  it("STARTED at least once: re-runs the body without re-sending START", async () => {
    let runs = 0;
    const service = seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Status: "STARTED", StepDetails: {} }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.step(async () => ++runs));
    expect(runs).toBe(1);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "1" });
    expect(updates.map((u) => u.Action)).toEqual(["SUCCEED"]);
  });

  it("STARTED at most once: the attempt counts as interrupted; no retry → FAIL StepInterruptedError", async () => {
    let runs = 0;
    const service = seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Status: "STARTED", StepDetails: {} }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) =>
      ctx.step(async () => ++runs, { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) }),
    );
    expect(runs).toBe(0);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ Action: "FAIL", Error: { ErrorType: "StepInterruptedError" } });
    expect(output).toMatchObject({ Status: "FAILED", Error: { ErrorType: "StepError" } });
  });

  it("STARTED at most once with retries: RETRY and suspend, body not run", async () => {
    let runs = 0;
    const service = seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Status: "STARTED", StepDetails: { Attempt: 0 } }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) =>
      ctx.step(async () => ++runs, { semantics: StepSemantics.AtMostOncePerRetry }),
    );
    expect(runs).toBe(0);
    expect(updates.map((u) => u.Action)).toEqual(["RETRY"]);
    expect(updates[0]!.StepOptions?.NextAttemptDelaySeconds).toBeGreaterThanOrEqual(1);
    expect(output).toEqual({ Status: "PENDING" });
  });

  it("SUCCEEDED with a stored result that is not JSON: the invocation throws SerdesFailedError, as the reference's does", async () => {
    const stored = () => seeded([{ Id: id("1"), Type: "STEP", SubType: "Step", Name: "s", Status: "SUCCEEDED", StepDetails: { Result: "{not json", Attempt: 1 } }]);
    const handler = async (_e: unknown, ctx: any) => {
      await ctx.step("s", async () => "fresh");
      return "unreachable";
    };
    const outcomes = [];
    for (const sdk of [ours(handler), reference(handler)]) {
      const service = stored();
      const output = await sdk.handler(service.event(sdk), lambdaContext).catch((error: Error) => ({ thrown: error.name }));
      outcomes.push({ output: JSON.parse(JSON.stringify(output, (key, value) => (key === "ErrorMessage" || key === "StackTrace" ? undefined : value))), updates: service.updates.length });
    }
    expect(outcomes[0]).toEqual({ output: { thrown: "SerdesFailedError" }, updates: 0 });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it("a mismatched type, name or subtype fails with NonDeterministicExecutionError", async () => {
    for (const [stored, message] of [
      [{ Type: "WAIT", SubType: "Wait", Name: "s" }, 'Operation type mismatch for step "1". Expected type "WAIT", but got "STEP"'],
      [{ Type: "STEP", SubType: "Step", Name: "other" }, 'Operation name mismatch for step "1". Expected name "other", but got "s"'],
      [{ Type: "STEP", SubType: "WaitForCondition", Name: "s" }, 'Operation subtype mismatch for step "1". Expected subtype "WaitForCondition", but got "Step"'],
    ] as const) {
      const service = seeded([{ Id: id("1"), Status: "SUCCEEDED", StepDetails: { Result: "1" }, ...stored } as Partial<Operation>]);
      const { output } = await invokeOnce(service, async (_e, ctx) => ctx.step("s", async () => 1));
      expect(output).toMatchObject({ Status: "FAILED", Error: { ErrorType: "NonDeterministicExecutionError" } });
      expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toContain(message);
    }
  });
});

describe("wait replay (§4.2)", () => {
  it("none: sends START with WaitSeconds and suspends", async () => {
    const { output, updates } = await invokeOnce(seeded([]), async (_e, ctx) => ctx.wait({ hours: 1, minutes: 2, seconds: 3 }));
    expect(output).toEqual({ Status: "PENDING" });
    expect(updates).toEqual([{ Id: id("1"), Type: "WAIT", SubType: "Wait", Action: "START", WaitOptions: { WaitSeconds: 3723 } }]);
  });

  it("SUCCEEDED: resolves at once", async () => {
    const service = seeded([{ Id: id("1"), Type: "WAIT", SubType: "Wait", Status: "SUCCEEDED" }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => {
      await ctx.wait({ seconds: 5 });
      return "after";
    });
    expect(output).toEqual({ Status: "SUCCEEDED", Result: '"after"' });
    expect(updates).toEqual([]);
  });

  it("STARTED: not elapsed, suspends without a new START", async () => {
    const service = seeded([
      { Id: id("1"), Type: "WAIT", SubType: "Wait", Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: new Date(Date.now() + 60_000) } },
    ]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.wait({ seconds: 60 }));
    expect(output).toEqual({ Status: "PENDING" });
    expect(updates).toEqual([]);
  });

  it.each(["CANCELLED", "FAILED", "STOPPED", "TIMED_OUT"] as const)("%s: resolves at once", async (status) => {
    const service = seeded([{ Id: id("1"), Type: "WAIT", SubType: "Wait", Status: status }]);
    const { output } = await invokeOnce(service, async (_e, ctx) => {
      await ctx.wait({ seconds: 1 });
      return status;
    });
    expect(output).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify(status) });
  });
});

describe("child context replay (§4.7)", () => {
  it("none: runs the function, START and SUCCEED not awaited but sent", async () => {
    const { output, updates } = await invokeOnce(seeded([]), async (_e, ctx) => ctx.runInChildContext("c", async () => "v"));
    expect(output).toEqual({ Status: "SUCCEEDED", Result: '"v"' });
    expect(updates).toEqual([
      { Id: id("1"), Name: "c", Type: "CONTEXT", SubType: "RunInChildContext", Action: "START" },
      { Id: id("1"), Name: "c", Type: "CONTEXT", SubType: "RunInChildContext", Action: "SUCCEED", Payload: '"v"' },
    ]);
  });

  it("SUCCEEDED: returns the stored result without running the function", async () => {
    let runs = 0;
    const service = seeded([{ Id: id("1"), Type: "CONTEXT", SubType: "RunInChildContext", Status: "SUCCEEDED", ContextDetails: { Result: "[1,2]" } }]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) => ctx.runInChildContext(async () => ++runs));
    expect(runs).toBe(0);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "[1,2]" });
    expect(updates).toEqual([]);
  });

  it("SUCCEEDED with ReplayChildren: rebuilds the value from the children without side effects", async () => {
    let bodies = 0;
    const service = seeded([
      { Id: id("1"), Type: "CONTEXT", SubType: "RunInChildContext", Status: "SUCCEEDED", ContextDetails: { Result: "summary", ReplayChildren: true } },
      { Id: id("1-1"), ParentId: id("1"), Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StepDetails: { Result: '"a"' } },
      { Id: id("1-2"), ParentId: id("1"), Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StepDetails: { Result: '"b"' } },
    ]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) =>
      ctx.runInChildContext(async (child: any) => (await child.step(async () => (bodies++, "x"))) + (await child.step(async () => (bodies++, "y")))),
    );
    expect(bodies).toBe(0);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: '"ab"' });
    expect(updates).toEqual([]);
  });

  it("FAILED: throws ChildContextError with the stored error as cause", async () => {
    const service = seeded([
      { Id: id("1"), Type: "CONTEXT", SubType: "RunInChildContext", Status: "FAILED", ContextDetails: { Error: { ErrorType: "StepError", ErrorMessage: "inner" } } },
    ]);
    const { output } = await invokeOnce(service, async (_e, ctx) => {
      try {
        await ctx.runInChildContext(async () => "never");
        return "no";
      } catch (error) {
        const e = error as Error & { cause?: Error };
        return [e.name, e.message, e.cause?.name, e.cause?.message];
      }
    });
    expect(JSON.parse((output as { Result: string }).Result)).toEqual(["ChildContextError", "inner", "StepError", "inner"]);
  });

  it("STARTED: re-runs the function; finished children replay, the rest continues", async () => {
    let first = 0;
    let second = 0;
    const service = seeded([
      { Id: id("1"), Type: "CONTEXT", SubType: "RunInChildContext", Status: "STARTED" },
      { Id: id("1-1"), ParentId: id("1"), Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StepDetails: { Result: "10" } },
    ]);
    const { output, updates } = await invokeOnce(service, async (_e, ctx) =>
      ctx.runInChildContext(async (child: any) => (await child.step(async () => ++first)) + (await child.step(async () => ++second))),
    );
    expect([first, second]).toEqual([0, 1]);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "11" });
    expect(updates.map((u) => `${u.Type}:${u.Action}`)).toEqual(["STEP:START", "STEP:SUCCEED", "CONTEXT:SUCCEED"]);
    expect(updates[0]!.ParentId).toBe(id("1"));
  });
});

describe("context misuse", () => {
  it("using the parent context inside a child fails naming the method", async () => {
    const { output } = await invokeOnce(seeded([]), async (_e, ctx) => ctx.runInChildContext(async () => ctx.step(async () => 1)));
    expect(output).toMatchObject({ Status: "FAILED" });
    expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toContain('Context usage error in "step"');
  });

  it.each([
    ["the parent context inside a child's function", "1", "root", (ctx: any) => ctx.runInChildContext("child", async () => ctx.step(async () => 1))],
    ["the parent context inside a grandchild's function", "1-1", "1", (ctx: any) => ctx.runInChildContext("child", async (child: any) => child.runInChildContext("inner", async () => child.step(async () => 1)))],
    ["a finished child context from root code", "root", "1", async (ctx: any) => {
      let leaked: any;
      await ctx.runInChildContext(async (child: any) => (leaked = child, 1));
      return leaked.step(async () => 2);
    }],
    ["the root context inside a step body", "1", "root", (ctx: any) => ctx.step("outer", async () => ctx.step(async () => 1))],
  ])("using %s names the expected and the used context and what to do", async (_label, expected, used, body) => {
    const { output } = await invokeOnce(seeded([]), async (_e, ctx) => body(ctx));
    expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toBe(
      `Context usage error in "step": You are using a parent or sibling context instead of the current child context. Expected context ID: "${expected}", but got: "${used}". Use the context a child context's function receives; a step body cannot start durable operations.`,
    );
  });

  it("calling a durable operation inside a step body fails naming the method", async () => {
    const { output } = await invokeOnce(seeded([]), async (_e, ctx) => ctx.step(async () => ctx.wait({ seconds: 1 })));
    expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage).toContain('Context usage error in "wait"');
  });

  // The root handler runs with no async-local store (so a replay never turns on async hooks); code
  // outside every scope counts as the root's, so a child context leaked out to root code is still caught.
  it("using a finished child context from root code fails as in the reference", async () => {
    const handler = async (_e: unknown, ctx: any) => {
      let leaked: any;
      await ctx.runInChildContext(async (child: any) => {
        leaked = child;
        return 1;
      });
      return leaked.step(async () => 2);
    };
    for (const sdk of [ours(handler), reference(handler)]) {
      const service = seeded([]);
      const output = await sdk.handler(service.event(sdk), lambdaContext);
      expect(output, sdk.name).toMatchObject({ Status: "FAILED" });
      expect((output as { Error: { ErrorMessage: string } }).Error.ErrorMessage, sdk.name).toContain('Context usage error in "step"');
    }
  });

  it("a handler started inside another execution's step body is not mistaken for that step's code", async () => {
    const inner = ours(async (_e, ctx) => (await ctx.step("inner", async () => 20)) + 1);
    const innerService = seeded([]);
    const { output } = await invokeOnce(seeded([]), async (_e, ctx) =>
      ctx.step("outer", async () => {
        const result = await inner.handler(innerService.event(inner), lambdaContext);
        return result.Status === "SUCCEEDED" ? result.Result : JSON.stringify(result);
      }),
    );
    expect(output).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify("21") });
  });
});
