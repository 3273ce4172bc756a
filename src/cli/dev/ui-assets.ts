/**
 * Where `durable dev` finds its web UI: next to the built CLI (dist/ui, written by `npm run build`),
 * or — when the CLI runs from a source checkout — built in memory from ui/ by ui/build.ts.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assetsFromDirectory, assetsFromMemory, type StaticAssets } from "../../local/http/static-assets.js";

export type UiAssets = { assets: StaticAssets; from: string } | { assets: undefined; reason: string };

/** Finds (or, from a source checkout, builds) the UI's files. */
export async function loadUiAssets(moduleUrl: string = import.meta.url): Promise<UiAssets> {
  const here = dirname(fileURLToPath(moduleUrl));
  const built = join(here, "ui");
  if (existsSync(join(built, "index.html"))) return { assets: assetsFromDirectory(built), from: built };
  // A source checkout: src/cli/dev/ui-assets.ts → <repo>/ui/build.ts.
  const buildScript = join(here, "..", "..", "..", "ui", "build.ts");
  if (existsSync(buildScript)) {
    try {
      const { buildUi } = (await import(pathToFileURL(buildScript).href)) as { buildUi(): Promise<Map<string, Buffer>> };
      return { assets: assetsFromMemory(await buildUi()), from: buildScript };
    } catch (error) {
      return { assets: undefined, reason: `building it from ${buildScript} failed: ${(error as Error).message}` };
    }
  }
  return { assets: undefined, reason: `its files are missing (looked for ${join(built, "index.html")}); reinstall the package` };
}
