/**
 * The checkpoint manager does not keep the record of a step this invocation finished unless a plugin
 * may read it back: ids never repeat, so nothing else looks at it again, and an invocation running
 * many steps would otherwise hold a copy of every result. Other records stay.
 */
import { describe, expect, it } from "vitest";
import { OperationSubType, type DurableExecutionClient, type Operation, type OperationUpdate } from "../../src/generated/index";
import { CheckpointManager, type PendingUpdate } from "../../src/runtime/checkpoint/checkpoint-manager";
import { TerminationManager } from "../../src/runtime/execution/termination";
import { createPluginRunner } from "../../src/runtime/plugins/runner";

/** A client that records every update as the service would (the response lists the touched operations). */
function echoClient(): DurableExecutionClient {
  const status: Record<string, Operation["Status"]> = { START: "STARTED", SUCCEED: "SUCCEEDED", FAIL: "FAILED", RETRY: "PENDING" };
  return {
    checkpoint: async (request) => ({
      CheckpointToken: "next",
      NewExecutionState: {
        Operations: (request.Updates ?? []).map((u: OperationUpdate) => ({ Id: u.Id, Type: u.Type, SubType: u.SubType, Status: status[u.Action!], StartTimestamp: new Date() })),
      },
    }),
    getExecutionState: () => Promise.reject(new Error("no state read expected")),
  };
}

async function recordsAfter(updates: [string, PendingUpdate][], plugin = false): Promise<string[]> {
  const operations = new Map<string, Operation>();
  const termination = new TerminationManager();
  const runner = plugin ? createPluginRunner([{ onOperationEnd: async () => {} }]) : undefined;
  const cm = new CheckpointManager({ client: echoClient(), arn: "arn:test", token: "t0", operations, termination, plugin: runner });
  try {
    for (const [id, update] of updates) await cm.checkpoint({ rawId: id, wireId: id }, update);
    return [...operations.keys()];
  } finally {
    cm.dispose();
  }
}

const step = (Action: OperationUpdate["Action"], SubType: string = OperationSubType.STEP): PendingUpdate => ({ Type: "STEP", SubType, Action });

describe("records of finished steps", () => {
  it("a step that succeeded or failed in this invocation is not kept; a started or retrying one is", async () => {
    expect(await recordsAfter([["a", step("START")], ["a", step("SUCCEED")], ["b", step("START")], ["c", step("FAIL")], ["d", step("RETRY")]])).toEqual(["b", "d"]);
  });

  it("a waitForCondition (a STEP on the wire) and other operations are kept", async () => {
    const records = await recordsAfter([
      ["w", step("SUCCEED", OperationSubType.WAIT_FOR_CONDITION)],
      ["c", { Type: "CONTEXT", SubType: OperationSubType.RUN_IN_CHILD_CONTEXT, Action: "SUCCEED" }],
    ]);
    expect(records).toEqual(["w", "c"]);
  });

  it("with a plugin, finished steps are kept (its hooks read them back)", async () => {
    expect(await recordsAfter([["a", step("START")], ["a", step("SUCCEED")], ["c", step("FAIL")]], true)).toEqual(["a", "c"]);
  });
});
