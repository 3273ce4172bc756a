/**
 * Mode-aware logging (§5.2, §6.2), state paging at start-up (§1.1) and the DurableExecutionApiClient
 * over a Lambda client (§2.6).
 */
import { describe, expect, it } from "vitest";
import { DurableExecutionApiClient } from "../../src/index.js";
import { FakeDurableService, lambdaContext, runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

function recordingLogger() {
  const lines: { level: string; args: unknown[]; data?: Record<string, unknown> }[] = [];
  let loggingContext: { getDurableLogData(): Record<string, unknown> } | undefined;
  const at = (level: string) => (...args: unknown[]) => lines.push({ level, args, data: loggingContext?.getDurableLogData() });
  return {
    lines,
    logger: {
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      debug: at("debug"),
      configureDurableLoggingContext: (c: typeof loggingContext) => (loggingContext = c),
    },
  };
}

describe("mode-aware logging", () => {
  it("drops context logs while replaying and keeps step logs, with operation metadata", async () => {
    const { lines, logger } = recordingLogger();
    await runToCompletion(
      ours(async (_e, ctx) => {
        ctx.configureLogger({ customLogger: logger });
        ctx.logger.info("start");
        await ctx.step("greet", async ({ logger: stepLogger }: { logger: { info(m: string): void } }) => stepLogger.info("in step"));
        await ctx.wait({ seconds: 1 });
        ctx.logger.info("after wait");
        return "ok";
      }),
      {},
    );
    // Invocation 1: "start", "in step"; invocation 2 replays: "start" suppressed, step not re-run, "after wait" printed.
    expect(lines.map((l) => l.args[0])).toEqual(["start", "in step", "after wait"]);
    const inStep = lines.find((l) => l.args[0] === "in step")!;
    expect(inStep.data).toMatchObject({ requestId: "req-1", operationName: "greet", attempt: 1, operationId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it("a child context's logger names the child (operationName), as the reference's: named, unnamed, virtual, map items, waitForCallback", async () => {
    const run = async (sdk: typeof ours) => {
      const { lines, logger } = recordingLogger();
      await runToCompletion(
        sdk(async (_e, ctx) => {
          ctx.configureLogger({ customLogger: logger });
          await ctx.runInChildContext("named", async (child: any) => {
            child.logger.info("in named");
            await child.runInChildContext(async (inner: any) => inner.logger.info("in unnamed"));
          });
          await ctx.runInChildContext("virtual", async (child: any) => child.logger.info("in virtual"), { virtualContext: true });
          await ctx.map("items", [1, 2], async (item: any) => item.logger.info("in item"), { itemNamer: (n: number) => `item-${n}` });
          await ctx.waitForCallback("cb", async () => undefined).catch(() => undefined);
          ctx.logger.info("at root");
          return "ok";
        }),
        {},
        { onPending: (service) => [...service.ops.values()].forEach((op) => op.CallbackDetails?.CallbackId && op.Status === "STARTED" && service.completeCallback(op.CallbackDetails.CallbackId, { result: '"r"' })) },
      );
      return lines.map((l) => ({ message: l.args[0], data: l.data }));
    };
    const mine = await run(ours);
    expect(mine.find((l) => l.message === "in named")?.data).toMatchObject({ operationName: "named" });
    expect(mine.filter((l) => l.message === "in item").map((l) => l.data?.operationName)).toEqual(["item-1", "item-2"]);
    expect(mine).toEqual(await run(reference as typeof ours));
  });

  it("modeAware: false keeps replayed logs", async () => {
    const { lines, logger } = recordingLogger();
    await runToCompletion(
      ours(async (_e, ctx) => {
        ctx.configureLogger({ customLogger: logger, modeAware: false });
        ctx.logger.info("every time");
        await ctx.wait({ seconds: 1 });
        return 1;
      }),
      {},
    );
    expect(lines.map((l) => l.args[0])).toEqual(["every time", "every time"]);
  });
});

describe("start-up", () => {
  it("pages through GetDurableExecutionState before running the handler", async () => {
    const service = new FakeDurableService({ n: 5 });
    const first = await runToCompletion(ours(async (e, ctx) => {
      for (let i = 0; i < 30; i++) await ctx.step(async () => i);
      await ctx.wait({ seconds: 1 });
      return e.n;
    }), {}, { service, maxInvocations: 1 });
    expect(first.last.Status).toBe("PENDING");
    service.advance();
    const pages: (string | undefined)[] = [];
    const original = service.client.getExecutionState;
    service.client.getExecutionState = async (params) => {
      pages.push(params.Marker);
      expect(params.MaxItems).toBe(1000);
      return original({ ...params, MaxItems: 10 });
    };
    let bodies = 0;
    const sdk = ours(async (e, ctx) => {
      for (let i = 0; i < 30; i++) await ctx.step(async () => (bodies++, i));
      await ctx.wait({ seconds: 1 });
      return e.n;
    });
    const output = await sdk.handler(service.event(sdk, { pageSize: 5 }), lambdaContext);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "5" });
    expect(bodies).toBe(0);
    expect(pages[0]).toBe("5");
    expect(pages.length).toBeGreaterThan(2);
  });
});

describe("DurableExecutionApiClient", () => {
  it("sends exactly the request fields through the Lambda client's commands", async () => {
    const sent: { name: string; input: unknown }[] = [];
    const lambda = {
      send: async (command: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        return command.constructor.name === "CheckpointDurableExecutionCommand" ? { CheckpointToken: "t2", NewExecutionState: { Operations: [] } } : { Operations: [] };
      },
    };
    const client = new DurableExecutionApiClient(lambda);
    await client.getExecutionState({ DurableExecutionArn: "arn", CheckpointToken: "t1", Marker: "m", MaxItems: 1000 });
    const response = await client.checkpoint({ DurableExecutionArn: "arn", CheckpointToken: "t1", Updates: [{ Id: "a", Type: "STEP", Action: "START" }] });
    expect(response.CheckpointToken).toBe("t2");
    expect(sent).toEqual([
      { name: "GetDurableExecutionStateCommand", input: { DurableExecutionArn: "arn", CheckpointToken: "t1", Marker: "m", MaxItems: 1000 } },
      { name: "CheckpointDurableExecutionCommand", input: { DurableExecutionArn: "arn", CheckpointToken: "t1", Updates: [{ Id: "a", Type: "STEP", Action: "START" }], ClientToken: undefined } },
    ]);
  });

  it("logs and rethrows failures unchanged", async () => {
    const failure = Object.assign(new Error("boom"), { $metadata: { httpStatusCode: 500, requestId: "r-9" } });
    const logged: unknown[][] = [];
    const client = new DurableExecutionApiClient({ send: async () => Promise.reject(failure) });
    const logger = { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} };
    await expect(client.checkpoint({ DurableExecutionArn: "a", CheckpointToken: "t" }, logger)).rejects.toBe(failure);
    expect(logged).toEqual([["Failed to checkpoint durable execution", failure, { requestId: "r-9" }]]);
    await expect(client.getExecutionState({ DurableExecutionArn: "a", CheckpointToken: "t" }, logger)).rejects.toBe(failure);
    expect(logged[1]).toEqual(["Failed to get durable execution state", failure, { requestId: "r-9" }]);
  });

  it("a call on a receiver that is not a client rejects (it does not throw), as an async method does", async () => {
    const client = new DurableExecutionApiClient({ send: async () => ({}) });
    const { checkpoint, getExecutionState } = client;
    let returned: unknown;
    expect(() => (returned = checkpoint.call({}, { DurableExecutionArn: "a", CheckpointToken: "t" }))).not.toThrow();
    await expect(returned).rejects.toThrow(TypeError);
    expect(() => (returned = getExecutionState.call(undefined, { DurableExecutionArn: "a", CheckpointToken: "t" }))).not.toThrow();
    await expect(returned).rejects.toThrow(TypeError);
  });
});
