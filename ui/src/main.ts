/**
 * The durable dev web UI: a hash router over two pages (the executions list and one execution),
 * each refreshed by polling the Lambda API while the tab is visible.
 */
import { ApiError } from "./api.js";
import { h, replace } from "./dom.js";
import { executionPage } from "./pages/execution.js";
import { listPage } from "./pages/list.js";
import type { Page } from "./pages/page.js";

const POLL_MS = 1000;

const main = document.getElementById("app")!;
const live = document.getElementById("live")!;
let current: { page: Page; route: string } | undefined;
let timer: number | undefined;
let generation = 0;

function route(): string {
  return window.location.hash.replace(/^#/, "") || "/";
}

function pageFor(path: string): Page {
  const match = /^\/execution\/(.+)$/.exec(path);
  if (match) {
    try {
      return executionPage(decodeURIComponent(match[1]!));
    } catch {
      // a malformed link: fall back to the list
    }
  }
  return listPage();
}

function setLive(ok: boolean, text: string): void {
  live.className = `live ${ok ? "live-ok" : "live-bad"}`;
  live.title = text;
  replace(live, h("span", { class: "live-dot" }), ok ? "Live" : "Offline");
}

async function tick(own: number): Promise<void> {
  if (!current || own !== generation) return;
  try {
    await current.page.refresh();
    setLive(true, `Updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    if (own !== generation) return;
    const next = current.page.showError(error);
    // Only a request that got no answer means the server is gone; an error answer (a 404 for an
    // unknown execution, a 400) comes from a server that is up.
    const unreachable = !(error instanceof ApiError) || error.status === 0;
    setLive(!unreachable, unreachable ? (error as Error).message : `The server answered: ${(error as Error).message}`);
    if (next === "stop") return;
  }
  if (own !== generation) return;
  timer = window.setTimeout(() => {
    if (document.visibilityState === "visible") void tick(own);
    else timer = window.setTimeout(() => void tick(own), POLL_MS);
  }, POLL_MS);
}

function navigate(): void {
  const path = route();
  if (current?.route === path) return;
  generation++;
  if (timer !== undefined) window.clearTimeout(timer);
  const page = pageFor(path);
  current = { page, route: path };
  replace(main, page.element);
  document.title = `${page.title} · durable dev`;
  window.scrollTo(0, 0);
  void tick(generation);
}

window.addEventListener("hashchange", navigate);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && current) {
    generation++;
    if (timer !== undefined) window.clearTimeout(timer);
    void tick(generation);
  }
});
document.getElementById("endpoint")!.textContent = window.location.host;
navigate();
