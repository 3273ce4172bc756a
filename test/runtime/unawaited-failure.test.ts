/**
 * An operation's promise observes its own rejection (src/runtime/operations/common.ts,
 * `operationPromise`): a failed operation the handler never awaits is not an unhandled rejection —
 * which would crash a Lambda handler's process under Node's default `--unhandled-rejections=throw` —
 * whether it fails while running or is replayed as failed (a replayed failure rejects at once, inside
 * the call), and neither is a two-phase operation's (wait, callback, invoke) failed first phase. The
 * handler goes on and its execution succeeds. The reference behaves the same; each case runs on both.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDurableService, runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

const unhandled: unknown[] = [];
const record = (reason: unknown): void => void unhandled.push(reason);
/** Node reports unhandled rejections once the microtask queue is empty: one macrotask later. */
const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", record);
});
afterEach(() => void process.off("unhandledRejection", record));

const failing = async (): Promise<never> => {
  throw new Error("never awaited");
};
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/**
 * Runs `handler` on `sdk` to completion, lets Node report unhandled rejections, and checks what every
 * case here checks: the execution succeeded and nothing was reported. Returns the run and the actions
 * sent for the operation named `name`.
 */
async function runUnawaited(sdk: typeof ours, handler: Parameters<typeof ours>[0], name: string, service?: FakeDurableService) {
  const run = await runToCompletion(sdk(handler), {}, { service });
  await macrotask();
  expect(run.outputs.at(-1)?.Status).toBe("SUCCEEDED");
  expect(unhandled).toEqual([]);
  return { run, actions: run.service.updates.filter((u) => u.Name === name).map((u) => u.Action) };
}

describe.each([
  ["ours", ours],
  ["reference", reference],
] as const)("%s: a failed operation nobody awaits is not an unhandled rejection", (_name, sdk) => {
  it("a step that fails while running", async () => {
    const { actions } = await runUnawaited(
      sdk,
      async (_e, ctx) => {
        void ctx.step("fails", failing, noRetry);
        return ctx.step("after", async () => "done");
      },
      "fails",
    );
    expect(actions).toEqual(["START", "FAIL"]);
  });

  it("a step replayed as failed", async () => {
    let invocations = 0;
    await runUnawaited(
      sdk,
      async (_e, ctx) => {
        invocations++;
        void ctx.step("fails", failing, noRetry);
        await ctx.wait("pause", { seconds: 1 });
        return "done";
      },
      "fails",
    );
    expect(invocations).toBe(2);
  });

  it("a child context whose function throws", async () => {
    const { actions } = await runUnawaited(
      sdk,
      async (_e, ctx) => {
        void ctx.runInChildContext("child", async () => {
          throw new Error("never awaited");
        });
        return ctx.step("after", async () => "done");
      },
      "child",
    );
    expect(actions).toEqual(["START", "FAIL"]);
  });

  // A two-phase operation (wait, createCallback, invoke) observes its first phase the same way (ours:
  // `twoPhase`). The one ordinary error that phase can raise is a callback record the service answered
  // without a CallbackId (a service fault, reported as a CallbackError to whoever awaits the callback).
  it("a callback the service answered without a CallbackId", async () => {
    const service = new FakeDurableService({});
    const original = service.client.checkpoint;
    service.client.checkpoint = async (params) => {
      const response = await original(params);
      for (const op of response.NewExecutionState?.Operations ?? []) if (op.Type === "CALLBACK") delete op.CallbackDetails;
      return response;
    };
    const { run, actions } = await runUnawaited(
      sdk,
      async (_e, ctx) => {
        void ctx.createCallback("no-id");
        return ctx.step("after", async () => "done");
      },
      "no-id",
      service,
    );
    expect(actions).toEqual(["START"]);
    expect(run.outputs.at(-1)).toMatchObject({ Status: "SUCCEEDED", Result: '"done"' });
  });
});
