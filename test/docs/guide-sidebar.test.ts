/**
 * The guide sidebar is built from docs/guide/*.md: every page appears, grouped and ordered by its
 * frontmatter, without editing the site config; a malformed placement fails the build with the file
 * and the field.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GROUP_ORDER, guideSidebar, readGuides } from "../../docs/.vitepress/guide-sidebar.js";

const GUIDE_DIR = join(import.meta.dirname, "../../docs/guide");
const links = (items: { link?: string; items?: unknown[] }[]): string[] =>
  items.flatMap((i) => [...(i.link ? [i.link] : []), ...links((i.items ?? []) as { link?: string }[])]);

describe("guide sidebar", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fixture = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "guides-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it("lists every guide of docs/guide exactly once", () => {
    const pages = readdirSync(GUIDE_DIR).filter((f) => f.endsWith(".md")).map((f) => `/guide/${f.slice(0, -3)}`);
    const listed = links(guideSidebar(GUIDE_DIR));
    expect([...listed].sort()).toEqual([...pages].sort());
    expect(listed[0]).toBe("/guide/getting-started");
    // Folded on the reference pages, open on the guide pages; the same links either way.
    expect(guideSidebar(GUIDE_DIR, { collapsed: true }).every((g) => g.collapsed === true)).toBe(true);
    expect(guideSidebar(GUIDE_DIR).every((g) => g.collapsed === false)).toBe(true);
    expect(links(guideSidebar(GUIDE_DIR, { collapsed: true }))).toEqual(listed);
  });

  it("groups by frontmatter in the fixed group order, orders pages by `order` then title, and places pages without frontmatter", () => {
    const sidebar = guideSidebar(fixture({
      "b.md": "---\ngroup: Testing\norder: 2\n---\n\n# Bravo\n",
      "a.md": "---\ngroup: Testing\norder: 1\nsidebarTitle: Alpha page\n---\n\n# Alpha\n",
      "start.md": "---\ngroup: Start here\norder: 5\n---\n\n# Start\n",
      "cli.md": "# The `durable` CLI\n",
      "loose.md": "# Loose page\n",
      "odd.md": "---\ngroup: Zebra\n---\n\n# Odd\n",
    }));
    expect(sidebar.map((g) => g.text)).toEqual(["Start here", "Testing", "Tools and integrations", "More guides", "Zebra"]);
    expect(sidebar[1]!.items).toEqual([{ text: "Alpha page", link: "/guide/a" }, { text: "Bravo", link: "/guide/b" }]);
    expect(sidebar[2]!.items).toEqual([{ text: "The durable CLI", link: "/guide/cli" }]);
    expect(GROUP_ORDER.indexOf("Start here")).toBe(0);
  });

  it("names the file and the field of a malformed placement", () => {
    expect(() => readGuides(fixture({ "x.md": "---\norder: soon\n---\n# X\n" }))).toThrow('docs/guide/x.md: frontmatter "order" must be a number');
    expect(() => readGuides(fixture({ "y.md": "---\ngroup: 3\n---\n# Y\n" }))).toThrow('docs/guide/y.md: frontmatter "group" must be a non-empty string');
  });
});
