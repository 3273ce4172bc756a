/**
 * The guide sidebar is built from docs/guide/*.md: every page appears, grouped and ordered by its
 * frontmatter, without editing the site config; a malformed placement fails the build with the file
 * and the field.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GROUP_ORDER, guideSidebar, readGuides, siteSidebar } from "../../docs/.vitepress/guide-sidebar.js";

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
      "inside.md": "---\ngroup: Maintainers\n---\n\n# Inside\n",
    }));
    expect(sidebar.map((g) => g.text)).toEqual(["Start here", "Testing", "Tools and integrations", "More guides", "Zebra", "Maintainers"]);
    expect(sidebar[1]!.items).toEqual([{ text: "Alpha page", link: "/guide/a" }, { text: "Bravo", link: "/guide/b" }]);
    expect(sidebar[2]!.items).toEqual([{ text: "The durable CLI", link: "/guide/cli" }]);
    expect(GROUP_ORDER.indexOf("Start here")).toBe(0);
  });

  it("every real guide has a proper group: no catch-all, the groups in the reading order of the issue, Maintainers last", () => {
    const groups = guideSidebar(GUIDE_DIR).map((g) => g.text ?? "");
    expect(groups).not.toContain("More guides");
    expect(groups.every((g) => (GROUP_ORDER as readonly string[]).includes(g)), `unknown group in ${groups.join(", ")}`).toBe(true);
    expect(groups).toEqual([...GROUP_ORDER].filter((g) => groups.includes(g)));
    expect(groups.slice(0, 4)).toEqual(["Start here", "Concepts", "Operations in practice", "Testing"]);
    expect(groups.at(-1)).toBe("Maintainers");
  });

  it("the site sidebar puts the reference after the guide groups and one Maintainers group (guides, then other pages) last", () => {
    const reference = { text: "Operations reference", items: [{ text: "context.step", link: "/reference/step" }] };
    const internals = { text: "The generated contract", link: "/internals/generated-contract" };
    const sidebar = siteSidebar(fixture({
      "start.md": "---\ngroup: Start here\n---\n\n# Start\n",
      "internals-x.md": "---\ngroup: Maintainers\norder: 2\n---\n\n# Internals X\n",
      "maintainers.md": "---\ngroup: Maintainers\norder: 1\n---\n\n# Maintaining\n",
      "help.md": "---\ngroup: Help\n---\n\n# Help\n",
    }), { middle: [reference], maintainerPages: [internals] });
    expect(sidebar.map((g) => g.text)).toEqual(["Start here", "Help", "Operations reference", "Maintainers"]);
    expect(links(sidebar.slice(-1))).toEqual(["/guide/maintainers", "/guide/internals-x", "/internals/generated-contract"]);
    // Without maintainer pages or guides there is no empty group.
    expect(siteSidebar(fixture({ "start.md": "# Start\n" })).map((g) => g.text)).toEqual(["More guides"]);
  });

  it("names the file and the field of a malformed placement", () => {
    expect(() => readGuides(fixture({ "x.md": "---\norder: soon\n---\n# X\n" }))).toThrow('docs/guide/x.md: frontmatter "order" must be a number');
    expect(() => readGuides(fixture({ "y.md": "---\ngroup: 3\n---\n# Y\n" }))).toThrow('docs/guide/y.md: frontmatter "group" must be a non-empty string');
  });
});
