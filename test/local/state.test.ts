import { describe, expect, it } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import { VirtualClock } from "../../src/local/clock.js";
import { DurableStore } from "../../src/local/store.js";
import { createHarness, expectInvalid, step, T0 } from "./helpers.js";

const ctx = (id: string, action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: id,
  Type: "CONTEXT",
  SubType: "RunInChildContext",
  Action: action,
  ...extra,
});

function ids(h: ReturnType<typeof createHarness>, response = h.store.getExecutionState({ DurableExecutionArn: h.arn, CheckpointToken: h.token })) {
  return response.Operations!.filter((o) => o.Type !== "EXECUTION").map((o) => o.Id);
}

describe("GetDurableExecutionState: ReplayChildren pruning", () => {
  it("omits descendants of a completed CONTEXT without ReplayChildren, transitively", () => {
    const h = createHarness();
    h.send([
      ctx("outer", "START"),
      ctx("inner", "START", { ParentId: "outer" }),
      step("leaf", "START", { ParentId: "inner" }),
      step("leaf", "SUCCEED", { ParentId: "inner" }),
      step("sibling", "START", { ParentId: "outer" }),
    ]);
    expect(ids(h)).toEqual(["outer", "inner", "leaf", "sibling"]);
    h.send([ctx("inner", "SUCCEED", { ParentId: "outer", Payload: '"i"' })]);
    expect(ids(h)).toEqual(["outer", "inner", "sibling"]);
    h.send([step("sibling", "SUCCEED", { ParentId: "outer" }), ctx("outer", "SUCCEED", { Payload: '"o"' })]);
    expect(ids(h)).toEqual(["outer"]);
    // The operations still exist; only the state view is pruned.
    expect(h.store.getOperations(h.arn)).toHaveLength(5);
  });

  it("keeps children of a completed CONTEXT with ReplayChildren, but prunes below nested completed contexts", () => {
    const h = createHarness();
    h.send([
      ctx("big", "START"),
      ctx("nested", "START", { ParentId: "big" }),
      step("deep", "SUCCEED", { ParentId: "nested" }),
      ctx("nested", "SUCCEED", { ParentId: "big" }),
      step("kept", "SUCCEED", { ParentId: "big" }),
      ctx("big", "SUCCEED", { Payload: "", ContextOptions: { ReplayChildren: true } }),
    ]);
    expect(ids(h)).toEqual(["big", "nested", "kept"]);
    expect(h.record.get("big")!.op.ContextDetails).toEqual({ ReplayChildren: true, Result: "" });
  });

  it("keeps children of a STARTED context and of a failed context with ReplayChildren", () => {
    const h = createHarness();
    h.send([ctx("c", "START"), step("s", "SUCCEED", { ParentId: "c" })]);
    expect(ids(h)).toEqual(["c", "s"]);
    h.send([ctx("c", "FAIL", { Error: { ErrorMessage: "x" }, ContextOptions: { ReplayChildren: true } })]);
    expect(ids(h)).toEqual(["c", "s"]);
  });

  it("prunes the invocation input the same way", () => {
    const h = createHarness();
    h.send([ctx("c", "START"), step("s", "SUCCEED", { ParentId: "c" }), ctx("c", "SUCCEED")]);
    h.send([{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } }]);
    h.endInvocation();
    const { input } = h.beginInvocation();
    const ops = input.InitialExecutionState.Operations!;
    expect(ops[0].Type).toBe("EXECUTION");
    expect(ops.map((o) => o.Id).slice(1)).toEqual(["c", "w"]);
  });
});

