/**
 * Retries of the SDK's API calls (issue 14, defect 5, SDK half): a transient failure is retried with
 * jittered exponential backoff within a budget in seconds, the ClientToken stays the same across the
 * retries of one checkpoint, KMS errors (502) and refused tokens are not retried, token errors are
 * recognised by their code in any spelling, and GetDurableExecutionState is retried too.
 */
import { describe, expect, it } from "vitest";
import type { CheckpointDurableExecutionRequest, DurableExecutionClient } from "../../src/index.js";
import {
  API_RETRY_BASE_MS,
  API_RETRY_MAX_DELAY_MS,
  isTransient,
  retryDelayMs,
  withApiRetries,
} from "../../src/runtime/checkpoint/checkpoint-retry.js";
import { CheckpointUnrecoverableInvocationError, MAX_CLIENT_TOKEN_LENGTH } from "../../src/generated/index.js";
import { classifyCheckpointError, isInvalidTokenError } from "../../src/runtime/checkpoint/classify.js";
import { clientTokenFor } from "../../src/runtime/checkpoint/checkpoint-manager.js";
import { FakeDurableService, lambdaContext } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";
import type { SdkUnderTest } from "../support/fake-service.js";

const http = (status: number, name = "ServiceException", message = "failure") => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** Wraps the fake service's client: every call fails with `error` while `failing()` says so; records the calls. */
function flakyClient(service: FakeDurableService, failing: () => boolean, error: () => unknown) {
  const checkpoints: CheckpointDurableExecutionRequest[] = [];
  let stateCalls = 0;
  const client: DurableExecutionClient = {
    checkpoint: async (params) => {
      checkpoints.push(structuredClone(params));
      if (failing()) throw error();
      return service.client.checkpoint(params);
    },
    getExecutionState: async (params) => {
      stateCalls++;
      if (failing()) throw error();
      return service.client.getExecutionState(params);
    },
  };
  return { client, checkpoints, stateCalls: () => stateCalls };
}

function eventWith(service: FakeDurableService, sdk: SdkUnderTest, client: DurableExecutionClient, pageSize?: number) {
  const plain = service.event({ wrapEvent: (event) => event }, pageSize === undefined ? {} : { pageSize });
  return sdk.wrapEvent(plain, client);
}

