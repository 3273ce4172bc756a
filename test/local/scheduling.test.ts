import { describe, expect, it } from "vitest";
import { LocalDurableService } from "../../src/local/index.js";
import type { HistoryEvent } from "../../src/local/index.js";
import { eventTypes, T0 } from "./helpers.js";
import { fakeDurable } from "./fake-sdk.js";

function approvalService() {
  const svc = new LocalDurableService({ startTime: T0 });
  svc.registerFunction(
    "approval",
    fakeDurable(async (_input, ctx) => {
      const answer = await ctx.callback("cb", { name: "approve", timeout: 30 });
      await ctx.wait("w", 2);
      return JSON.parse(answer!);
    }),
  );
  return svc;
}

describe("scheduled actions and history listeners", () => {
  it("lets a harness send a callback at CallbackStarted + 1 s of virtual time", async () => {
    const svc = approvalService();
    const seen: [string, HistoryEvent][] = [];
    const off = svc.onHistoryEvent((arn, event) => {
      seen.push([arn, event]);
      if (event.EventType === "CallbackStarted") {
        // The operation is already visible to listeners (events are delivered after the update applied).
        expect(svc.getOperations(arn).find((o) => o.Id === "cb")?.Status).toBe("STARTED");
        svc.schedule(1000, () => svc.sendCallbackSuccess(event.CallbackStartedDetails!.CallbackId, '"ok"'));
      }
    });
    const arn = svc.startExecution({ functionName: "approval" });
    const result = await svc.waitForCompletion(arn);
    off();
    expect(result).toMatchObject({ Status: "SUCCEEDED", Result: '"ok"' });
    const events = svc.getHistory(arn);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackSucceeded",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[3].EventTimestamp).toEqual(new Date(T0 + 1000));
    expect(events[6].EventTimestamp).toEqual(new Date(T0 + 3000));
    expect(seen.map(([, event]) => event.EventId)).toEqual(events.map((event) => event.EventId));
    expect(seen.every(([a]) => a === arn)).toBe(true);
  });

  it("runReady runs what is ready without moving the clock", async () => {
    const svc = approvalService();
    const arn = svc.startExecution({ functionName: "approval" });
    await svc.runReady();
    expect(svc.clock.now()).toBe(T0);
    const callbackId = svc.getOperations(arn).find((o) => o.Id === "cb")!.CallbackDetails!.CallbackId!;
    svc.sendCallbackSuccess(callbackId, '"later"');
    await svc.runReady();
    expect(svc.getOperations(arn).find((o) => o.Id === "w")!.Status).toBe("STARTED");
    const result = await svc.waitForCompletion(arn);
    expect(result.Result).toBe('"later"');
    expect(svc.clock.now()).toBe(T0 + 2000);
  });

  it("cancels a scheduled action", async () => {
    const svc = new LocalDurableService({ startTime: T0 });
    let fired = 0;
    const handle = svc.schedule(5000, () => fired++);
    svc.schedule(10_000, () => fired++);
    handle.cancel();
    await svc.runUntilIdle();
    expect(fired).toBe(1);
    expect(svc.clock.now()).toBe(T0 + 10_000);
  });

  it("fires scheduled actions on the wall clock in real mode", async () => {
    const svc = new LocalDurableService({ clock: "real" });
    try {
      // The clock is read before scheduling: read after it, a busy machine that paused this process
      // between the two saw the action fire 1 ms "after" the start (CI beside other work).
      const started = Date.now();
      const fired = new Promise<number>((resolve) => svc.schedule(20, () => resolve(Date.now())));
      expect((await fired) - started).toBeGreaterThanOrEqual(15);
    } finally {
      svc.close();
    }
  });
});
