/**
 * The "Guides" part of the sidebar, built from the files in docs/guide/: every `*.md` there appears
 * without editing the site config. A guide places itself with frontmatter:
 *
 * ```yaml
 * ---
 * group: Testing        # the sidebar group (one of GROUP_ORDER, or any new name: new groups go last)
 * order: 20             # position inside the group, ascending (ties: by title)
 * sidebarTitle: Testing # the link text (default: the page's first `# ` heading, else the file name)
 * ---
 * ```
 *
 * A guide without frontmatter lands in its default group (DEFAULT_GROUPS, by file name, else "More
 * guides") after the guides that set an order.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { DefaultTheme } from "vitepress";

/**
 * The order of the sidebar groups, the reading order of the site: first steps, the concepts, each
 * operation in practice, testing, the tools, deploying and running in production, help, and last the
 * maintainers' pages. A group not listed here comes after these, by name (and before "Maintainers").
 */
export const GROUP_ORDER = [
  "Start here",
  "Concepts",
  "Operations in practice",
  "Testing",
  "Tools and integrations",
  "Deploy and production",
  "Help",
  "Maintainers",
] as const;
/** The group that always comes last (its pages are for people changing this repository). */
export const MAINTAINERS_GROUP = "Maintainers";

/** Where a guide without a `group` goes, by file name (stem). */
const DEFAULT_GROUPS: Record<string, string> = {
  cli: "Tools and integrations",
  "dev-server": "Tools and integrations",
  "dev-server-ui": "Tools and integrations",
  eslint: "Tools and integrations",
  plugins: "Tools and integrations",
  otel: "Tools and integrations",
  "cloud-test-runner": "Testing",
  testing: "Testing",
};
const FALLBACK_GROUP = "More guides";
const UNORDERED = 1000;

export interface GuidePage {
  /** File stem (`getting-started`). */
  stem: string;
  link: string;
  text: string;
  group: string;
  order: number;
}

/** The frontmatter block of a page (empty when it has none). */
function frontmatter(markdown: string, file: string): Record<string, unknown> {
  const m = markdown.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n/);
  if (!m) return {};
  const data: unknown = parse(m[1]!);
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) throw new Error(`${file}: frontmatter must be a YAML mapping`);
  return data as Record<string, unknown>;
}

/** Reads every guide's placement. Throws, naming the file and the field, on a malformed value. */
export function readGuides(dir: string): GuidePage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .map((file) => {
      const markdown = readFileSync(join(dir, file), "utf8");
      const data = frontmatter(markdown, `docs/guide/${file}`);
      const stem = file.slice(0, -3);
      const { group, order, sidebarTitle, title } = data;
      if (group !== undefined && (typeof group !== "string" || group.trim() === ""))
        throw new Error(`docs/guide/${file}: frontmatter "group" must be a non-empty string (e.g. group: Testing)`);
      if (order !== undefined && (typeof order !== "number" || !Number.isFinite(order)))
        throw new Error(`docs/guide/${file}: frontmatter "order" must be a number (e.g. order: 20)`);
      if (sidebarTitle !== undefined && typeof sidebarTitle !== "string")
        throw new Error(`docs/guide/${file}: frontmatter "sidebarTitle" must be a string`);
      const heading = markdown.match(/^#\s+(.+?)\s*$/m)?.[1]?.replace(/`/g, "");
      const text = (sidebarTitle as string | undefined) ?? (typeof title === "string" ? title : undefined) ?? heading ?? stem;
      return {
        stem,
        link: `/guide/${stem}`,
        text,
        group: (group as string | undefined) ?? DEFAULT_GROUPS[stem] ?? FALLBACK_GROUP,
        order: (order as number | undefined) ?? UNORDERED,
      };
    });
}

function groupRank(group: string): number {
  if (group === MAINTAINERS_GROUP) return GROUP_ORDER.length + 1;
  const i = (GROUP_ORDER as readonly string[]).indexOf(group);
  return i >= 0 ? i : GROUP_ORDER.length;
}

/**
 * The whole sidebar of the guide, reference and internals pages: the guide groups, then `middle` (the
 * generated operations reference), then the "Maintainers" group — its guides followed by `maintainerPages`
 * (hand-written pages outside docs/guide) — so Maintainers is always last.
 */
export function siteSidebar(
  dir: string,
  { collapsed = false, middle = [], maintainerPages = [] }: { collapsed?: boolean; middle?: DefaultTheme.SidebarItem[]; maintainerPages?: DefaultTheme.SidebarItem[] } = {},
): DefaultTheme.SidebarItem[] {
  const groups = guideSidebar(dir, { collapsed });
  const guidesFirst = groups.filter((g) => g.text !== MAINTAINERS_GROUP);
  const maintainerGuides = groups.find((g) => g.text === MAINTAINERS_GROUP)?.items ?? [];
  const maintainers = [...maintainerGuides, ...maintainerPages];
  return [...guidesFirst, ...middle, ...(maintainers.length ? [{ text: MAINTAINERS_GROUP, collapsed: true, items: maintainers }] : [])];
}

/**
 * The sidebar groups of the guides, in GROUP_ORDER then by name; pages by order then title. `collapsed`
 * folds the groups (used on the reference pages, where the operations come first to the eye).
 */
export function guideSidebar(dir: string, { collapsed = false }: { collapsed?: boolean } = {}): DefaultTheme.SidebarItem[] {
  const byGroup = new Map<string, GuidePage[]>();
  for (const page of readGuides(dir)) byGroup.set(page.group, [...(byGroup.get(page.group) ?? []), page]);
  return [...byGroup.entries()]
    .sort(([a], [b]) => groupRank(a) - groupRank(b) || a.localeCompare(b))
    .map(([group, pages]) => ({
      text: group,
      collapsed,
      items: pages
        .sort((a, b) => a.order - b.order || a.text.localeCompare(b.text))
        .map((p) => ({ text: p.text, link: p.link })),
    }));
}
