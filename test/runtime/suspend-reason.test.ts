/**
 * Why an invocation suspends: the reason follows the schema's operation types. Waiting for a STEP retry
 * (step or waitForCondition, both STEPs on the wire) is RETRY_SCHEDULED; a wait is WAIT_SCHEDULED; a
 * callback or chained invoke is CALLBACK_PENDING. (The reference reports a waitForCondition poll as
 * CALLBACK_PENDING: it compares the subtype with "Step" only.)
 */
import { describe, expect, it } from "vitest";
import { OperationSubType, type DurableExecutionClient } from "../../src/generated/index";
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
});
