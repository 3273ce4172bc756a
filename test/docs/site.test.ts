/**
 * The docs site in a real browser: builds it with `vitepress build`, serves it as `vitepress preview`
 * does, on a port the system picks, and drives the system Chromium through playwright-core. Every page in the sidebar
 * loads with no console error and no failed request, every internal link and anchor resolves, local
 * search finds `waitForCallback` and opens its page, edit links point at each page's single source,
 * and screenshots land in test-artifacts/docs/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSidebar } from "../../docs/api/sidebar.js";
import { referenceSidebar } from "../../docs/reference/sidebar.js";
import { guideSidebar } from "../../docs/.vitepress/guide-sidebar.js";

const root = join(import.meta.dirname, "../..");
const vitepressBin = join(root, "node_modules/vitepress/bin/vitepress.js");
const artifacts = join(root, "test-artifacts/docs");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; repository: { url: string } };
const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitepressBin, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}


/** Serves the built site as `vitepress preview docs` does, on a port the system picks, and prints that port. */
const PREVIEW_ON_FREE_PORT = [
  'const { serve } = await import("vitepress");',
  'const app = await serve({ root: "docs", port: 0 });',
  'const print = () => console.log(`PREVIEW_PORT ${app.server.address().port}`);',
  'if (app.server.listening) print(); else app.server.once("listening", print);',
].join("\n");

/** The port the preview child printed (it fails if the child exits first or prints none within a minute). */
function previewPort(preview: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`vitepress preview printed no port within 60 s:\n${output}`)), 60_000);
    const onExit = (code: number | null) => fail(new Error(`vitepress preview exited with ${code}:\n${output}`));
    function fail(error: Error): void {
      clearTimeout(timer);
      preview.off("exit", onExit);
      reject(error);
    }
    preview.once("exit", onExit);
    preview.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /^PREVIEW_PORT (\d+)$/m.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      preview.off("exit", onExit);
      resolve(Number(port));
    });
  });
}

async function waitForServer(url: string, preview: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (preview.exitCode !== null) throw new Error(`vitepress preview exited with ${preview.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vitepress preview did not answer at ${url}`);
}

/** The little of the DOM the router click needs (the test is compiled without the DOM library). */
interface BrowserDocument {
  createElement(tag: "a"): { setAttribute(name: string, value: string): void; click(): void; remove(): void };
  body: { append(node: unknown): void };
}

type SidebarItem = { text?: string; link?: string; items?: SidebarItem[] };
const flatten = (items: readonly SidebarItem[]): string[] => items.flatMap((i) => [...(i.link ? [i.link] : []), ...flatten(i.items ?? [])]);

interface Visit {
  path: string;
  status: number | undefined;
  title: string;
  problems: string[];
  links: string[];
  ids: string[];
}

/** What one page showed: its internal links and element ids (for the link check). */
async function readPage(page: Page, path: string, status: number | undefined, problems: string[]): Promise<Visit> {
  if (await page.locator(".NotFound").count()) problems.push("rendered the 404 page");
  // Headings end with a zero-width space inside their anchor link.
  const title = (await page.locator(".vp-doc h1, .VPHero .name").first().textContent({ timeout: 10_000 }))?.replace(/\u200b/g, "").trim() ?? "";
  const origin = new URL(page.url()).origin;
  const links = (
    await page.locator(".vp-doc a[href], .VPSidebar a[href], .VPNav a[href], .VPHome a[href]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""))
  )
    .map((href) => new URL(href, page.url()).href)
    .filter((href) => href.startsWith(origin));
  const ids = await page.locator("[id]").evaluateAll((els) => els.map((e) => e.id));
  return { path, status, title, problems: [...problems], links, ids };
}

/** Records console errors/warnings, page errors and failed requests of a tab into `sink`. */
function watch(page: Page, sink: string[]): void {
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") sink.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => sink.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) sink.push(`HTTP ${r.status()} ${r.url()}`);
  });
  // net::ERR_ABORTED is a request the page itself cancelled (VitePress prefetches the chunks of
  // visible links and a navigation cancels those still loading); a missing file shows as an HTTP
  // status above, and any other failure (refused, reset, DNS) still counts.
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") sink.push(`request failed: ${r.url()} ${why}`);
  });
}