describe("a short outage is ridden out inside the invocation", () => {
  it("a 2-second outage of 503s: ours succeeds (one ClientToken across the retries); the reference gives the invocation up", async () => {
    const outcomes: Record<string, unknown> = {};
    const tokens: Record<string, Set<string | undefined>> = {};
    for (const sdk of [ours(async (_e, ctx) => ctx.step("s", async () => "ok")), reference(async (_e, ctx) => ctx.step("s", async () => "ok"))]) {
      const service = new FakeDurableService({});
      const until = Date.now() + 2000;
      const flaky = flakyClient(service, () => Date.now() < until, () => http(503, "ServiceUnavailableException", "unavailable"));
      outcomes[sdk.name] = await sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext).then(
        (output) => output,
        (error: Error) => error.name,
      );
      tokens[sdk.name] = new Set(flaky.checkpoints.map((c) => c.ClientToken));
      if (sdk.name === "ours") expect(flaky.checkpoints.length).toBeGreaterThan(2);
    }
    expect(outcomes.ours).toEqual({ Status: "SUCCEEDED", Result: '"ok"' });
    expect(outcomes.reference).toBe("CheckpointUnrecoverableInvocationError");
    // All attempts of the one (first) checkpoint carry one ClientToken, so the service can recognise a retry.
    expect(tokens.ours!.size).toBe(1);
    expect([...tokens.ours!][0]).toMatch(/^[0-9a-f-]{36}-[0-9a-z]+$/);
    // The SDK's own builder stays within the API's ClientToken length for any count a process can reach,
    // and every character is one the API's pattern allows (printable ASCII, no space).
    const longest = clientTokenFor(Number.MAX_SAFE_INTEGER);
    expect(longest.length).toBeLessThanOrEqual(MAX_CLIENT_TOKEN_LENGTH);
    expect(longest).toMatch(/^[\x21-\x7e]+$/);
    expect(longest.slice(0, 36)).toBe([...tokens.ours!][0]!.slice(0, 36));
  });

  it("GetDurableExecutionState (paging the initial state) is retried as well", async () => {
    const service = new FakeDurableService({});
    const seed = ours(async (_e, ctx) => {
      for (let i = 0; i < 3; i++) await ctx.step(`s${i}`, async () => i);
      return "done";
    });
    // First invocation records three steps; the second pages the state in while the service blips.
    await seed.handler(service.event(seed), lambdaContext);
    let failures = 2;
    const flaky = flakyClient(service, () => false, () => undefined);
    const client: DurableExecutionClient = {
      checkpoint: flaky.client.checkpoint,
      getExecutionState: async (params) => {
        if (failures-- > 0) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        return flaky.client.getExecutionState(params);
      },
    };
    const output = await seed.handler(eventWith(service, seed, client, 1), lambdaContext);
    expect(output).toEqual({ Status: "SUCCEEDED", Result: '"done"' });
    expect(failures).toBeLessThan(0);
  });

  it("a budget of null is the budget left out: the default's retries run (not none, as 0 would give)", async () => {
    const service = new FakeDurableService({});
    let failures = 1;
    const flaky = flakyClient(service, () => failures-- > 0, () => http(503));
    const sdk = ours(async (_e, ctx) => ctx.step(async () => 1), { checkpointRetryBudgetSeconds: null as unknown as number });
    expect(await sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext)).toEqual({ Status: "SUCCEEDED", Result: "1" });
    expect(flaky.checkpoints.length).toBeGreaterThan(1);
  });

  it("gives up once the budget is spent, and never sleeps into the invocation's last seconds", async () => {
    const service = new FakeDurableService({});
    const flaky = flakyClient(service, () => true, () => http(500));
    const sdk = ours(async (_e, ctx) => ctx.step(async () => 1), { checkpointRetryBudgetSeconds: 1 });
    await expect(sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext)).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError" });
    // Delays are at least 125, 250, 500, 1000 ms: a 1 s budget allows at most 4 retries (load only lowers it).
    expect(flaky.checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(flaky.checkpoints.length).toBeLessThanOrEqual(5);

    const shortContext = { ...lambdaContext, getRemainingTimeInMillis: () => 1500 };
    const second = flakyClient(new FakeDurableService({}), () => true, () => http(500));
    const sdk2 = ours(async (_e, ctx) => ctx.step(async () => 1));
    await expect(sdk2.handler(eventWith(service, sdk2, second.client), shortContext)).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError" });
    expect(second.checkpoints.length).toBe(1);
  });

  it("a budget of 0 turns retries off; a bad budget fails the execution with a message naming the option", async () => {
    const service = new FakeDurableService({});
    const flaky = flakyClient(service, () => true, () => http(429, "TooManyRequestsException"));
    const sdk = ours(async (_e, ctx) => ctx.step(async () => 1), { checkpointRetryBudgetSeconds: 0 });
    await expect(sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext)).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError" });
    expect(flaky.checkpoints.length).toBe(1);

    const bad = ours(async () => 1, { checkpointRetryBudgetSeconds: -1 });
    const output = (await bad.handler(new FakeDurableService({}).event(bad), lambdaContext)) as { Status: string; Error: { ErrorMessage: string } };
    expect(output.Status).toBe("FAILED");
    expect(output.Error.ErrorMessage).toContain("checkpointRetryBudgetSeconds must be a finite number of seconds");
  });
});

