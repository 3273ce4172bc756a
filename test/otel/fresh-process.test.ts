/**
 * Identical ids in a fresh process: the scenario runs on our SDK and runner with an OTel plugin while the
 * service's side of every invocation is recorded (input, request id, checkpoint answers — nothing about
 * plugins). A separate Node.js process (new module state, new random seeds, later clock) runs the same
 * handler with a new plugin through the same invocations: the handler and the SDK execute again from the
 * handler's start each time, replaying the history they are given, and the step bodies run where they ran
 * the first time. The exported span identities (trace id, span id, parent, links) are the same as in the
 * first run, in both views. Only the "HTTP" span, which user code opens (ids from the provider's ordinary
 * generator), is excluded.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ourTesting from "../../src/testing.js";
import { ExecutionOtelPlugin, InvocationOtelPlugin } from "../../src/otel.js";
import { inMemoryFactory, installContextManager, scenarioHandler, spanIdentities, type Sdk, type Testing } from "./scenario.js";
import { recordInvocations, type RecordedInvocation } from "./service-recording.js";

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

interface ChildRun {
  pid: number;
  statuses: string[];
  bodies: number;
  spans: ReturnType<typeof spanIdentities>;
}

function child(file: string, view: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(import.meta.dirname, "replay-child.ts"), file, view], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe("span ids survive a fresh process that re-executes the handler", () => {
  for (const view of ["execution", "invocation"] as const) {
    it(`${view} view`, { timeout: 90_000 }, async () => {
      const { exporter, factory, provider } = inMemoryFactory();
      const plugin = view === "execution" ? new ExecutionOtelPlugin({ tracerProviderFactory: factory }) : new InvocationOtelPlugin({ tracerProviderFactory: factory });
      const invocations: RecordedInvocation[] = [];
      let bodies = 0;
      const handler = scenarioHandler(ourSdk as unknown as Sdk, [plugin], provider, 5, () => void bodies++);
      const runner = new testing.LocalDurableTestRunner({ handlerFunction: recordInvocations(handler, invocations) });
      const execution = runner.run({ payload: { order: 7 } });
      const callback = runner.getOperation("approve");
      await callback.waitForData(ourTesting.WaitingOperationStatus.SUBMITTED);
      await callback.sendCallbackSuccess(JSON.stringify("approved"));
      expect((await execution).getStatus()).toBe("SUCCEEDED");

      const here = spanIdentities(exporter.getFinishedSpans());
      const file = join(dir, `${view}.json`);
      writeFileSync(file, JSON.stringify(invocations));
      const there = await child(file, view);
      expect(there.pid).not.toBe(process.pid);
      // The child really ran the execution: the same invocations ended the same way, and the step
      // bodies (one, flaky twice, inner, two squares) ran as often as in the first run.
      expect(invocations.length).toBeGreaterThanOrEqual(3);
      expect(there.statuses).toEqual(invocations.map((invocation) => invocation.status));
      expect(there.statuses.at(-1)).toBe("SUCCEEDED");
      expect(bodies).toBe(6);
      expect(there.bodies).toBe(bodies);
      expect(here.length).toBeGreaterThan(20);
      expect(new Set(here.map((span) => span.traceId)).size).toBe(1);
      expect(there.spans).toEqual(here);
    });
  }
});
