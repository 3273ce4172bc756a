/**
 * Reliability of the local service under concurrency (issue 14): concurrent synchronous invokes,
 * the pump's wake-ups, invocations cut by a shutdown, lost checkpoint responses.
 */
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../src/index.js";
import type { DurableFunctionHandler } from "../../src/local/index.js";
import { LocalHttpServer } from "../../src/local/http/index.js";
import { lambdaClient } from "./http-support.js";

const utf8 = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

describe("concurrent synchronous invokes", () => {
  let server: LocalHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("100 RequestResponse invokes at once all return their own result, and leave no waiter behind", async () => {
    server = await LocalHttpServer.start({ log: () => undefined });
    server.registerFunction(
      "steps",
      withDurableExecution(async (event: { n: number }, ctx) => {
        const doubled = await ctx.step("double", async () => event.n * 2);
        const plus = await ctx.step("plus-one", async () => doubled + 1);
        return { n: event.n, plus };
      }) as DurableFunctionHandler,
    );
    const client = lambdaClient(server.endpoint);
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, n) =>
          client.send(new InvokeCommand({ FunctionName: "steps", Payload: Buffer.from(JSON.stringify({ n })) })),
        ),
      );
      results.forEach((response, n) => {
        expect(response.FunctionError).toBeUndefined();
        expect(JSON.parse(utf8(response.Payload))).toEqual({ n, plus: 2 * n + 1 });
      });
      const service = server.service;
      expect(service["completionWaiters"].size).toBe(0);
      expect(service["wakeWaiters"].size).toBe(0);
    } finally {
      client.destroy();
    }
  }, 60_000);
});
