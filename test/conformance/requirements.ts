/**
 * Finding and loading the conformance requirements. The directory comes from
 * `DURABLE_CONFORMANCE_DIR`, or defaults to `../shared/conformance` next to the repository root.
 * Only the tests read it; the package never does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const HANDLERS_DIR = join(dirname(fileURLToPath(import.meta.url)), "handlers");

/** The requirement YAML keys the harness acts on (the rest is prose or informational). */
export interface RequirementDocument {
  description?: string;
  handler?: string;
  invocations?: string;
  Input?: unknown;
  Variables?: Record<string, unknown>;
  AsyncInvoke?: boolean;
  CallbackActions?: unknown[];
  ExpectedResult?: { ExecutionStatus?: string; Result?: unknown } | null;
  ExpectedExecutionHistory?: unknown[];
  ExpectedLogs?: unknown[];
  optional?: boolean;
}

export interface Requirement {
  /** File stem, e.g. "1-12". */
  id: string;
  /** Folder under the conformance directory, e.g. "step". */
  category: string;
  file: string;
  doc: RequirementDocument;
}

/** The conformance directory to use, and whether it exists. */
export function conformanceDir(env: NodeJS.ProcessEnv = process.env): { dir: string; exists: boolean; fromEnv: boolean } {
  const fromEnv = env.DURABLE_CONFORMANCE_DIR !== undefined && env.DURABLE_CONFORMANCE_DIR !== "";
  const dir = resolve(REPO_ROOT, fromEnv ? env.DURABLE_CONFORMANCE_DIR! : "../shared/conformance");
  return { dir, exists: existsSync(dir) && statSync(dir).isDirectory(), fromEnv };
}

function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".yaml")) found.push(path);
  }
  return found;
}

/** Natural order of ids: "1-2" before "1-10", categories by their numeric prefix. */
export function compareIds(a: string, b: string): number {
  const pa = a.split("-").map(Number);
  const pb = b.split("-").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

export function loadRequirements(dir: string): Requirement[] {
  return yamlFiles(dir)
    .map((file) => {
      const doc = (parse(readFileSync(file, "utf8")) ?? {}) as RequirementDocument;
      const category = relative(dir, dirname(file)).split(/[\\/]/)[0] || ".";
      return { id: basename(file, ".yaml"), category, file, doc };
    })
    .sort((a, b) => compareIds(a.id, b.id));
}

/** Where the handler of a requirement lives: `handlers/<category>/<id>.ts`. */
export function handlerPath(requirement: Pick<Requirement, "category" | "id">): string {
  return join(HANDLERS_DIR, requirement.category, `${requirement.id}.ts`);
}
