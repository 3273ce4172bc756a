/**
 * The web UI's files served by the local HTTP service next to the Lambda routes: `/` redirects to
 * `/ui/`, `/ui/` is the UI's index.html and `/ui/<file>` its other files. The UI itself talks to the
 * service only through the Lambda API routes (no side door), so it needs no route of its own.
 */
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { SERVICE_MESSAGES } from "../../generated/service-errors.js";
import type { ApiResponse } from "./routes.js";

/** One file of the UI. */
export interface StaticAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Where the UI's files come from: `get("index.html")`, `get("app.js")`, … (undefined: no such file). */
export interface StaticAssets {
  get(file: string): StaticAsset | undefined;
}

/** The URL prefix of the UI. */
export const UI_PREFIX = "/ui/";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** The content type of a file name (application/octet-stream when unknown). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** Only plain relative names: no "..", no absolute paths, no hidden files, no backslashes. */
function isSafeName(file: string): boolean {
  if (file.length === 0 || file.includes("\\") || file.includes("\0")) return false;
  return file.split("/").every((part) => part.length > 0 && !part.startsWith("."));
}

/** The files of a directory (read on each request, so a rebuilt UI shows without a restart). */
export function assetsFromDirectory(directory: string): StaticAssets {
  const root = normalize(directory + sep);
  return {
    get(file) {
      if (!isSafeName(file)) return undefined;
      const path = normalize(join(root, file));
      if (!path.startsWith(root)) return undefined;
      try {
        if (!statSync(path).isFile()) return undefined;
        return { body: readFileSync(path), contentType: contentTypeOf(path) };
      } catch {
        return undefined;
      }
    },
  };
}

/** Files held in memory (e.g. built on the fly), by name. */
export function assetsFromMemory(files: ReadonlyMap<string, Buffer | string>): StaticAssets {
  return {
    get(file) {
      if (!isSafeName(file)) return undefined;
      const body = files.get(file);
      if (body === undefined) return undefined;
      return { body: typeof body === "string" ? Buffer.from(body) : body, contentType: contentTypeOf(file) };
    },
  };
}

/**
 * Scripts, styles and requests only from the server itself; no framing (clickjacking), no inline
 * script; images may be data: URLs (the icon).
 */
const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

function text(status: number, message: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS, ...headers }, body: message };
}

/**
 * The answer for a UI path, or undefined when the path is not the UI's (then it is a Lambda route).
 * Only GET and HEAD are served; `/` and `/ui` redirect to `/ui/`.
 */
export function serveStatic(method: string, pathname: string, assets: StaticAssets): ApiResponse | undefined {
  const isRoot = pathname === "/" || pathname === "";
  if (!isRoot && pathname !== "/ui" && !pathname.startsWith(UI_PREFIX)) return undefined;
  if (method !== "GET" && method !== "HEAD") return text(405, SERVICE_MESSAGES.MethodNotAllowedException.wrongMethod("The web UI", "GET", method), { Allow: "GET, HEAD" });
  if (isRoot || pathname === "/ui") return text(302, `The web UI is at ${UI_PREFIX}`, { Location: UI_PREFIX });
  let file: string;
  try {
    file = decodeURIComponent(pathname.slice(UI_PREFIX.length)) || "index.html";
  } catch {
    return text(400, SERVICE_MESSAGES.InvalidParameterValueException.malformedPercentEncoding(pathname));
  }
  const asset = assets.get(file);
  if (!asset) return text(404, `The web UI has no file ${JSON.stringify(file)}; open ${UI_PREFIX}`);
  return { status: 200, headers: { "content-type": asset.contentType, ...SECURITY_HEADERS }, body: method === "HEAD" ? "" : asset.body };
}
