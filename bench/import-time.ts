/**
 * Import time of the SDK in a fresh process (what a Lambda cold start pays): each sample is a new
 * `node` process that times `await import(sdk)` with performance.now(); the SDKs are sampled
 * interleaved (ours, reference, ours, …) so load on the machine hits both alike. Both are imported by
 * package name from a project that has them installed (bench/installed.ts), as a handler does. Prints
 * the median, p25/p75 and min per SDK and the ratio of the medians.
 *
 *   npm run bench:import                                   # dist/ vs the reference, 30 samples each
 *   npx tsx bench/import-time.ts --samples 40 --sdk before=/path/to/old/checkout   # a package directory, by name
 *   npx tsx bench/import-time.ts --sdk before=/path/to/old/dist/index.js             # a file, by file URL
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { benchFlags, builtEntry, namedPath, wholeNumberFlag } from "./args.js";
import { installAs, installedProject, SDK_PACKAGES } from "./installed.js";


function parseArgs(): { samples: number; sdks: [string, string][] } {
  const flags = benchFlags("npx tsx bench/import-time.ts [--samples 30] [--sdk name=<package dir or file>]…", {
    samples: { type: "string" },
    sdk: { type: "string", multiple: true },
  });
  const sdks: [string, string][] = [
    ["ours", SDK_PACKAGES.ours],
    ["reference", SDK_PACKAGES.reference],
  ];
  for (const given of flags.sdk ?? []) {
    const [name, path] = namedPath(given);
    // A package directory is installed beside the SDKs and imported by name, as they are.
    sdks.push([name, statSync(path).isDirectory() ? installAs(name, path) : pathToFileURL(path).href]);
  }
  return { samples: wholeNumberFlag("samples", flags.samples, 30), sdks };
}

/** One fresh process: milliseconds spent in `await import(specifier)` (a package name or a file URL). */
function sample(specifier: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: installedProject(), encoding: "utf8" }));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;

function main(): void {
  const { samples, sdks } = parseArgs();
  builtEntry("bench:import");
  const times = new Map<string, number[]>(sdks.map(([name]) => [name, []]));
  for (const [, url] of sdks) sample(url); // warm the file cache once
  for (let i = 0; i < samples; i++) for (const [name, url] of sdks) times.get(name)!.push(sample(url));
  const medians = new Map<string, number>();
  console.log(`import time in a fresh process, ${samples} interleaved samples each (ms)`);
  for (const [name, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    medians.set(name, quantile(sorted, 0.5));
    console.log(
      `  ${name.padEnd(10)} median ${quantile(sorted, 0.5).toFixed(1)}  p25 ${quantile(sorted, 0.25).toFixed(1)}  p75 ${quantile(sorted, 0.75).toFixed(1)}  min ${sorted[0]!.toFixed(1)}`,
    );
  }
  const reference = medians.get("reference")!;
  for (const [name, median] of medians) if (name !== "reference") console.log(`  ${name} / reference: ${(median / reference).toFixed(2)}×`);
}

main();
