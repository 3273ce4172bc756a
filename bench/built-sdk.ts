/**
 * Our SDK as users run it: the built package (dist/, made by `npm run build`, which `npm run bench`
 * runs first) — not the TypeScript sources through a loader.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SdkUnderTest } from "../test/support/fake-service.js";

const entry = join(import.meta.dirname, "../dist/index.js");
if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm run bench does).");
const built = (await import(entry)) as typeof import("../src/index.js");

export function builtOurs(handler: (event: any, ctx: any) => Promise<unknown>): SdkUnderTest {
  return {
    name: "ours",
    handler: built.withDurableExecution(handler as never) as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new built.DurableExecutionInvocationInputWithClient(event, client),
  };
}
