/**
 * Plugin parity: every handler of the corpus (parity.cases.ts) runs with the same recording plugin in
 * four combinations — the reference SDK and ours, each under the reference LocalDurableTestRunner and
 * under ours:
 *
 * - Under the same runner, our SDK records exactly what the reference SDK records (hook sequence and
 *   every recorded field): the SDKs agree given the same service.
 * - Reference SDK + reference runner against our SDK + our runner agree too, once the two documented
 *   runner differences are set aside: the reference runner never reports UpdatedOperationIds in practice
 *   (it clears them while polling) so a completed wait/callback is reported as a replay; it leaves
 *   EndTimestamp off finished waits and chained invokes; and it never prunes the children of finished contexts from the
 *   state it sends (ReplayChildren has no effect there), so `operations` maps differ. Our local service
 *   does all three as the durable-execution service does; `updatedOperations` and the pruning
 *   (with and without `childOperationsDepth`) are asserted on our runner separately below.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as reference from "@aws/durable-execution-sdk-js-testing";
import { afterEach, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ours from "../../src/testing.js";
import { parityCases, runParityCase, type ParityOutcome, type ParityRunner, type ParitySdk } from "./parity.cases.js";
import type { Recorded } from "./recording-plugin.js";

afterEach(async () => {
  await ours.LocalDurableTestRunner.teardownTestEnvironment();
});

type Case = (typeof parityCases)[number];

/**
 * One run on the reference runner. That runner lists a run's invocations from the InvocationCompleted
 * events of the history it holds when the result arrives; once (CI run ci91, Node 22, a busy machine) it
 * reported none for an execution that had ended, which cannot be (every ended execution ran at least
 * one invocation), while 450 runs of the same case here counted one each. Such a run says nothing about
 * either SDK, so it is made again, at most twice; a third such run fails the comparison as it stands.
 */
async function underReference(testCase: Case, sdk: ParitySdk): Promise<ParityOutcome> {
  for (let attempt = 1; ; attempt++) {
    await reference.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    let outcome: ParityOutcome;
    try {
      outcome = await runParityCase(testCase, reference as unknown as ParityRunner, sdk);
    } finally {
      await reference.LocalDurableTestRunner.teardownTestEnvironment();
    }
    const ended = outcome.status === "SUCCEEDED" || outcome.status === "FAILED";
    if (!(ended && outcome.invocations === 0) || attempt === 3) return outcome;
  }
}

async function underOurs(testCase: Case, sdk: ParitySdk): Promise<ParityOutcome> {
  await ours.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    return await runParityCase(testCase, ours as unknown as ParityRunner, sdk);
  } finally {
    await ours.LocalDurableTestRunner.teardownTestEnvironment();
  }
}

/** Sets aside what only the runners (not the SDKs) decide: UpdatedOperationIds, waits' EndTimestamp, pruning. */
function withoutRunnerDifferences(events: Recorded[]): Recorded[] {
  return events.map(([hook, fields]) => {
    const copy: Record<string, unknown> = { ...fields };
    if (hook.endsWith("onInvocationStart")) delete copy.updatedOperations;
    delete copy.operations;
    // Operations the service completes (waits, callbacks, chained invokes): replay flag and end time.
    if (hook.endsWith("onOperationEnd") && (copy.type === "WAIT" || copy.type === "CALLBACK" || copy.type === "CHAINED_INVOKE")) {
      delete copy.isReplay;
      delete copy.endTimestamp;
    }
    return [hook, copy];
  });
}

const summary = (outcome: ParityOutcome) => ({ status: outcome.status, result: outcome.result, invocations: outcome.invocations });

describe("plugin hooks: same sequence and fields as the reference", () => {
  it("the corpus has at least 20 handlers", () => {
    expect(parityCases.length).toBeGreaterThanOrEqual(20);
  });
  for (const testCase of parityCases) {
    it(testCase.name, async () => {
      const refRef = await underReference(testCase, referenceSdk);
      const oursRef = await underReference(testCase, ourSdk);
      const refOurs = await underOurs(testCase, referenceSdk);
      const oursOurs = await underOurs(testCase, ourSdk);
      expect(refRef.events.length).toBeGreaterThan(0);
      // Same runner: identical.
      expect(summary(oursRef)).toEqual(summary(refRef));
      expect(oursRef.events).toEqual(refRef.events);
      expect(summary(oursOurs)).toEqual(summary(refOurs));
      expect(oursOurs.events).toEqual(refOurs.events);
      // Reference SDK on the reference runner against ours on ours.
      expect(summary(oursOurs)).toEqual(summary(refRef));
      expect(withoutRunnerDifferences(oursOurs.events)).toEqual(withoutRunnerDifferences(refRef.events));
    });
  }
});

describe("updatedOperations on our runner (as the service sends UpdatedOperationIds)", () => {
  it("a resumption after a wait names the wait, whose end is then reported as new (not a replay)", async () => {
    const outcome = await underOurs(parityCases.find((c) => c.name.startsWith("two steps around a wait"))!, ourSdk);
    const starts = outcome.events.filter(([hook]) => hook === "onInvocationStart").map(([, f]) => f);
    expect(starts.map((f) => f.isFirstInvocation)).toEqual([true, false]);
    expect(starts.map((f) => f.updatedOperations)).toEqual([[], ["c81e728d9d4c2f63"]]);
    const waitEnds = outcome.events.filter(([hook, f]) => hook === "onOperationEnd" && f.type === "WAIT").map(([, f]) => f);
    expect(waitEnds).toEqual([expect.objectContaining({ id: "c81e728d9d4c2f63", name: "pause", status: "SUCCEEDED", isReplay: false, endTimestamp: "date" })]);
    // The step completed in invocation 1 is not reported again (neither start nor end) on replay.
    const fetchHooks = outcome.events.filter(([hook, f]) => hook.startsWith("onOperation") && f.name === "fetch").map(([hook]) => hook);
    expect(fetchHooks).toEqual(["onOperationStart", "onOperationAttemptStart", "onOperationAttemptEnd", "onOperationEnd"]);
  });
});

describe("childOperationsDepth on our runner (the local service prunes children unless ReplayChildren)", () => {
  const operationsAtResume = async (name: string) => {
    const outcome = await underOurs(parityCases.find((c) => c.name.startsWith(name))!, ourSdk);
    const resume = outcome.events.filter(([hook]) => hook === "onInvocationStart")[1]![1];
    return Object.keys(resume.operations as object).sort();
  };
  it("depth 1: after the suspend, the finished context's step is still in the state plugins see", async () => {
    // c4ca… is the context (raw id 1), ea66… its step (raw id 1-1), c81e… the wait.
    expect(await operationsAtResume("childOperationsDepth 1")).toEqual(["EXECUTION", "c4ca4238a0b92382", "c81e728d9d4c2f63", "ea66c06c1e1c05fa"]);
  });
  it("no depth: the finished context's children are pruned from the state", async () => {
    expect(await operationsAtResume("without childOperationsDepth")).toEqual(["EXECUTION", "c4ca4238a0b92382", "c81e728d9d4c2f63"]);
  });
});
