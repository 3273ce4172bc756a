/**
 * `npm run test:conformance`: runs every conformance requirement on the local durable service and
 * prints one line per requirement and the totals. The last line is always `N passed, N failed`.
 *
 * Usage: tsx test/conformance/run.ts [--verbose] [--history] [id | category ...]
 *   --verbose  print the actual history and captured output of each failing requirement
 *   --history  print a one-line-per-event summary of every requirement's actual history
 *   id         run only these requirements (e.g. 1-12) or categories (e.g. step)
 *
 * Exit status 1 when a requirement fails that is not listed in known-failures.ts, when a listed one
 * passes, or when the table lists an id that names no requirement.
 */
import { relative } from "node:path";
import { runRequirement, type RequirementResult } from "./driver.js";
import { KNOWN_FAILURES } from "./known-failures.js";
import { failsRun, tableProblems, verdict, withDeadline } from "./report.js";
import { conformanceDir, loadRequirements, REPO_ROOT, type Requirement } from "./requirements.js";

/** Real-time limit per requirement (a hung handler must not stall the whole suite). */
const REQUIREMENT_DEADLINE_MS = 30_000;
const INDENT = " ".repeat(27);

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const showHistory = args.includes("--history");
const filters = args.filter((arg) => !arg.startsWith("--"));

const { dir, exists, fromEnv } = conformanceDir();
if (!exists) {
  console.log(
    fromEnv
      ? `DURABLE_CONFORMANCE_DIR=${dir} does not exist; no conformance requirement run.`
      : `No conformance requirements at ${dir}; set DURABLE_CONFORMANCE_DIR to run them. Nothing run.`,
  );
  process.exit(0);
}

const all = loadRequirements(dir);
const selected = filters.length === 0 ? all : all.filter((r) => filters.includes(r.id) || filters.includes(r.category));
if (selected.length === 0) {
  console.log(`No requirement matches ${filters.join(" ")}.`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/** One line per event: id, type, subtype, name, ids and the details object. */
function summarize(history: unknown[] | undefined): string {
  return (history ?? [])
    .map((raw) => {
      const { EventId, EventType, SubType, Name, Id, ParentId, EventTimestamp: _time, ...details } = raw as Record<string, unknown>;
      const subject = [SubType, Name && `name=${String(Name)}`, Id && `id=${String(Id)}`, ParentId && `parent=${String(ParentId)}`]
        .filter(Boolean)
        .join(" ");
      return `${INDENT}  ${String(EventId).padStart(3)} ${String(EventType)} ${subject} ${JSON.stringify(Object.values(details)[0])}`;
    })
    .join("\n");
}

async function run(requirement: Requirement): Promise<RequirementResult> {
  const started = performance.now();
  try {
    return await withDeadline(runRequirement(requirement), REQUIREMENT_DEADLINE_MS, requirement.id);
  } catch (error) {
    return { id: requirement.id, passed: false, errors: [(error as Error).message], durationMs: performance.now() - started };
  }
}

const started = performance.now();
let passed = 0;
let failed = 0;
let notPassing = 0;
console.log(`Conformance: ${selected.length} requirement(s) from ${relative(REPO_ROOT, dir) || dir}`);

for (const requirement of selected) {
  const outcome = await run(requirement);
  const reason = KNOWN_FAILURES[requirement.id];
  const label = `${requirement.category}/${requirement.id}`.padEnd(26);
  const v = verdict(outcome.passed, reason);
  if (showHistory) console.log(`${INDENT}${label} history:\n${summarize(outcome.history)}`);
  if (v === "PASSED") {
    passed++;
    console.log(`${label} PASSED (${Math.round(outcome.durationMs)} ms)`);
  } else if (v === "NOT_PASSING") {
    notPassing++;
    console.log(`${label} NOT PASSING: ${reason}`);
    if (verbose) console.log(`${INDENT}(first mismatch: ${outcome.errors[0]})`);
  } else if (v === "UNEXPECTEDLY_PASSED") {
    console.log(`${label} FAILED: passes but is listed in known-failures.ts ("${reason}"); remove the entry`);
  } else {
    console.log(`${label} FAILED: ${outcome.errors[0] ?? "unknown error"}`);
    for (const more of outcome.errors.slice(1, 4)) console.log(`${INDENT}${more}`);
    if (verbose) {
      console.log(`${INDENT}history:\n${summarize(outcome.history)}`);
      console.log(`${INDENT}output:\n${(outcome.output ?? []).map((line) => `${INDENT}  | ${line}`).join("\n")}`);
    }
  }
  if (failsRun(v)) failed++;
}

if (filters.length === 0) {
  for (const problem of tableProblems(KNOWN_FAILURES, all.map((r) => r.id))) {
    failed++;
    console.log(`FAILED: ${problem}`);
  }
}

if (notPassing > 0) console.log(`${notPassing} not passing (listed with reasons in test/conformance/known-failures.ts)`);
console.log(`Ran in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
