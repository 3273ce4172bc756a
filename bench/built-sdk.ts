/**
 * Our SDK as users run it: the built package (dist/, made by `npm run build`, which `npm run bench`
 * runs first) — not the TypeScript sources through a loader.
 */
import type { SdkUnderTest } from "../test/support/fake-service.js";
import { builtEntry } from "./args.js";

const entry = builtEntry("bench");
const built = (await import(entry)) as typeof import("../src/index.js");

export function builtOurs(handler: (event: any, ctx: any) => Promise<unknown>): SdkUnderTest {
  return {
    name: "ours",
    handler: built.withDurableExecution(handler as never) as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new built.DurableExecutionInvocationInputWithClient(event, client),
  };
}
