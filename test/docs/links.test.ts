/**
 * Link checker over the site's Markdown (generated and hand-written): every internal link opens an
 * existing page, and every `#anchor` names a heading of that page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCS_DIR, headingAnchors, listPages, markdownLinks, resolvePage } from "./markdown.js";

const pages = listPages();
const anchorsOf = new Map(pages.map((p) => [p, headingAnchors(readFileSync(join(DOCS_DIR, p), "utf8"))]));

describe("links in the docs Markdown", () => {
  it("covers the generated reference and API pages and the guides", () => {
    expect(pages).toContain("reference/wait-for-callback.md");
    expect(pages).toContain("reference/errors.md");
    expect(pages).toContain("api/sdk/functions/withDurableExecution.md");
    expect(pages).toContain("api/testing/classes/LocalDurableTestRunner.md");
    expect(pages).toContain("guide/getting-started.md");
  });

  it("computes anchors like VitePress", () => {
    expect(headingAnchors("# `context.step`\n## Errors\n## Errors\n### config?\n```\n# not a heading\n```\n")).toEqual(
      new Set(["context-step", "errors", "errors-1", "config"]),
    );
  });

  it("every internal link and anchor resolves", () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const { line, target } of markdownLinks(readFileSync(join(DOCS_DIR, page), "utf8"))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
        checked++;
        const { page: to, hash } = resolvePage(page, target);
        if (!to) broken.push(`${page}:${line}: ${target} (no such page)`);
        else if (hash && !anchorsOf.get(to)?.has(decodeURIComponent(hash))) broken.push(`${page}:${line}: ${target} (no heading #${hash} in ${to})`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it("reports a broken link and a broken anchor (the checker is not blind)", () => {
    expect(resolvePage("guide/concepts.md", "/reference/stepp").page).toBeUndefined();
    expect(resolvePage("guide/concepts.md", "/reference/step").page).toBe("reference/step.md");
    expect(resolvePage("reference/index.md", "errors.md#callbacktimeouterror")).toEqual({ page: "reference/errors.md", hash: "callbacktimeouterror" });
    expect(anchorsOf.get("reference/errors.md")?.has("callbacktimeouterror")).toBe(true);
    expect(anchorsOf.get("reference/errors.md")?.has("callbacktimeout")).toBe(false);
    expect(resolvePage("api/sdk/index.md", "classes/StepError.md").page).toBe("api/sdk/classes/StepError.md");
  });
});
