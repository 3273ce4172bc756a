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