describe("errors that retrying cannot fix are not retried", () => {
  it("a KMS error sent as 502 fails the execution after one call, as in the reference", async () => {
    const calls: Record<string, number> = {};
    for (const sdk of [ours(async (_e, ctx) => ctx.step(async () => 1)), reference(async (_e, ctx) => ctx.step(async () => 1))]) {
      const service = new FakeDurableService({});
      const flaky = flakyClient(service, () => true, () => http(502, "KMSAccessDeniedException", "KMS key access denied"));
      const output = (await sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext)) as { Status: string };
      expect(output.Status).toBe("FAILED");
      calls[sdk.name] = flaky.checkpoints.length;
    }
    expect(calls).toEqual({ ours: 1, reference: 1 });
  });

  it("a refused checkpoint token is not retried", async () => {
    const service = new FakeDurableService({});
    const flaky = flakyClient(service, () => true, () => http(400, "InvalidParameterValueException", "Invalid checkpoint token: used"));
    const sdk = ours(async (_e, ctx) => ctx.step(async () => 1));
    await expect(sdk.handler(eventWith(service, sdk, flaky.client), lambdaContext)).rejects.toMatchObject({ name: "CheckpointUnrecoverableInvocationError" });
    expect(flaky.checkpoints.length).toBe(1);
  });

  it("isTransient: 429, 5xx and network errors yes; 4xx, KMS and client errors no", () => {
    expect(isTransient(http(429))).toBe(true);
    expect(isTransient(http(503))).toBe(true);
    expect(isTransient(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransient(http(400))).toBe(false);
    expect(isTransient(http(502, "KMSDisabledException"))).toBe(false);
    expect(isTransient(Object.assign(new Error("x"), { isDurableExecutionClientError: true }))).toBe(false);
  });

  it("one rule for every HTTP status: a status that is retried ends only the invocation once retries run out; any other 4xx ends the execution", () => {
    for (let status = 400; status < 600; status++) {
      const error = http(status);
      const endsOnlyTheInvocation = classifyCheckpointError(error) instanceof CheckpointUnrecoverableInvocationError;
      expect({ status, retried: isTransient(error) }).toEqual({ status, retried: endsOnlyTheInvocation });
      expect({ status, retried: isTransient(error) }).toEqual({ status, retried: status === 429 || status >= 500 });
    }
  });
});

describe("token errors are matched by code in any spelling", () => {
  const tokenError = (fields: Record<string, unknown>, message = "Invalid Checkpoint Token: stale") =>
    Object.assign(new Error(message), { $metadata: { httpStatusCode: 400 } }, fields);
  it.each([
    ["AWS SDK name", { name: "InvalidParameterValueException" }],
    ["upper-case code", { code: "INVALIDPARAMETERVALUEEXCEPTION" }],
    ["lower-case Code", { Code: "invalidparametervalueexception" }],
    ["namespaced __type", { __type: "com.amazonaws.lambda#InvalidParameterValueException" }],
  ])("%s", (_label, fields) => {
    expect(isInvalidTokenError(tokenError(fields))).toBe(true);
    expect(isInvalidTokenError(tokenError(fields, "invalid checkpoint token"))).toBe(true);
    expect(classifyCheckpointError(tokenError(fields)).name).toBe("CheckpointUnrecoverableInvocationError");
  });
  it("the same message under another code, or another message under the code, is not a token error", () => {
    expect(isInvalidTokenError(tokenError({ name: "ValidationException" }))).toBe(false);
    expect(isInvalidTokenError(tokenError({ name: "InvalidParameterValueException" }, "Updates too long"))).toBe(false);
  });
});

describe("backoff", () => {
  it("equal jitter: each delay lies between half and all of 250 ms doubled per retry, capped at 4 s", () => {
    for (let retry = 0; retry < 8; retry++) {
      const nominal = Math.min(API_RETRY_MAX_DELAY_MS, API_RETRY_BASE_MS * 2 ** retry);
      expect(retryDelayMs(retry, () => 0)).toBe(nominal / 2);
      expect(retryDelayMs(retry, () => 1)).toBe(nominal);
    }
    expect(retryDelayMs(20, () => 1)).toBe(API_RETRY_MAX_DELAY_MS);
  });

  it("stop() ends the retries at once", async () => {
    let calls = 0;
    await expect(
      withApiRetries(
        async () => {
          calls++;
          throw http(503);
        },
        { stop: () => calls >= 2 },
      ),
    ).rejects.toMatchObject({ name: "ServiceException" });
    expect(calls).toBe(2);
  });
});
