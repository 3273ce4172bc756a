/**
 * Time semantics side by side: the same handler source on the reference runner with the reference
 * SDK and on our runner with our SDK, with skipTime true and false. Timers that fall due while a
 * parallel branch is still busy complete in the same invocation; a callback heartbeated in real
 * time stays alive under skipTime; polling handlers finish in as many invocations as on the reference.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as reference from "@aws/durable-execution-sdk-js-testing";
import { afterEach, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ours from "../../src/testing.js";
import {
  forceCheckpointPolling,
  heartbeatForTwoSeconds,
  parallelWithTimers,
  type ClockRunnerModule,
  type ClockSdk,
  type RunFacts,
} from "./clock.cases.js";

type Case = (testing: ClockRunnerModule, sdk: ClockSdk) => Promise<RunFacts>;

afterEach(async () => {
  await reference.LocalDurableTestRunner.teardownTestEnvironment();
  await ours.LocalDurableTestRunner.teardownTestEnvironment();
});

/** Runs `run` on the reference (its fake timers removed afterwards), then on ours. */
async function both(skipTime: boolean, run: Case): Promise<{ reference: RunFacts; ours: RunFacts }> {
  await reference.LocalDurableTestRunner.setupTestEnvironment({ skipTime });
  let referenceFacts: RunFacts;
  try {
    referenceFacts = await run(reference as unknown as ClockRunnerModule, referenceSdk);
  } finally {
    await reference.LocalDurableTestRunner.teardownTestEnvironment();
  }
  await ours.LocalDurableTestRunner.setupTestEnvironment({ skipTime });
  return { reference: referenceFacts, ours: await run(ours as unknown as ClockRunnerModule, ourSdk) };
}

const count = (events: string[], type: string) => events.filter((event) => event === type).length;

for (const skipTime of [true, false]) {
  describe(`skipTime: ${skipTime}`, () => {
    it("parallel([long real step, wait → step, retried step]) completes in one invocation with ALL_COMPLETED, as on the reference", async () => {
      const { reference: theirs, ours: mine } = await both(skipTime, parallelWithTimers);
      expect(theirs.status).toBe("SUCCEEDED");
      expect(theirs.result).toEqual({ reason: "ALL_COMPLETED", results: ["long done", "after wait", "succeeded on attempt 3"] });
      expect(mine.status).toBe(theirs.status);
      expect(mine.result).toEqual(theirs.result);
      expect(mine.invocations).toBe(theirs.invocations);
      expect(mine.invocations).toBe(1);
      // The service completed the wait while the invocation was alive; every attempt is recorded.
      expect(count(mine.events, "WaitSucceeded")).toBe(1);
      expect(mine.events.indexOf("WaitSucceeded")).toBeLessThan(mine.events.indexOf("InvocationCompleted"));
      expect(count(mine.events, "StepFailed")).toBe(count(theirs.events, "StepFailed"));
      expect(count(mine.events, "StepSucceeded")).toBe(count(theirs.events, "StepSucceeded"));
    }, 60_000);

    it("a handler polling with empty checkpoints finishes in as many invocations as on the reference", async () => {
      const { reference: theirs, ours: mine } = await both(skipTime, forceCheckpointPolling);
      expect(mine.result).toEqual(theirs.result);
      expect(mine.invocations).toBe(theirs.invocations);
      expect(mine.invocations).toBe(1);
      expect(mine.events.filter((type) => type.startsWith("Wait"))).toEqual(["WaitStarted", "WaitSucceeded", "WaitStarted", "WaitSucceeded"]);
    }, 60_000);

    for (const awaitFirst of [false, true]) {
      it(`a callback heartbeated every 100 ms for 2 s (1 s heartbeat timeout) succeeds${awaitFirst ? " while the test awaits the run" : ""}`, async () => {
        const { reference: theirs, ours: mine } = await both(skipTime, (testing, sdk) => heartbeatForTwoSeconds(testing, sdk, awaitFirst));
        expect(theirs.result).toEqual({ answer: "yes" });
        expect(mine.status).toBe("SUCCEEDED");
        expect(mine.result).toEqual(theirs.result);
        expect(mine.invocations).toBe(theirs.invocations);
        expect(mine.events).not.toContain("CallbackTimedOut");
      }, 20_000);
    }
  });
}
