/**
 * createFileSystemSerdes end to end through the local durable service (our LocalDurableTestRunner): a
 * step returns a multi-megabyte result, a wait forces a second invocation, and the replay reads the
 * result back from the directory. The checkpoint holds only the small file envelope. An execution
 * started by the reference SDK finishes on ours, and the other way round.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as ourSdk from "../../../src/index.js";
import { LocalDurableTestRunner } from "../../../src/testing.js";

const { FieldMatchMode, FileSystemSerdesMode, PreviewMode } = ourSdk;

beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fs-serdes-e2e-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  id: number;
  name: string;
  text: string;
}
interface Report {
  id: string;
  rows: Row[];
}

/** A deterministic report of about `mb` megabytes of JSON. */
function makeReport(mb: number): Report {
  const rows: Row[] = [];
  const text = "lorem ipsum dolor sit amet, consectetur adipiscing elit — ünïcødé ✓ ".repeat(2);
  const perRow = Buffer.byteLength(JSON.stringify({ id: 99999, name: "row 99999", text }));
  const count = Math.ceil((mb * 1024 * 1024) / perRow);
  for (let id = 0; id < count; id++) rows.push({ id, name: `row ${id}`, text });
  return { id: "report-1", rows };
}

const sha = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** Every file under `root`, as absolute paths. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

type Sdk = typeof ourSdk | typeof referenceSdk;

/**
 * The handler: configure the filesystem serdes, make the report in a step, wait, then return a digest of
 * what the step gave back. `seen` records each invocation's view of the step's result.
 */
function reportHandler(sdk: Sdk, state: { stepRuns: number; seen: Report[] }, original: Report, mode: ourSdk.FileSystemSerdesMode) {
  return sdk.withDurableExecution(async (_event: unknown, context: any) => {
    context.configureSerdes({
      defaultSerdes: sdk.createFileSystemSerdes(dir, {
        storageMode: mode as never,
        generatePreview: (value: unknown) =>
          sdk.buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL as never, include: [{ name: "id", match: FieldMatchMode.PATH as never }], maxPreviewBytes: 64 }),
      }),
    });
    const report: Report = await context.step("build report", async () => {
      state.stepRuns += 1;
      return original;
    });
    state.seen.push(report);
    await context.wait("cool down", { seconds: 30 });
    return { id: report.id, rows: report.rows.length, sha: sha(report) };
  });
}

describe.each([FileSystemSerdesMode.ALWAYS, FileSystemSerdesMode.OVERFLOW])("a 5 MB step result with storageMode %s", (mode) => {
  it("survives replay: read back from the directory, while the checkpoint holds only the file envelope", async () => {
    const original = makeReport(5);
    const bytes = Buffer.byteLength(JSON.stringify(original));
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    const state = { stepRuns: 0, seen: [] as Report[] };
    const runner = new LocalDurableTestRunner({ handlerFunction: reportHandler(ourSdk, state, original, mode) });

    const execution = await runner.run();

    expect(execution.getStatus()).toBe("SUCCEEDED");
    expect(execution.getResult()).toEqual({ id: "report-1", rows: original.rows.length, sha: sha(original) });
    expect(execution.getInvocations()).toHaveLength(2);
    expect(state.stepRuns).toBe(1);
    // The second invocation replayed the step: its value came from the file and equals the original.
    expect(state.seen).toHaveLength(2);
    expect(state.seen[1]).not.toBe(original);
    expect(JSON.stringify(state.seen[1])).toBe(JSON.stringify(original)); // (a deep toEqual on 5 MB is slow)

    // The only file is the step's, holding the whole result.
    const files = filesUnder(dir);
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0]!, "utf8")).toBe(JSON.stringify(original));

    // What the service recorded is the small envelope pointing at it, with the preview.
    const step = runner.getOperation("build report");
    const recorded = step.getOperationData()?.StepDetails?.Result as string;
    expect(Buffer.byteLength(recorded)).toBeLessThan(1024);
    expect(JSON.parse(recorded)).toEqual({ file: files[0], preview: { id: "report-1" } });
    expect(step.getStepDetails()?.result).toEqual({ file: files[0], preview: { id: "report-1" } });
    const succeeded = execution.getHistoryEvents().find((event) => event.EventType === "StepSucceeded");
    expect(succeeded?.StepSucceededDetails?.Result?.Payload).toBe(recorded);
  });
});

describe("the same execution across SDKs (same mount, same envelope format)", () => {
  const cases: Array<[string, Sdk, Sdk]> = [
    ["started on the reference SDK, finished on ours", referenceSdk, ourSdk],
    ["started on ours, finished on the reference SDK", ourSdk, referenceSdk],
  ];
  it.each(cases)("%s", async (_label, first, second) => {
    const original = makeReport(3);
    const state = { stepRuns: 0, seen: [] as Report[] };
    const handlers = [first, second].map((sdk) => reportHandler(sdk, state, original, FileSystemSerdesMode.ALWAYS));
    let invocation = 0;
    const handlerFunction = (event: unknown, context: unknown) => handlers[Math.min(invocation++, 1)]!(event, context);
    const runner = new LocalDurableTestRunner({ handlerFunction });

    const execution = await runner.run();

    expect(execution.getStatus()).toBe("SUCCEEDED");
    expect(invocation).toBe(2);
    expect(state.stepRuns).toBe(1);
    expect(state.seen[1]).not.toBe(original);
    expect(JSON.stringify(state.seen[1])).toBe(JSON.stringify(original));
    expect(execution.getResult()).toEqual({ id: "report-1", rows: original.rows.length, sha: sha(original) });
    const recorded = JSON.parse(runner.getOperation("build report").getOperationData()?.StepDetails?.Result as string);
    expect(recorded).toEqual({ file: filesUnder(dir)[0], preview: { id: "report-1" } });
  });
});
