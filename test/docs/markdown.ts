/**
 * Reading the site's Markdown the way VitePress does, for the link checker and the code-block checker:
 * the pages under docs/ (without .vitepress/), their links outside code, the anchors their headings
 * get, and their fenced code blocks.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

export const DOCS_DIR = join(import.meta.dirname, "../../docs");

/** Every page, as a path relative to docs/ with forward slashes (`reference/step.md`). */
export function listPages(dir = DOCS_DIR): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      if (e.name.startsWith(".") || e.name === "node_modules") return [];
      const full = join(d, e.name);
      return e.isDirectory() ? walk(full) : e.name.endsWith(".md") ? [relative(dir, full).split(sep).join("/")] : [];
    });
  return walk(dir).sort();
}

/** VitePress's heading slug (the one its markdown-it anchor plugin uses). */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036F]/g, "")
    .replace(/[\u0000-\u001f]/g, "")
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^(\d)/, "_$1")
    .toLowerCase();
}

/** Lines outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, i) => {
    const open = text.match(/^\s*(`{3,}|~{3,})/);
    if (open) {
      if (!fence) fence = open[1];
      else if (text.trim().startsWith(fence)) fence = undefined;
      return;
    }
    if (!fence) out.push({ line: i + 1, text });
  });
  return out;
}

/** The plain text of inline Markdown (code spans, links, emphasis and HTML entities resolved). */
function plainText(inline: string): string {
  return inline
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|])/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*|__|\*/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

/** The anchors of a page: its headings, made unique the way VitePress does (`x`, `x-1`, `x-2`), and `<a id>`s. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    for (const m of text.replace(/`+[^`]*`+/g, "").matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
    const heading = text.match(/^#{1,6}\s+(.*?)\s*(\{#([^}]+)\})?\s*$/);
    if (!heading) continue;
    if (heading[3]) {
      anchors.add(heading[3]);
      continue;
    }
    const slug = slugify(plainText(heading[1]!));
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

export interface MarkdownLink {
  line: number;
  target: string;
}

/** Markdown links `[text](target)` outside code (fenced blocks and code spans). */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const withoutCode = text.replace(/`+[^`]*`+/g, "");
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) links.push({ line, target: m[1]! });
  }
  return links;
}

/**
 * Resolves a site-internal link of `fromPage` to the page it opens (relative to docs/), or undefined
 * when no page matches. Accepts `x.md`, `x`, `x/`, `/abs/x` and a `#hash` suffix.
 */
export function resolvePage(fromPage: string, target: string, dir = DOCS_DIR): { page?: string; hash?: string } {
  const [pathPart, hash] = target.split("#", 2) as [string, string | undefined];
  if (pathPart === "") return { page: fromPage, hash };
  const base = pathPart.startsWith("/") ? pathPart.slice(1) : posix.join(posix.dirname(fromPage), pathPart);
  const normal = posix.normalize(base).replace(/^\.\/?/, "");
  const candidates = normal === "" || normal.endsWith("/")
    ? [`${normal}index.md`]
    : [normal.endsWith(".md") ? normal : `${normal}.md`, `${normal}/index.md`];
  const page = candidates.find((c) => existsSync(join(dir, c)) && statSync(join(dir, c)).isFile());
  return { page, hash };
}

export interface CodeBlock {
  page: string;
  line: number;
  lang: string;
  code: string;
  /** The info string after the language (` ```ts handler` → `handler`); empty when none. */
  meta?: string;
  /** The text of an HTML comment `<!-- run: … -->` on the line right above the fence, if any. */
  run?: string;
}

/** Fenced code blocks of a page. */
export function codeBlocks(page: string, dir = DOCS_DIR): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = readFileSync(join(dir, page), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^\s*(`{3,})(\S*)\s*(.*)$/);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(open[1]!));
    if (end < 0) throw new Error(`${page}:${i + 1}: unclosed code block`);
    const run = i > 0 ? lines[i - 1]!.match(/^<!--\s*run:\s*([\s\S]*?)\s*-->\s*$/)?.[1] : undefined;
    blocks.push({ page, line: i + 1, lang: open[2]!.split(/[{:]/)[0]!, code: lines.slice(i + 1, end).join("\n"), meta: open[3]!.trim(), run });
    i = end;
  }
  return blocks;
}

const ROOT = join(import.meta.dirname, "../..");
/** The package's import paths, pointed at this repository's sources. */
const PACKAGE_IMPORTS: Record<string, string> = {
  "durable-execution-sdk": join(ROOT, "src/index.js"),
  "durable-execution-sdk/testing": join(ROOT, "src/testing.js"),
  "durable-execution-sdk/otel": join(ROOT, "src/otel.js"),
  "durable-execution-sdk/eslint": join(ROOT, "src/eslint/index.js"),
};

/** The block with `from "durable-execution-sdk…"` pointed at the sources; each block is its own module. */
export function asModule(block: CodeBlock, imports: Record<string, string> = PACKAGE_IMPORTS): string {
  const code = block.code.replace(/from "(durable-execution-sdk(?:\/testing|\/otel|\/eslint)?)"/g, (_, path: string) => `from ${JSON.stringify(imports[path])}`);
  return /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`;
}