describe("GetDurableExecutionState: pagination", () => {
  function withSteps(count: number) {
    const h = createHarness();
    const updates: OperationUpdate[] = [];
    for (let i = 0; i < count; i++) updates.push(step(`s${i}`, "SUCCEED"));
    // In checkpoints of at most 250 updates, the service's limit.
    for (let i = 0; i < updates.length; i += 250) h.send(updates.slice(i, i + 250));
    return h;
  }

  it("returns 100 operations per page by default, EXECUTION first, with NextMarker until the end", () => {
    const h = withSteps(249);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = h.store.getExecutionState({ DurableExecutionArn: h.arn, CheckpointToken: h.token, Marker: marker });
      pages++;
      expect(page.Operations!.length).toBeLessThanOrEqual(100);
      seen.push(...page.Operations!.map((o) => o.Id!));
      marker = page.NextMarker;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(seen[0]).toBe(h.record.executionOperationId);
    expect(seen[1]).toBe("s0");
    expect(seen.at(-1)).toBe("s248");
  });

  it("honours MaxItems up to 1000 (0 = default) and rejects larger values and bad markers", () => {
    const h = withSteps(1200);
    const req = { DurableExecutionArn: h.arn, CheckpointToken: h.token };
    expect(h.store.getExecutionState({ ...req, MaxItems: 1000 }).Operations).toHaveLength(1000);
    expect(h.store.getExecutionState({ ...req, MaxItems: 0 }).Operations).toHaveLength(100);
    expect(h.store.getExecutionState({ ...req, MaxItems: 7 }).Operations).toHaveLength(7);
    expectInvalid(() => h.store.getExecutionState({ ...req, MaxItems: 1001 }), /MaxItems must be an integer between 0 and 1000/);
    expectInvalid(() => h.store.getExecutionState({ ...req, MaxItems: -1 }), /MaxItems/);
    expectInvalid(() => h.store.getExecutionState({ ...req, Marker: "abc" }), /Invalid Marker/);
    expectInvalid(() => h.store.getExecutionState({ ...req, Marker: "99999" }), /Invalid Marker/);
    const last = h.store.getExecutionState({ ...req, MaxItems: 1000, Marker: "1000" });
    expect(last.Operations).toHaveLength(201);
    expect(last.NextMarker).toBeUndefined();
  });

  it("pages the invocation input beyond invocationPageSize; the rest is fetched with the event's token", () => {
    const clock = new VirtualClock(T0);
    const store = new DurableStore({ clock, invocationPageSize: 10 });
    const { record } = store.createExecution({ functionName: "fn", inputPayload: "{}" });
    let { input } = store.beginInvocation(record);
    const updates: OperationUpdate[] = [];
    for (let i = 0; i < 24; i++) updates.push(step(`s${i}`, "SUCCEED"));
    updates.push({ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } });
    store.checkpoint({ DurableExecutionArn: record.arn, CheckpointToken: input.CheckpointToken, Updates: updates });
    store.completeInvocation(record, { kind: "returned", output: { Status: "PENDING" } });
    clock.advanceBy(1000);
    store.fireDueTimers();
    ({ input } = store.beginInvocation(record));
    expect(input.InitialExecutionState.Operations).toHaveLength(10);
    expect(input.InitialExecutionState.NextMarker).toBe("10");
    const all = [...input.InitialExecutionState.Operations!];
    let marker = input.InitialExecutionState.NextMarker;
    while (marker) {
      const page = store.getExecutionState({ DurableExecutionArn: record.arn, CheckpointToken: input.CheckpointToken, Marker: marker, MaxItems: 1000 });
      all.push(...page.Operations!);
      marker = page.NextMarker;
    }
    expect(all).toHaveLength(26);
    expect(input.UpdatedOperationIds).toEqual(["w"]);
  });
});

