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
 * passes, or when a listed id names no requirement.
 */
import { relative } from "node:path";
import { runRequirement } from "./driver.js";
import { KNOWN_FAILURES } from "./known-failures.js";
import { conformanceDir, loadRequirements, REPO_ROOT } from "./requirements.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const showHistory = args.includes("--history");
const filters = args.filter((arg) => !arg.startsWith("--"));

const { dir, exists, fromEnv } = conformanceDir();
if (!exists) {
  console.log(
    `No conformance requirements at ${dir}${fromEnv ? " (DURABLE_CONFORMANCE_DIR)" : ""}; set DURABLE_CONFORMANCE_DIR to run them. Nothing run.`,
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

const started = performance.now();
let passed = 0;
let failed = 0;
let notPassing = 0;
console.log(`Conformance: ${selected.length} requirement(s) from ${relative(REPO_ROOT, dir) || dir}`);

for (const requirement of selected) {
  const outcome = await runRequirement(requirement);
  const known = KNOWN_FAILURES[requirement.id];
  if (showHistory) console.log(`             ${requirement.category}/${requirement.id} history:\n${summarize(outcome.history)}`);
  const label = `${requirement.category}/${requirement.id}`;
  const time = `${Math.round(outcome.durationMs)} ms`;
  if (outcome.passed && known === undefined) {
    passed++;
    console.log(`PASSED       ${label} (${time})`);
  } else if (outcome.passed) {
    failed++;
    console.log(`FAILED       ${label}: passes but is listed in known-failures.ts ("${known}"); remove the entry`);
  } else if (known !== undefined) {
    notPassing++;
    console.log(`NOT PASSING  ${label}: ${known}`);
    if (verbose) console.log(`             (first mismatch: ${outcome.errors[0]})`);
  } else {
    failed++;
    console.log(`FAILED       ${label}: ${outcome.errors[0] ?? "unknown error"}`);
    for (const more of outcome.errors.slice(1, 4)) console.log(`             ${more}`);
    if (verbose) {
      console.log(`             history: ${JSON.stringify(outcome.history, null, 1)?.replace(/\n/g, "\n             ")}`);
      console.log(`             output:\n${(outcome.output ?? []).map((line) => `               | ${line}`).join("\n")}`);
    }
  }
}

/** One line per event: id, type, subtype, name, ids and the details object. */
function summarize(history: unknown[] | undefined): string {
  return (history ?? [])
    .map((raw) => {
      const { EventId, EventType, SubType, Name, Id, ParentId, EventTimestamp: _time, ...details } = raw as Record<string, unknown>;
      const subject = [SubType, Name && `name=${String(Name)}`, Id && `id=${String(Id)}`, ParentId && `parent=${String(ParentId)}`]
        .filter(Boolean)
        .join(" ");
      return `               ${String(EventId).padStart(3)} ${String(EventType)} ${subject} ${JSON.stringify(Object.values(details)[0])}`;
    })
    .join("\n");
}

if (filters.length === 0) {
  const ids = new Set(all.map((r) => r.id));
  for (const id of Object.keys(KNOWN_FAILURES)) {
    if (!ids.has(id)) {
      failed++;
      console.log(`FAILED       known-failures.ts lists ${id}, which is not a requirement; remove the entry`);
    }
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (notPassing > 0) console.log(`${notPassing} not passing (listed with reasons in test/conformance/known-failures.ts)`);
console.log(`Ran in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
