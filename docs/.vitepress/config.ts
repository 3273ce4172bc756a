/**
 * The docs site (VitePress). Sidebars of generated pages come from generated files: docs/reference/sidebar.ts
 * (codegen, from the schema) and docs/api/sidebar.ts (TypeDoc, from the TSDoc). Nothing is loaded from a
 * CDN at run time: local search, no external fonts or scripts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type DefaultTheme } from "vitepress";
import { referenceSidebar, referenceSources } from "../reference/sidebar";
import { apiSidebar, apiSources } from "../api/sidebar";
import { siteSidebar } from "./guide-sidebar";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  description: string;
  repository: { url: string };
};
/** `https://github.com/owner/name` from package.json `repository` (with or without `git+`/`.git`). */
const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

/** Generated pages are edited through their single source (schema or TSDoc), hand-written ones directly. */
function sourceOf(relativePath: string): string {
  return referenceSources[relativePath] ?? apiSources[relativePath] ?? `docs/${relativePath}`;
}

/**
 * Every docs/guide/*.md, grouped and ordered by its frontmatter (see guide-sidebar.ts), then the
 * operations reference, then the Maintainers group (its guides and the internals pages) last.
 */
const guideDir = fileURLToPath(new URL("../guide", import.meta.url));
const internals: DefaultTheme.SidebarItem[] = [{ text: "The generated contract", link: "/internals/generated-contract" }];
const sidebar = (collapsed: boolean) => siteSidebar(guideDir, { collapsed, middle: [referenceSidebar], maintainerPages: internals });

export default defineConfig({
  title: "durable-execution-sdk",
  description: pkg.description,
  lang: "en-US",
  cleanUrls: true,
  lastUpdated: false,
  appearance: true,
  srcExclude: ["**/README.md"],
  head: [
    ["link", { rel: "icon", type: "image/svg+xml", href: "/logo.svg" }],
    ["meta", { name: "theme-color", content: "#3c8772" }],
  ],
  // The local search index is one lazily loaded chunk, fetched only when the search box opens, so the
  // default 500 kB warning does not apply to it. It grows with the pages: about 550 kB at ~200 pages,
  // 1 025 kB at 292 (2026-12-05). The limit leaves it room; every other chunk is far below it.
  vite: { build: { chunkSizeWarningLimit: 1536 } },
  transformPageData(pageData) {
    pageData.frontmatter.editUrl = `${repository}/edit/main/${sourceOf(pageData.relativePath)}`;
  },
  themeConfig: {
    logo: "/logo.svg",
    nav: [
      { text: "Guide", link: "/guide/getting-started", activeMatch: "^/guide/" },
      { text: "Operations", link: "/reference/", activeMatch: "^/reference/" },
      { text: "API", link: "/api/", activeMatch: "^/api/" },
      {
        text: `v${pkg.version}`,
        items: [
          { text: "Changelog", link: `${repository}/blob/main/CHANGELOG.md` },
          { text: "npm", link: "https://www.npmjs.com/package/durable-execution-sdk" },
        ],
      },
    ],
    sidebar: {
      "/guide/": sidebar(false),
      "/reference/": sidebar(true),
      "/internals/": sidebar(true),
      "/api/": apiSidebar,
    },
    search: { provider: "local" },
    editLink: {
      // Serialized to the client, so it may only use its argument: transformPageData below puts the URL there.
      pattern: (page) => String(page.frontmatter.editUrl),
      text: "Edit this page",
    },
    socialLinks: [{ icon: "github", link: repository }],
    outline: { level: [2, 3] },
    footer: { message: "Released under the Apache-2.0 License.", copyright: `durable-execution-sdk v${pkg.version}` },
  },
});
