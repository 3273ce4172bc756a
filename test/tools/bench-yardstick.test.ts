/**
 * The yardstick SDK of `npm run bench:cold` (bench/yardstick-sdk.mjs) does the protocol's share of the
 * step workloads exactly as ours does: the same results, and the same checkpoint calls (the same
 * updates in the same batches), sending after as many quiet microtask turns. Otherwise "ours is N× the yardstick" would compare different work.
 */
import { describe, expect, it } from "vitest";
import { COLD_WORKLOADS } from "../../bench/cold-workloads.js";
import * as yardstick from "../../bench/yardstick-sdk.mjs";
import { FakeDurableService, runToCompletion, type SdkUnderTest } from "../support/fake-service.js";
import { QUIET_TURNS } from "../../src/runtime/checkpoint/checkpoint-manager.js";
import { ours } from "../support/sdks.js";

type Handler = (event: any, context: any) => Promise<unknown>;

function yardstickSdk(handler: Handler): SdkUnderTest {
  return {
    name: "yardstick",
    handler: yardstick.withDurableExecution(handler) as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new yardstick.DurableExecutionInvocationInputWithClient(event, client),
  };
}

/** Each call's updates as id, action, name and payload (ours also sends fields the yardstick omits, e.g. ParentId: undefined). */
const callsOf = (service: FakeDurableService) => service.calls.map((c) => c.updates.map((u) => [u.Id, u.Type, u.SubType, u.Action, u.Name, u.Payload]));

describe("the bench:cold yardstick", () => {
  it("sends a call after as many quiet microtask turns as ours' checkpoint queue", () => {
    expect(yardstick.QUIET_TURNS).toBe(QUIET_TURNS);
  });

  for (const key of ["threeSteps", "sequentialSteps", "replay10k"]) {
    it(`${key}: the same result and the same checkpoint calls as ours`, async () => {
      const workload = COLD_WORKLOADS[key]!;
      const fresh = () => (workload.service ? workload.service() : new FakeDurableService({}));
      const a = await runToCompletion(ours(workload.handler), {}, { service: fresh() });
      const b = await runToCompletion(yardstickSdk(workload.handler), {}, { service: fresh() });
      expect(b.last).toEqual(a.last);
      expect(a.last.Status).toBe("SUCCEEDED");
      expect(callsOf(b.service)).toEqual(callsOf(a.service));
    });
  }
});
