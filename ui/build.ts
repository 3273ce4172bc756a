/**
 * Builds the web UI of `durable dev`: ui/src/main.ts bundled by esbuild into one minified script
 * (app.js, no runtime dependency), plus the static files of ui/public (index.html, styles.css,
 * favicon.svg). `npm run build` writes them to dist/ui (tsup.config.ts calls this); `durable dev`
 * run from a source checkout builds them in memory (src/cli/dev/ui-assets.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The most app.js may weigh, in bytes (minified, as buildUi writes it; test/ui/app-size.test.ts fails
 * above it). Every `durable dev` user's browser loads it, and it has no dependency: it only grows
 * with the UI's own code. On 2026-12-06 it was 37 074 B; the budget leaves about 2.9 KB (8 %) for
 * small changes, while a dependency or a module of the SDK or the local service bundled by mistake
 * (tens of KB) fails at once. Raise it on purpose, in the commit that needs it, saying what the bytes
 * bought, as BUNDLE_BUDGET_BYTES' history in bench/size.ts does for the SDK bundle.
 */
export const APP_JS_BUDGET_BYTES = 40_000;

/** The UI's files by name; written to `outDir` when given. */
export async function buildUi(outDir?: string): Promise<Map<string, Buffer>> {
  const result = await build({
    entryPoints: [join(here, "src/main.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "app.js",
    logLevel: "silent",
  });
  const files = new Map<string, Buffer>();
  for (const output of result.outputFiles) files.set("app.js", Buffer.from(output.contents));
  const publicDir = join(here, "public");
  for (const name of readdirSync(publicDir)) files.set(name, readFileSync(join(publicDir, name)));
  if (outDir !== undefined) {
    mkdirSync(outDir, { recursive: true });
    for (const [name, body] of files) writeFileSync(join(outDir, name), body);
  }
  return files;
}