/** VitePress puts a class derived from the route on its doc container once the page has rendered. */
const pageClass = (path: string) => path.replace(/[./]+/g, "_").replace(/_html$/, "");

describe("the docs site in Chromium", () => {
  let build: { code: number | null; output: string };
  let preview: ChildProcess | undefined;
  let base = "";
  let userDataDir = "";
  let context: BrowserContext;
  const visits = new Map<string, Visit>();

  beforeAll(async () => {
    build = await run(["build", "docs"]);
    if (build.code !== 0) throw new Error(`vitepress build failed:\n${build.output}`);
    // What `vitepress preview docs` runs, on port 0: the server binds a free port itself and the child
    // prints it (a port picked beforehand and freed could be taken by another process before the child
    // binds it; `vitepress preview --port 0` would only print ":0").
    preview = spawn(process.execPath, ["--input-type=module", "-e", PREVIEW_ON_FREE_PORT], { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    base = `http://127.0.0.1:${await previewPort(preview)}`;
    await waitForServer(`${base}/`, preview);
    userDataDir = mkdtempSync(join(tmpdir(), "durable-docs-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { headless: true, executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    mkdirSync(artifacts, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    preview?.kill();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("builds with no warning", () => {
    expect(build.output).toContain("build complete");
    // Every line of vitepress build's output (Vite/Rollup warnings start with "(!)" or name "warn"ing).
    const warnings = build.output.split("\n").filter((line) => /warn|\(!\)|deprecat/i.test(line));
    expect(warnings).toEqual([]);
  });

  it("every page in the sidebar loads with no console error or failed request", async () => {
    // The sidebar as rendered, read from one page of each section, equals the generated sidebars.
    const page = context.pages()[0] ?? (await context.newPage());
    const rendered = new Set<string>();
    for (const section of ["/guide/getting-started", "/reference/", "/api/"]) {
      await page.goto(base + section, { waitUntil: "load" });
      for (const href of await page.locator(".VPSidebar a[href]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? "")))
        rendered.add(new URL(href, page.url()).pathname);
    }
    const generated = [...flatten(guideSidebar(join(import.meta.dirname, "../../docs/guide"))), ...flatten([referenceSidebar]), ...flatten(apiSidebar)];
    expect([...rendered]).toEqual(expect.arrayContaining(generated));
    expect(rendered.size).toBeGreaterThan(150);

    // Each section is loaded directly (server-rendered HTML hydrated by the client); every other
    // page is opened the way a reader opens it, through the client-side router, in the same tab.
    const problems: string[] = [];
    watch(page, problems);
    const direct = new Set(["/", "/guide/getting-started", "/reference/", "/api/"]);
    for (const path of direct) {
      problems.length = 0;
      const response = await page.goto(base + path, { waitUntil: "load" });
      visits.set(path, await readPage(page, path, response?.status(), problems));
    }
    for (const path of [...rendered].sort()) {
      if (direct.has(path)) continue;
      problems.length = 0;
      // A click on a same-origin link is what VitePress's router intercepts.
      await page.evaluate((href) => {
        const doc = (globalThis as unknown as { document: BrowserDocument }).document;
        const a = doc.createElement("a");
        a.setAttribute("href", href);
        doc.body.append(a);
        a.click();
        a.remove();
      }, path);
      let status: number | undefined = 200;
      try {
        await page.locator(`.vp-doc.${pageClass(path)}`).waitFor({ timeout: 30_000 });
      } catch {
        status = undefined;
        problems.push(`the router did not render ${path}`);
      }
      visits.set(path, await readPage(page, path, status, problems));
    }

    const failures = [...visits.values()].filter((v) => v.status !== 200 || v.problems.length > 0 || v.title === "");
    expect(failures.map((v) => `${v.path} (HTTP ${v.status}, title "${v.title}"): ${v.problems.join("; ")}`)).toEqual([]);
    expect(visits.get("/reference/wait-for-callback")?.title).toBe("context.waitForCallback");
  }, 600_000);

  it("every internal link resolves to a page (no 404) and every anchor to an element", async () => {
    expect(visits.size).toBeGreaterThan(150);
    const broken: string[] = [];
    const statusOf = new Map<string, number>();
    for (const v of visits.values()) {
      for (const href of new Set(v.links)) {
        const url = new URL(href);
        const path = decodeURI(url.pathname);
        const target = visits.get(path);
        if (!target) {
          if (!statusOf.has(path)) statusOf.set(path, (await fetch(base + url.pathname)).status);
          if (statusOf.get(path) !== 200) broken.push(`${v.path} → ${path} (HTTP ${statusOf.get(path)})`);
          continue;
        }
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (anchor && !target.ids.includes(anchor)) broken.push(`${v.path} → ${path}#${anchor} (no such anchor)`);
      }
    }
    expect(broken).toEqual([]);
    // A missing page is reported as such by the server the check relies on.
    expect((await fetch(`${base}/reference/no-such-operation`)).status).toBe(404);
  }, 300_000);

  it("local search finds waitForCallback and opens its page", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`, { waitUntil: "load" });
      await page.locator(".VPNavBarSearch button").first().click();
      await page.locator(".VPLocalSearchBox input").fill("waitForCallback");
      const result = page.locator('.VPLocalSearchBox a.result[href^="/reference/wait-for-callback"]').first();
      await result.waitFor({ timeout: 30_000 });
      await result.click();
      await page.waitForURL(/\/reference\/wait-for-callback/);
      await expect.poll(() => page.locator(".vp-doc h1").first().textContent()).toContain("context.waitForCallback");
    } finally {
      await page.close();
    }
  }, 120_000);

  it("shows the version from package.json and edit links to each page's single source", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${base}/reference/wait-for-callback`, { waitUntil: "load" });
      expect(await page.locator(".VPNav").textContent()).toContain(`v${pkg.version}`);
      expect(await page.locator(".edit-link a").getAttribute("href")).toBe(`${repository}/edit/main/schema/operations/wait-for-callback.yaml`);
      await page.goto(`${base}/api/testing/classes/LocalDurableTestRunner`, { waitUntil: "load" });
      expect(await page.locator(".edit-link a").getAttribute("href")).toBe(`${repository}/edit/main/src/testing/local-durable-test-runner.ts`);
      await page.goto(`${base}/guide/concepts`, { waitUntil: "load" });
      expect(await page.locator(".edit-link a").getAttribute("href")).toBe(`${repository}/edit/main/docs/guide/concepts.md`);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("saves screenshots of the home page (light, dark, mobile), an operation page, a guide page and an API page", async () => {
    const shots: [string, string, { width: number; height: number }, "light" | "dark"][] = [
      ["home-light.png", "/", { width: 1280, height: 900 }, "light"],
      ["home-dark.png", "/", { width: 1280, height: 900 }, "dark"],
      ["home-mobile.png", "/", { width: 390, height: 844 }, "light"],
      ["operation-wait-for-callback.png", "/reference/wait-for-callback", { width: 1280, height: 900 }, "light"],
      ["guide-human-approval.png", "/guide/human-approval", { width: 1280, height: 900 }, "light"],
      ["api-step-config.png", "/api/sdk/interfaces/StepConfig", { width: 1280, height: 900 }, "dark"],
    ];
    for (const [file, path, viewport, colorScheme] of shots) {
      const page = await context.newPage();
      try {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await page.goto(base + path, { waitUntil: "load" });
        expect(await page.locator("html.dark").count()).toBe(colorScheme === "dark" ? 1 : 0);
        const png = await page.screenshot({ path: join(artifacts, file), fullPage: false });
        expect(png.length).toBeGreaterThan(10_000);
      } finally {
        await page.close();
      }
    }
  }, 120_000);
});
