/**
 * Identical ids in a fresh process: an execution runs on our SDK and runner with an OTel plugin and a
 * recording plugin side by side; a separate Node.js process (new module state, new random seeds, later
 * clock) replays the recorded hook calls into a new plugin and exports exactly the same span identities
 * (trace id, span id, parent, links) — every span the plugin starts, in both views. Only the "HTTP" span,
 * which user code opens (ids from the provider's ordinary generator), is excluded.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import { ExecutionOtelPlugin, InvocationOtelPlugin } from "../../src/otel.js";
import { recordingPlugin, serialize, type HookCall } from "./hook-recording.js";
import { inMemoryFactory, installContextManager, scenarioHandler, type Sdk, type Testing } from "./scenario.js";

const testing = ourTesting as unknown as Testing;
const root = join(import.meta.dirname, "../..");
let dir: string;

beforeAll(async () => {
  installContextManager();
  dir = mkdtempSync(join(tmpdir(), "otel-replay-"));
  await testing.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(async () => {
  await testing.LocalDurableTestRunner.teardownTestEnvironment();
  rmSync(dir, { recursive: true, force: true });
});

function child(file: string, view: string): Promise<{ pid: number; spans: unknown[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(import.meta.dirname, "replay-child.ts"), file, view], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe("span ids survive a fresh process", () => {
  for (const view of ["execution", "invocation"] as const) {
    it(`${view} view`, { timeout: 90_000 }, async () => {
      const { exporter, factory, provider } = inMemoryFactory();
      const plugin = view === "execution" ? new ExecutionOtelPlugin({ tracerProviderFactory: factory }) : new InvocationOtelPlugin({ tracerProviderFactory: factory });
      const calls: HookCall[] = [];
      const runner = new testing.LocalDurableTestRunner({
        handlerFunction: scenarioHandler(ourSdk as unknown as Sdk, [plugin, recordingPlugin(calls)], provider),
      });
      const execution = runner.run({ payload: { order: 7 } });
      const callback = runner.getOperation("approve");
      await callback.waitForData(ourTesting.WaitingOperationStatus.SUBMITTED);
      await callback.sendCallbackSuccess(JSON.stringify("approved"));
      expect((await execution).getStatus()).toBe("SUCCEEDED");

      const here = exporter
        .getFinishedSpans()
        .filter((span) => span.name !== "GET /inventory")
        .map((span) => ({
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId,
          links: span.links.map((link) => link.context.spanId),
        }));
      const file = join(dir, `${view}.json`);
      writeFileSync(file, serialize(calls));
      const there = await child(file, view);
      expect(there.pid).not.toBe(process.pid);
      expect(here.length).toBeGreaterThan(20);
      const key = (s: any) => `${s.spanId} ${s.name}`;
      expect([...there.spans].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...here].sort((a, b) => key(a).localeCompare(key(b))));
    });
  }
});