describe("checkpoint responses and invocation bookkeeping", () => {
  it("returns only operations changed since the previous response", () => {
    const h = createHarness();
    const first = h.send([step("a", "START"), step("b", "START")]);
    expect(first.NewExecutionState!.Operations!.map((o) => o.Id)).toEqual(["a", "b"]);
    const second = h.send([step("a", "SUCCEED", { Payload: "1" })]);
    expect(second.NewExecutionState!.Operations!.map((o) => o.Id)).toEqual(["a"]);
    expect(h.send([]).NewExecutionState!.Operations).toEqual([]);
  });

  it("returns copies that callers cannot use to change the service's state", () => {
    const h = createHarness();
    const response = h.send([step("a", "START")]);
    response.NewExecutionState!.Operations![0].Status = "SUCCEEDED";
    expect(h.record.get("a")!.op.Status).toBe("STARTED");
  });

  it("gives the first invocation the EXECUTION operation with the input and a fresh token", () => {
    const clock = new VirtualClock(T0);
    const store = new DurableStore({ clock });
    const { record } = store.createExecution({ functionName: "fn", inputPayload: '{"a":1}' });
    const { input, requestId } = store.beginInvocation(record);
    expect(input.DurableExecutionArn).toBe(record.arn);
    expect(input.DurableExecutionArn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:fn:\$LATEST\/durable-execution\/[^/]+\/[^/]+$/);
    expect(input.InitialExecutionState).toEqual({
      Operations: [
        {
          Id: record.executionOperationId,
          Type: "EXECUTION",
          StartTimestamp: new Date(T0),
          Status: "STARTED",
          ExecutionDetails: { InputPayload: '{"a":1}' },
        },
      ],
      NextMarker: "",
    });
    expect(input.UpdatedOperationIds).toEqual([]);
    expect(typeof requestId).toBe("string");
    expect(() => store.beginInvocation(record)).toThrow(/already in progress/);
  });

  it("lists in UpdatedOperationIds only changes made outside the handler since the previous invocation", () => {
    const h = createHarness({ functions: { target: { kind: "plain" } } });
    h.send([
      step("s", "START"),
      step("s", "SUCCEED"),
      { Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 5 } },
      { Id: "r", Type: "STEP", Action: "RETRY", Error: { ErrorMessage: "x" }, StepOptions: { NextAttemptDelaySeconds: 5 } },
      { Id: "i", Type: "CHAINED_INVOKE", Action: "START", Payload: "7", ChainedInvokeOptions: { FunctionName: "target" } },
    ]);
    h.endInvocation();
    h.store.completeChainedInvoke(h.record, "i", { status: "SUCCEEDED", result: "14" });
    h.clock.advanceBy(5000);
    h.store.fireDueTimers();
    expect(h.beginInvocation().input.UpdatedOperationIds).toEqual(["i", "w", "r"]);
    h.endInvocation();
    expect(h.beginInvocation().input.UpdatedOperationIds).toEqual([]);
  });

  it("re-invokes a READY retry only if the invocation made progress", () => {
    const h = createHarness();
    h.send([{ Id: "r", Type: "STEP", Action: "RETRY", Error: { ErrorMessage: "x" }, StepOptions: { NextAttemptDelaySeconds: 1 } }]);
    h.endInvocation();
    h.clock.advanceBy(1000);
    h.store.fireDueTimers();
    h.beginInvocation();
    h.ready.length = 0;
    h.endInvocation({ Status: "PENDING" });
    expect(h.events().at(-1)!.InvocationCompletedDetails!.Error!.Payload!.ErrorMessage).toMatch(/READY/);
    // A failed invocation: re-invoked after the backoff (1 s for the first failure).
    expect(h.ready).toEqual([]);
    h.clock.advanceBy(1000);
    h.store.fireDueTimers();
    expect(h.ready).toEqual([h.record]);
  });
});

describe("executions", () => {
  it("returns the existing execution for a repeated name with the same input, and conflicts otherwise", () => {
    const clock = new VirtualClock(T0);
    const store = new DurableStore({ clock });
    const a = store.createExecution({ functionName: "fn", executionName: "order-1", inputPayload: "1" });
    const b = store.createExecution({ functionName: "fn", executionName: "order-1", inputPayload: "1" });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.record).toBe(a.record);
    expect(a.record.arn).toContain("/durable-execution/order-1/");
    expect(() => store.createExecution({ functionName: "fn", executionName: "order-1", inputPayload: "2" })).toThrow(
      expect.objectContaining({ name: "DurableExecutionAlreadyStartedException", $metadata: { httpStatusCode: 409 } }),
    );
    expect(store.createExecution({ functionName: "other", executionName: "order-1", inputPayload: "2" }).created).toBe(true);
    expect(store.listExecutions("fn").map((e) => e.DurableExecutionName)).toEqual(["order-1"]);
  });
});
