/**
 * Size budget (issue 12): the esbuild bundle (minified, `@aws-sdk/*` external) of a 3-step handler
 * on our SDK is at most the size of the same handler bundled on the reference SDK, in the same test (the
 * product rule: the Lambda bundle at least as small as the reference's), stays within BUNDLE_BUDGET_BYTES
 * (which catches growth long before the rule breaks) and so within the issue's 1.2× ceiling.
 * Bundles src/index.ts (what dist/ is built from) so no build is needed; `npm run size` measures dist/.
 */
import { describe, expect, it } from "vitest";
import { BUNDLE_BUDGET_BYTES, OURS_SRC, REFERENCE, bundleSize } from "../../bench/size";

describe("bundle size of a 3-step handler", () => {
  it("ours is at most the reference's size, within its budget and the 1.2× ceiling, and carries no zod and no OpenTelemetry", async () => {
    const [ours, reference] = await Promise.all([bundleSize(OURS_SRC), bundleSize(REFERENCE)]);
    expect(Object.keys(ours.byPackage)).not.toContain("zod");
    // OpenTelemetry is an optional peer of the ./otel entries only: the SDK bundle has none of it
    // (@opentelemetry/api is installed here, so an import from the SDK entry would be bundled and seen).
    expect(Object.keys(ours.byPackage).filter((name) => name.startsWith("@opentelemetry/"))).toEqual([]);
    expect(ours.inputs.filter((file) => file.includes("src/otel"))).toEqual([]);
    expect(ours.inputs.filter((file) => file.includes("src/runtime/plugins/")).length).toBeGreaterThan(0);
    // Node's built-ins come from process.getBuiltinModule (src/runtime/builtins.ts): no ES-module facade
    // is built for any of them at load (the reference's bundle imports eight).
    expect(ours.staticImports).toEqual([]);
    expect(reference.staticImports.length).toBeGreaterThan(0);
    // The product rule, measured side by side: ours is no larger than the reference's.
    expect(ours.bytes, `ours ${ours.bytes} B, reference ${reference.bytes} B: the bundle must stay at least as small as the reference's`).toBeLessThanOrEqual(reference.bytes);
    expect(ours.bytes, `ours ${ours.bytes} B, budget ${BUNDLE_BUDGET_BYTES} B`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    expect(ours.bytes, `ours ${ours.bytes} B, reference ${reference.bytes} B`).toBeLessThanOrEqual(reference.bytes * 1.2);
    // The reference bundle is real (its SDK is inside), so the ratio above means something.
    expect(reference.byPackage["@aws/durable-execution-sdk-js"]).toBeGreaterThan(50_000);
    expect(BUNDLE_BUDGET_BYTES, "the budget may not exceed 1.2× the reference's size").toBeLessThanOrEqual(reference.bytes * 1.2);
    // A budget above the reference's size would let the bundle grow past the product rule unnoticed by it.
    expect(BUNDLE_BUDGET_BYTES, "the budget stays below the reference's size").toBeLessThan(reference.bytes);
  });
});
