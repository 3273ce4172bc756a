/**
 * Every public export of `durable-execution-sdk` and `durable-execution-sdk/testing` has TSDoc with an
 * `@example` — the API pages are generated from it. Exports that predate this rule are listed in
 * tsdoc-debt.json; the list may only shrink: a new export without TSDoc or without an example fails,
 * and so does a listed export that has been documented (take it off the list) or removed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { publicExportDocs, type ExportDoc } from "./public-exports.js";

const root = join(import.meta.dirname, "../..");
const debt = JSON.parse(readFileSync(join(import.meta.dirname, "tsdoc-debt.json"), "utf8")) as { missingDoc: string[]; missingExample: string[] };

describe("TSDoc of the public exports", () => {
  let exports: ExportDoc[];
  beforeAll(() => {
    exports = publicExportDocs(root);
  }, 120_000);

  it("finds the exports of both entry points", () => {
    const ids = exports.map((e) => e.id);
    expect(ids).toContain("durable-execution-sdk#withDurableExecution");
    expect(ids).toContain("durable-execution-sdk/testing#LocalDurableTestRunner");
    // The detector is not blind: the documented, exemplified export is seen as such.
    expect(exports.find((e) => e.id === "durable-execution-sdk#createRetryStrategy")).toEqual({ id: "durable-execution-sdk#createRetryStrategy", hasDoc: true, hasExample: true });
  });

  it("every export has TSDoc (except the listed debt)", () => {
    const missing = exports.filter((e) => !e.hasDoc && !debt.missingDoc.includes(e.id)).map((e) => e.id);
    expect(missing, "write a TSDoc comment (with an @example) on these exports").toEqual([]);
  });

  it("every export has an @example (except the listed debt)", () => {
    const missing = exports.filter((e) => !e.hasExample && !debt.missingExample.includes(e.id)).map((e) => e.id);
    expect(missing, "add an @example to the TSDoc of these exports").toEqual([]);
  });

  it("the debt list is exact: documented or removed exports come off it", () => {
    const byId = new Map(exports.map((e) => [e.id, e]));
    const stale = [
      ...debt.missingDoc.filter((id) => byId.get(id)?.hasDoc !== false).map((id) => `missingDoc: ${id}`),
      ...debt.missingExample.filter((id) => byId.get(id)?.hasExample !== false).map((id) => `missingExample: ${id}`),
    ];
    expect(stale, "remove these entries from test/docs/tsdoc-debt.json").toEqual([]);
  });
});
