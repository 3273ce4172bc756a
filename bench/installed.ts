/**
 * A throwaway project in which both SDKs are installed (symlinked into its node_modules), so the
 * benchmarks import each the way a user's handler does: by package name. Resolving a bare specifier
 * reads the package's package.json and its `exports`, for both SDKs alike; importing a file URL would
 * skip that for the reference (whose entry is `.mjs`) but not for ours (`.js`, so Node reads the
 * package.json to learn its module type), which is not what a user's cold start pays.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");

/** Package names to import, as a user writes them. */
export const SDK_PACKAGES = { ours: "durable-execution-sdk", reference: "@aws/durable-execution-sdk-js" } as const;

let project: string | undefined;

/** The project's directory: created on first call, removed when the process exits. */
export function installedProject(): string {
  if (project !== undefined) return project;
  const dir = mkdtempSync(join(tmpdir(), "durable-bench-"));
  // rm removes the symlinks themselves, never what they point to.
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "durable-bench", private: true, type: "module" }));
  const referenceDir = realpathSync(join(root, "node_modules", SDK_PACKAGES.reference));
  mkdirSync(join(dir, "node_modules/@aws"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", SDK_PACKAGES.ours), "dir");
  symlinkSync(referenceDir, join(dir, "node_modules", SDK_PACKAGES.reference), "dir");
  return (project = dir);
}

/**
 * Installs another build of a package (a directory with its package.json, e.g. an older checkout)
 * beside the two SDKs, under `bench-<name>`, and returns the name to import it by.
 */
export function installAs(name: string, packageDir: string): string {
  const specifier = `bench-${name}`;
  symlinkSync(realpathSync(packageDir), join(installedProject(), "node_modules", specifier), "dir");
  return specifier;
}

/**
 * Bundles bench/cold-child.ts to plain JavaScript in the project (so a sample starts no TypeScript
 * loader; the SDKs stay external and are imported by name) and returns its path. Used by
 * `npm run bench:cold` and `npm run bench:instructions`.
 */
export async function buildColdChild(): Promise<string> {
  const child = join(installedProject(), "cold-child.mjs");
  await build({
    entryPoints: [join(import.meta.dirname, "cold-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: child,
    external: [SDK_PACKAGES.ours, SDK_PACKAGES.reference, "@aws-sdk/*"],
    logLevel: "error",
  });
  return child;
}

/**
 * Runs the child {@link buildColdChild} made once, in a fresh `node` (from the repository's root, with
 * `env`), and returns its sample: the JSON of the last line it printed. `args` are the child's (see
 * bench/cold-child.ts: workload key, SDK kind, specifier).
 */
export function runColdChild<T>(child: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): T {
  const out = execFileSync(process.execPath, [child, ...args], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split("\n").pop()!) as T;
}
