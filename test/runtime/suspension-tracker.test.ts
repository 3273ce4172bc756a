/**
 * The suspension tracker keeps each operation's lifecycle state on the operation's own record. Root-level
 * executing operations (most steps) are only counted; operations below the root keep an entry, so a
 * finishing context can forget them.
 */
import { describe, expect, it } from "vitest";
import { OperationSubType } from "../../src/generated/index";
import { FinishedContexts } from "../../src/runtime/checkpoint/finished-contexts";
import { SuspensionTracker, type TrackedOperation } from "../../src/runtime/checkpoint/suspension";

const op = (rawId: string, subType: string = OperationSubType.STEP): TrackedOperation => ({ rawId, subType });

describe("SuspensionTracker", () => {
  it("an executing root step blocks suspension until it completes; a waiting wait then gives WAIT_SCHEDULED", () => {
    const tracker = new SuspensionTracker(new FinishedContexts());
    const step = op("1");
    const wait = op("2", OperationSubType.WAIT);
    expect(tracker.set(step, "EXECUTING")).toBe(false);
    expect(tracker.set(wait, "IDLE_NOT_AWAITED")).toBe(false);
    tracker.markAwaited("2");
    expect(tracker.reason()).toBeUndefined();
    expect(tracker.set(step, "COMPLETED")).toBe(true);
    expect(step.lifecycle).toBeUndefined();
    expect(tracker.reason()).toBe("WAIT_SCHEDULED");
    // Nothing is tracked any more, so no reason can exist: set says re-evaluating is pointless.
    expect(tracker.set(wait, "COMPLETED")).toBe(false);
    expect(tracker.reason()).toBeUndefined();
  });

  it("set asks for re-evaluation exactly when a reason could exist (something tracked, nothing executing or unawaited set)", () => {
    const tracker = new SuspensionTracker(new FinishedContexts());
    const a = op("1");
    const b = op("2");
    expect(tracker.set(a, "EXECUTING")).toBe(false);
    expect(tracker.set(a, "COMPLETED")).toBe(false);
    expect(tracker.set(b, "RETRY_WAITING")).toBe(true);
    expect(tracker.set(a, "IDLE_NOT_AWAITED")).toBe(false);
    expect(tracker.set(a, "COMPLETED")).toBe(true);
    expect(tracker.set(b, "COMPLETED")).toBe(false);
  });

  it("a step retrying moves from counted to tracked and back (RETRY_SCHEDULED while it waits)", () => {
    const tracker = new SuspensionTracker(new FinishedContexts());
    const step = op("1");
    tracker.set(step, "EXECUTING");
    tracker.set(step, "RETRY_WAITING");
    expect(tracker.reason()).toBe("RETRY_SCHEDULED");
    tracker.set(step, "EXECUTING");
    expect(tracker.reason()).toBeUndefined();
    tracker.set(step, "COMPLETED");
    expect(tracker.reason()).toBeUndefined();
  });

  it("an executing step under a context that finished no longer blocks suspension, and a late update of it is ignored", () => {
    const finished = new FinishedContexts();
    const tracker = new SuspensionTracker(finished);
    const abandoned = op("1-1");
    const wait = op("2", OperationSubType.WAIT);
    tracker.set(abandoned, "EXECUTING");
    tracker.set(wait, "IDLE_AWAITED");
    expect(tracker.reason()).toBeUndefined();
    finished.add("1");
    expect(tracker.reason()).toBe("WAIT_SCHEDULED");
    expect(abandoned.lifecycle).toBeUndefined();
    // Its body ends later: nothing is counted twice.
    expect(tracker.set(abandoned, "COMPLETED")).toBe(false);
    expect(tracker.reason()).toBe("WAIT_SCHEDULED");
  });

  it("a completed operation that was never tracked changes nothing", () => {
    const tracker = new SuspensionTracker(new FinishedContexts());
    expect(tracker.set(op("1"), "COMPLETED")).toBe(false);
    expect(tracker.reason()).toBeUndefined();
  });
});
