/**
 * refreshLogConfig: the SDK's diagnostic log follows DURABLE_VERBOSE_MODE as read at load time or at the
 * last refreshLogConfig() call, exactly "true" switching it on. Same handler and same environment
 * changes on the reference SDK and on ours: the log is on or off in the same cases.
 */
import { refreshLogConfig as referenceRefresh } from "@aws/durable-execution-sdk-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { refreshLogConfig } from "../../src/index.js";
import { runToCompletion } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";
import type { SdkUnderTest } from "../support/fake-service.js";

const original = process.env.DURABLE_VERBOSE_MODE;
afterEach(() => {
  if (original === undefined) delete process.env.DURABLE_VERBOSE_MODE;
  else process.env.DURABLE_VERBOSE_MODE = original;
  refreshLogConfig();
  referenceRefresh();
});

const handler = async (_event: unknown, ctx: any) => {
  const value = await ctx.step("one", async () => 1);
  await ctx.wait({ seconds: 1 });
  return value + 1;
};

/** Whether running the handler wrote diagnostic lines through console.debug. */
async function logsWhileRunning(sdk: () => SdkUnderTest): Promise<boolean> {
  const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
  try {
    const { last } = await runToCompletion(sdk(), {});
    expect(last).toEqual({ Status: "SUCCEEDED", Result: "2" });
    return debug.mock.calls.length > 0;
  } finally {
    debug.mockRestore();
  }
}

function setEnv(value: string | undefined) {
  if (value === undefined) delete process.env.DURABLE_VERBOSE_MODE;
  else process.env.DURABLE_VERBOSE_MODE = value;
}

describe("refreshLogConfig", () => {
  /** Each step: set the environment, optionally refresh, run; the observation is whether it logged. */
  const script: { env: string | undefined; refresh: boolean }[] = [
    { env: undefined, refresh: true },
    { env: "true", refresh: false },
    { env: "true", refresh: true },
    { env: undefined, refresh: false },
    { env: undefined, refresh: true },
    { env: "TRUE", refresh: true },
    { env: "1", refresh: true },
    { env: "true", refresh: true },
    { env: "false", refresh: true },
  ];

  async function observe(sdk: () => SdkUnderTest, refresh: () => void): Promise<boolean[]> {
    const seen: boolean[] = [];
    for (const step of script) {
      setEnv(step.env);
      if (step.refresh) refresh();
      seen.push(await logsWhileRunning(sdk));
    }
    return seen;
  }

  it("switches the diagnostic log on and off as the reference does", async () => {
    const theirs = await observe(() => reference(handler), referenceRefresh);
    const mine = await observe(() => ours(handler), refreshLogConfig);
    // The reference's own behaviour, so the comparison cannot pass vacuously.
    expect(theirs).toEqual([false, false, true, true, false, false, false, true, false]);
    expect(mine).toEqual(theirs);
  });

  it("writes nothing while off", async () => {
    setEnv(undefined);
    refreshLogConfig();
    expect(await logsWhileRunning(() => ours(handler))).toBe(false);
  });
});
