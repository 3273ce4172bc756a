/**
 * Every `durable …` command the hand-written guides and the README show (in shell blocks and in
 * inline code) names a real sub-command and only options that sub-command declares, as its
 * `durable <command> --help` lists them. A guide that shows a renamed or invented flag fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { DOCS_DIR, listPages } from "./markdown.js";

const ROOT = join(import.meta.dirname, "../..");

interface Shown {
  where: string;
  text: string;
}

/** The `durable …` commands of one Markdown file: lines of shell blocks, and inline code spans. */
function durableCommands(where: string, markdown: string): Shown[] {
  const found: Shown[] = [];
  const lines = markdown.split("\n");
  let fence: string | undefined;
  let shell = false;
  for (const [i, line] of lines.entries()) {
    const open = /^\s*(`{3,})(\S*)/.exec(line);
    if (open && fence === undefined) {
      fence = open[1];
      shell = ["sh", "bash", "shell", "console"].includes(open[2]!);
      continue;
    }
    if (fence !== undefined && line.trim().startsWith(fence)) {
      fence = undefined;
      continue;
    }
    if (fence !== undefined) {
      if (!shell) continue;
      const code = line.replace(/\s#\s.*$/, "");
      for (const match of code.matchAll(/(?:^|[\s($])(?:npx\s+)?durable\s+([^|;&)]*)/g)) found.push({ where: `${where}:${i + 1}`, text: match[1]!.trim() });
      continue;
    }
    for (const span of line.matchAll(/`(?:npx\s+)?durable\s+([^`]+)`/g)) found.push({ where: `${where}:${i + 1}`, text: span[1]!.trim() });
  }
  return found;
}

const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true } } as never, () => {});
const commands = new Map(program.commands.map((command: Command) => [command.name(), command]));

/** The problems of one shown command: an unknown sub-command, or options the sub-command does not have. */
function problemsOf(shown: Shown): string[] {
  const words = shown.text.split(/\s+/);
  const name = words[0]!;
  // `durable --help`, `durable <command> --help`, and the guide's `durable …` placeholder
  if (name.startsWith("-") || name.startsWith("<") || name === "…") return [];
  const command = commands.get(name);
  if (!command) return [`${shown.where}: \`durable ${shown.text}\`: no command "${name}"`];
  const known = new Set(command.options.flatMap((option) => [option.long, option.short]).filter(Boolean));
  known.add("--help").add("-h");
  return words
    .slice(1)
    .filter((word) => /^--?[a-z]/.test(word))
    .map((word) => word.replace(/^\[/, "").split("=")[0]!.replace(/[\]|,.]+$/, ""))
    .filter((flag) => !known.has(flag))
    .map((flag) => `${shown.where}: \`durable ${shown.text}\`: durable ${name} has no option ${flag}`);
}

const sources: [string, string][] = [
  ["README.md", readFileSync(join(ROOT, "README.md"), "utf8")],
  ...listPages()
    .filter((page) => page.startsWith("guide/"))
    .map((page): [string, string] => [`docs/${page}`, readFileSync(join(DOCS_DIR, page), "utf8")]),
];
const shown = sources.flatMap(([where, text]) => durableCommands(where, text));

describe("durable commands shown in the README and the guides", () => {
  it("in the guides, run only files a user has: their own, not this repository's examples/ or test/", () => {
    // The guides are read by people who installed the package, which ships dist/ only.
    const repositoryPaths = shown.filter((s) => s.where.startsWith("docs/") && /(^|\s)(\.\/)?(examples|test|src\/cli|bench)\//.test(s.text));
    expect(repositoryPaths.map((s) => `${s.where}: durable ${s.text}`)).toEqual([]);
  });

  it("include `durable list` without --function, which lists the executions of every function durable dev serves", () => {
    // durable dev answers ListFunctions (test/cli/cli-bin.test.ts lists without --function); the
    // CLI guide once told users to give --function there.
    const cliGuide = shown.filter((s) => s.where.startsWith("docs/guide/cli.md:"));
    expect(cliGuide.map((s) => s.text)).toContain("list");
    expect(readFileSync(join(DOCS_DIR, "guide/cli.md"), "utf8")).not.toMatch(/durable dev` does not/);
  });

  it("are found, for every sub-command", () => {
    expect(shown.length).toBeGreaterThan(20);
    const named = new Set(shown.map((s) => s.text.split(/\s+/)[0]));
    for (const name of commands.keys()) expect({ name, shown: named.has(name) }).toEqual({ name, shown: true });
  });

  it("name real sub-commands and only their options", () => {
    expect(shown.flatMap(problemsOf)).toEqual([]);
  });
});
