/**
 * The plugin runner builds its hook members in a loop over its HOOKS list, and the compiler still checks
 * them (src/runtime/plugins/runner.ts): a hook name the plugin contract does not have, a contract hook
 * left out of HOOKS, a wrap* member that does not answer what its `fn` answers and member types that do
 * not fit the contract's signatures are type errors. Each case compiles a copy of runner.ts with one such
 * deliberate mistake, marked `@ts-expect-error` on the line that must fail: a copy that compiles clean
 * proves the error is there (an unused directive is itself an error). The same copies without the
 * directives must report the error the case is about, so a directive cannot hide an unrelated one.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheckSources } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");
const runnerPath = join(root, "src/runtime/plugins/runner.ts");
/** runner.ts, its relative imports made absolute so that a copy compiles anywhere. */
const source = readFileSync(runnerPath, "utf8").replace(/from "(\.\.?\/[^"]+)"/g, (_all, relative: string) => `from ${JSON.stringify(join(dirname(runnerPath), relative))}`);

/** One deliberate mistake: `from` (found once in runner.ts) becomes `to`. */
interface Mistake {
  what: string;
  from: string;
  to: string;
  /** Lines (each found once in the mistaken copy) that must fail and nothing else: a directive goes above each. */
  marks: string[];
  /** What the copy without directives must report. */
  reports: RegExp;
}

const mistakes: Mistake[] = [
  {
    what: "a misspelt hook in HOOKS",
    from: '  "onOperationChange",\n',
    to: '  "onOperationChange",\n  "onOperationChagne",\n',
    // The name also fails everywhere a plugin is indexed with it: no single line to mark.
    marks: [],
    reports: /"onOperationChagne"' is not assignable to type 'keyof DurableInstrumentationPlugin'/,
  },
  {
    what: "a hook of the contract left out of HOOKS",
    from: '  "onOperationChange",\n',
    to: "",
    marks: ["type Hook = EveryHookListed<"],
    reports: /"onOperationChange".*constraint 'never'/,
  },
  {
    what: "a wrap* member that does not answer what its fn answers",
    from: "=> wrap(hook, info, fn)",
    to: "=> void wrap(hook, info, fn)",
    marks: ["    if (isWrapHook(hook))"],
    reports: /not assignable/,
  },
  {
    what: "wrap* members typed loosely (any answer), against the contract's wrapInvocation",
    from: "type WrapMember = <Output>(info: unknown, fn: () => Output) => Output;",
    to: "type WrapMember = (info: unknown, fn: () => unknown) => unknown;",
    marks: ['  if (!defines("enrichLogContext")) return runner;', "  return runner;\n}"],
    reports: /wrapInvocation/,
  },
];

/** `text` with `from` replaced by `to` (which must be there once). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  expect(at, `runner.ts no longer contains ${JSON.stringify(from)}: update this test`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1)).toBe(-1);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function mistaken(mistake: Mistake, directives: boolean): string {
  let copy = replaceOnce(source, mistake.from, mistake.to);
  if (directives) for (const mark of mistake.marks) copy = replaceOnce(copy, mark, `// @ts-expect-error ${mistake.what}\n${mark}`);
  return copy;
}

describe("the plugin runner's hooks are checked by the compiler", () => {
  // One program for every copy (a program each would take seconds apiece).
  let diagnostics: string[][] | undefined;
  const check = () =>
    (diagnostics ??= typecheckSources([source, ...mistakes.map((m) => mistaken(m, true)), ...mistakes.map((m) => mistaken(m, false))]));

  it("runner.ts as it is compiles clean", () => {
    expect(check()[0]).toEqual([]);
  }, 120_000);

  it.each(mistakes.map((m, i) => [m.what, i] as const))("%s is a type error", (_what, i) => {
    const all = check();
    // With the directives: the marked lines fail (else "Unused '@ts-expect-error' directive") and nothing else does.
    if (mistakes[i]!.marks.length > 0) expect(all[1 + i]).toEqual([]);
    // Without them: the error this case is about.
    const reported = all[1 + mistakes.length + i]!;
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.some((message) => mistakes[i]!.reports.test(message.replace(/\n/g, " ")))).toBe(true);
  }, 120_000);
});
