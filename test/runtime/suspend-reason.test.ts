/**
 * Why an invocation suspends: the reason each kind of waiting operation gives is its `suspendsWith` in
 * schema/operations/*.yaml (SUSPENSION_REASONS, by subtype). Waiting for a STEP retry (step or
 * waitForCondition, both STEPs on the wire) is RETRY_SCHEDULED; a wait is WAIT_SCHEDULED; a callback or
 * chained invoke is CALLBACK_PENDING. (The reference reports a waitForCondition poll as CALLBACK_PENDING:
 * it compares the subtype with "Step" only.)
 */
import { describe, expect, it } from "vitest";
import { OPERATIONS, OperationSubType, SUSPENSION_REASONS, TerminationReason, type DurableExecutionClient } from "../../src/generated/index";
import { FinishedContexts } from "../../src/runtime/checkpoint/finished-contexts";
import { SuspensionTracker } from "../../src/runtime/checkpoint/suspension";
import { CheckpointManager } from "../../src/runtime/checkpoint/checkpoint-manager";
import { TerminationManager } from "../../src/runtime/execution/termination";

const unusedClient: DurableExecutionClient = {
  checkpoint: () => Promise.reject(new Error("no checkpoint expected")),
  getExecutionState: () => Promise.reject(new Error("no state read expected")),
};

/** Tracks one operation of `subType` in `state` and returns the reason the manager suspends with. */
async function reasonFor(subType: string, state: "RETRY_WAITING" | "IDLE_AWAITED"): Promise<string> {
  const termination = new TerminationManager();
  const cm = new CheckpointManager({ client: unusedClient, arn: "arn:test", token: "t0", operations: new Map(), termination });
  try {
    cm.setState({ rawId: "1", subType }, state);
    return (await termination.promise).reason;
  } finally {
    cm.dispose();
  }
}

describe("suspension reason", () => {
  it("a pending waitForCondition check is RETRY_SCHEDULED, like a step retry", async () => {
    expect(await reasonFor(OperationSubType.WAIT_FOR_CONDITION, "RETRY_WAITING")).toBe("RETRY_SCHEDULED");
    expect(await reasonFor(OperationSubType.STEP, "RETRY_WAITING")).toBe("RETRY_SCHEDULED");
  });

  it("a wait is WAIT_SCHEDULED; a callback or chained invoke is CALLBACK_PENDING", async () => {
    expect(await reasonFor(OperationSubType.WAIT, "IDLE_AWAITED")).toBe("WAIT_SCHEDULED");
    expect(await reasonFor(OperationSubType.CALLBACK, "IDLE_AWAITED")).toBe("CALLBACK_PENDING");
    expect(await reasonFor(OperationSubType.CHAINED_INVOKE, "IDLE_AWAITED")).toBe("CALLBACK_PENDING");
  });

  it("each waiting operation gives its schema reason (suspendsWith, SUSPENSION_REASONS)", async () => {
    const waiting = Object.entries(OPERATIONS)
      .filter(([, o]) => o.subType in SUSPENSION_REASONS)
      .map(([name, o]) => ({ name, subType: o.subType }));
    expect(waiting.map((o) => o.name).sort()).toEqual(["createCallback", "invoke", "step", "wait", "waitForCondition"]);
    for (const o of waiting) {
      const reason = SUSPENSION_REASONS[o.subType]!;
      // A step-like operation waits for its retry; the others wait idle until the service answers.
      const state = reason === TerminationReason.RETRY_SCHEDULED ? "RETRY_WAITING" : "IDLE_AWAITED";
      expect(await reasonFor(o.subType, state), o.name).toBe(reason);
    }
  });

  it("a scheduled retry wins over everything, a wait over a callback or chained invoke, in any order", () => {
    const reasonOf = (...ops: [OperationSubType, "RETRY_WAITING" | "IDLE_AWAITED" | "IDLE_NOT_AWAITED"][]) => {
      const tracker = new SuspensionTracker(new FinishedContexts());
      ops.forEach(([subType, state], i) => tracker.set({ rawId: String(i + 1), subType }, state));
      return tracker.reason();
    };
    expect(reasonOf([OperationSubType.CALLBACK, "IDLE_AWAITED"], [OperationSubType.WAIT, "IDLE_AWAITED"])).toBe("WAIT_SCHEDULED");
    expect(reasonOf([OperationSubType.WAIT, "IDLE_AWAITED"], [OperationSubType.CHAINED_INVOKE, "IDLE_NOT_AWAITED"])).toBe("WAIT_SCHEDULED");
    expect(reasonOf([OperationSubType.WAIT, "IDLE_AWAITED"], [OperationSubType.STEP, "RETRY_WAITING"], [OperationSubType.CALLBACK, "IDLE_AWAITED"])).toBe("RETRY_SCHEDULED");
    // A step-like subtype gives RETRY_SCHEDULED only while its retry waits; idle, it counts as anything else that waits.
    expect(reasonOf([OperationSubType.STEP, "IDLE_AWAITED"])).toBe("CALLBACK_PENDING");
    // A wait that is waiting for a retry (no operation does) still gives WAIT_SCHEDULED.
    expect(reasonOf([OperationSubType.WAIT, "RETRY_WAITING"])).toBe("WAIT_SCHEDULED");
  });
});
