/**
 * The recorded service of the fresh-process span test (service-recording.ts): played back, it allows
 * only what timing changes — one recorded checkpoint batch arriving in two calls, a poll the recorded run
 * did not make — and still refuses a handler that does something else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import { LocalDurableTestRunner } from "../../src/testing.js";
import { playInvocations, recordInvocations, type RecordedInvocation } from "./service-recording.js";

const actions = (request: unknown) => ((request as { Updates?: { Action?: string }[] }).Updates ?? []).map((update) => update.Action);
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

describe("playInvocations", () => {
  it("answers a recorded batch the handler now sends in two calls, and refuses more calls than recorded", async () => {
    const invocations: RecordedInvocation[] = [];
    const fast = withDurableExecution(async (_event: unknown, ctx) => ctx.step("work", async () => 1));
    const runner = new LocalDurableTestRunner({ handlerFunction: recordInvocations(fast, invocations) as never });
    expect((await runner.run({ payload: {} })).getStatus()).toBe("SUCCEEDED");
    const checkpoints = invocations[0]!.calls.filter((call) => call.method === "checkpoint");
    // Recorded: the step's START and SUCCEED in one call (its body finished within the turn).
    expect(checkpoints.map((call) => actions(call.request))).toEqual([["START", "SUCCEED"]]);

    // The same step with a body slower than an event-loop turn sends START alone, then SUCCEED.
    const slow = withDurableExecution(async (_event: unknown, ctx) => ctx.step("work", async () => (await later(30), 1)));
    await expect(playInvocations(slow, invocations)).resolves.toEqual(["SUCCEEDED"]);

    // A poll (an empty checkpoint) the recorded run did not make, as a real-time poll timer can fire
    // in a replay: answered with nothing changed, and the run goes on as recorded.
    const polling = async (event: { durableExecutionClient: { checkpoint: (r: unknown) => Promise<{ NewExecutionState?: { Operations?: unknown[] } }> }; DurableExecutionArn: string; CheckpointToken: string }, context: unknown) => {
      const answer = await event.durableExecutionClient.checkpoint({ DurableExecutionArn: event.DurableExecutionArn, CheckpointToken: event.CheckpointToken, Updates: [] });
      expect(answer.NewExecutionState?.Operations).toEqual([]);
      return (fast as (e: unknown, c: unknown) => Promise<unknown>)(event, context);
    };
    await expect(playInvocations(polling, invocations)).resolves.toEqual(["SUCCEEDED"]);

    // A second step is something the recorded run did not do.
    const more = withDurableExecution(async (_event: unknown, ctx) => (await ctx.step("work", async () => 1)) + (await ctx.step("more", async () => 1)));
    await expect(playInvocations(more, invocations)).rejects.toThrow(/the recording has no more calls/);
  });
});
