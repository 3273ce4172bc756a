/**
 * "A plugin written for the reference compiles and behaves the same on ours":
 *
 * - test/types/reference-plugin.ts is typed only against `@aws/durable-execution-sdk-js`; strict tsc
 *   accepts it (and a plugin typed against our SDK) across the two SDKs, and rejects a plugin whose hook
 *   has the wrong type (so the check can fail).
 * - The same plugin class runs on the reference SDK and on ours, for every handler of the parity corpus
 *   that uses one plugin, under one runner (ours: the same service for both SDKs), and records the same
 *   hook calls, invocation statuses and outcomes.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import * as ours from "../../src/testing.js";
import { typecheckSources } from "../support/typecheck.js";
import { ReferenceTypedPlugin, type ReferenceHookCall } from "../types/reference-plugin.js";
import { parityCases, runParityCase, type ParityRunner, type ParitySdk } from "./parity.cases.js";

const root = join(import.meta.dirname, "../..");
const at = (path: string) => JSON.stringify(join(root, path));

afterEach(async () => {
  await ours.LocalDurableTestRunner.teardownTestEnvironment();
});

describe("types across the two SDKs (strict tsc)", () => {
  it("a reference-typed plugin goes into our withDurableExecution, ours into the reference's; a wrongly typed hook is refused", () => {
    const plugin = `import { ReferenceTypedPlugin } from ${at("test/types/reference-plugin.js")};`;
    const [intoOurs, intoReference, wrong] = typecheckSources([
      [
        plugin,
        `import { withDurableExecution, type DurableInstrumentationPlugin } from ${at("src/index.js")};`,
        "const asOurs: DurableInstrumentationPlugin = new ReferenceTypedPlugin([]);",
        "export const handler = withDurableExecution(async (_e: unknown, ctx) => ctx.step('a', async () => 1), { plugins: [asOurs, new ReferenceTypedPlugin([])] });",
      ].join("\n"),
      [
        `import type { DurableInstrumentationPlugin } from ${at("src/index.js")};`,
        'import { withDurableExecution } from "@aws/durable-execution-sdk-js";',
        "const mine: DurableInstrumentationPlugin = { wrapInvocation: async (_info, fn) => fn(), async onOperationEnd(info) { void info.status; } };",
        "export const handler = withDurableExecution(async (_e: unknown, ctx) => ctx.step('a', async () => 1), { plugins: [mine] });",
      ].join("\n"),
      [
        `import { withDurableExecution } from ${at("src/index.js")};`,
        "const broken = { onOperationEnd: async (info: { id: number }) => void info.id };",
        "export const handler = withDurableExecution(async (_e: unknown, ctx) => ctx.step('a', async () => 1), { plugins: [broken] });",
      ].join("\n"),
    ]);
    expect(intoOurs).toEqual([]);
    expect(intoReference).toEqual([]);
    expect(wrong!.join("\n")).toMatch(/onOperationEnd/);
  }, 120_000);
});

describe("the reference-typed plugin records the same hook calls on both SDKs (our runner)", () => {
  const cases = parityCases.filter((testCase) => testCase.plugins === undefined);
  it("covers most of the corpus", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const run = async (sdk: ParitySdk) => {
        let plugin: ReferenceTypedPlugin | undefined;
        await ours.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
        try {
          const outcome = await runParityCase(
            { ...testCase, plugins: (events) => [(plugin = new ReferenceTypedPlugin(events as ReferenceHookCall[]))] },
            ours as unknown as ParityRunner,
            sdk,
          );
          return { ...outcome, statuses: plugin!.statuses };
        } finally {
          await ours.LocalDurableTestRunner.teardownTestEnvironment();
        }
      };
      const onReference = await run(referenceSdk as unknown as ParitySdk);
      const onOurs = await run(ourSdk as unknown as ParitySdk);
      expect(onReference.events.length).toBeGreaterThan(0);
      expect(onReference.statuses.at(-1)).toMatch(/SUCCEEDED|FAILED/);
      expect(onOurs).toEqual(onReference);
    });
  }
});
