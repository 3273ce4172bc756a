/**
 * End-to-end bodies for createFileSystemSerdes, parameterized by the testing package (ours or the
 * reference's) so the very same bodies run on both runners: a step returns a multi-megabyte result, a
 * wait forces a second invocation, and the replay reads the result back from the directory while the
 * checkpoint holds only the small file envelope. Also an execution started on one SDK and finished on
 * the other. Each body uses its own temp directory.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import * as ourSdk from "../../src/index.js";

const { FieldMatchMode, FileSystemSerdesMode, PreviewMode } = ourSdk;

/** What the bodies use from a testing package. */
export interface RunnerModule {
  LocalDurableTestRunner: any;
}

export type Sdk = typeof ourSdk | typeof referenceSdk;

export interface E2eCase {
  name: string;
  run: () => Promise<void>;
}

interface Row {
  id: number;
  name: string;
  text: string;
}
interface Report {
  id: string;
  rows: Row[];
}

/** A deterministic report of a little over `mb` megabytes of JSON. */
export function makeReport(mb: number): Report {
  const text = "lorem ipsum dolor sit amet, consectetur adipiscing elit — ünïcødé ✓ ".repeat(2);
  const perRow = Buffer.byteLength(JSON.stringify({ id: 99999, name: "row 99999", text }));
  const count = Math.ceil((mb * 1024 * 1024) / perRow);
  const rows: Row[] = [];
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

interface State {
  stepRuns: number;
  seen: Report[];
}

/**
 * Configure the filesystem serdes, make the report in a step, wait, then return a digest of what the
 * step gave back. `state.seen` records each invocation's view of the step's result.
 */
function reportHandler(sdk: Sdk, dir: string, state: State, original: Report, mode: ourSdk.FileSystemSerdesMode) {
  return sdk.withDurableExecution(async (_event: unknown, context: any) => {
    context.configureSerdes({
      defaultSerdes: sdk.createFileSystemSerdes(dir, {
        storageMode: mode as never,
        generatePreview: (value: unknown) =>
          sdk.buildPreview(value, {
            mode: PreviewMode.EXCLUDE_ALL as never,
            include: [{ name: "id", match: FieldMatchMode.PATH as never }],
            maxPreviewBytes: 64,
          }),
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

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "fs-serdes-e2e-"));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fileSystemSerdesCases(testing: RunnerModule, sdks: Record<"ours" | "reference", Sdk>): E2eCase[] {
  const { LocalDurableTestRunner } = testing;
  const cases: E2eCase[] = [];

  for (const [sdkName, sdk] of Object.entries(sdks)) {
    for (const mode of [FileSystemSerdesMode.ALWAYS, FileSystemSerdesMode.OVERFLOW]) {
      cases.push({
        name: `${sdkName} SDK, storageMode ${mode}: a 5 MB step result survives replay, read back from the directory; the checkpoint holds only the envelope`,
        run: () =>
          inTempDir(async (dir) => {
            const original = makeReport(5);
            expect(Buffer.byteLength(JSON.stringify(original))).toBeGreaterThan(5 * 1024 * 1024);
            const state: State = { stepRuns: 0, seen: [] };
            const runner = new LocalDurableTestRunner({ handlerFunction: reportHandler(sdk, dir, state, original, mode) });

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
            const envelope = { file: files[0], preview: { id: "report-1" } };
            const step = runner.getOperation("build report");
            const recorded = step.getOperationData()?.StepDetails?.Result as string;
            expect(Buffer.byteLength(recorded)).toBeLessThan(1024);
            expect(JSON.parse(recorded)).toEqual(envelope);
            expect(step.getStepDetails()?.result).toEqual(envelope);
            const succeeded = execution.getHistoryEvents().find((event: any) => event.EventType === "StepSucceeded");
            expect(succeeded?.StepSucceededDetails?.Result?.Payload).toBe(recorded);
          }),
      });
    }
  }

  const crossings: Array<[string, Sdk, Sdk]> = [
    ["started on the reference SDK, finished on ours", sdks.reference, sdks.ours],
    ["started on ours, finished on the reference SDK", sdks.ours, sdks.reference],
  ];
  for (const [label, first, second] of crossings) {
    cases.push({
      name: `one execution across SDKs (same mount, same envelope format): ${label}`,
      run: () =>
        inTempDir(async (dir) => {
          const original = makeReport(3);
          const state: State = { stepRuns: 0, seen: [] };
          const handlers = [first, second].map((sdk) => reportHandler(sdk, dir, state, original, FileSystemSerdesMode.ALWAYS));
          let invocation = 0;
          const handlerFunction = (event: unknown, context: unknown) => handlers[Math.min(invocation++, 1)]!(event as never, context as never);
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
        }),
    });
  }
  return cases;
}
