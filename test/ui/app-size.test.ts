/**
 * Size budget of the web UI's script: app.js (dist/ui/app.js in the package, what `durable dev`
 * serves to the browser) stays within APP_JS_BUDGET_BYTES (ui/build.ts, where the reason for its value
 * is). It is built in memory by buildUi, the function `npm run build` writes dist/ui with and `durable
 * dev` serves from a source checkout, so the bytes are the shipped ones; esbuild takes a fraction of a
 * second, and no package build is needed.
 */
import { describe, expect, it } from "vitest";
import { APP_JS_BUDGET_BYTES, buildUi } from "../../ui/build.js";

describe("size of the web UI's app.js", () => {
  it("stays within its budget", async () => {
    const app = (await buildUi()).get("app.js");
    expect(app, "buildUi built no app.js").toBeDefined();
    // A real build of the UI (its pages and their renderers), not an empty script that passes any budget.
    expect(app!.toString("utf8")).toContain("callback-heartbeat");
    expect(app!.byteLength, `app.js is ${app!.byteLength} B, over its budget of ${APP_JS_BUDGET_BYTES} B (ui/build.ts)`).toBeLessThanOrEqual(APP_JS_BUDGET_BYTES);
  });
});
