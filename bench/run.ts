/**
 * `npm run bench`: every workload on the reference SDK and on ours in one run; prints a table of
 * time, checkpoint calls and heap with our/reference ratios and whether each target holds.
 * Usage: npm run bench [-- --only <substring>] [-- --markdown]
 */
import { benchFlags } from "./args.js";
import { compareWorkload, type Measurement, type Workload } from "./harness.js";
import { compareTestRunners } from "./test-runner.js";
import { fiftyWaits, mapThousand, parallelTwoHundred, replay10k, sequentialIoSteps, sequentialSteps } from "./workloads.js";

interface Row {
  key: string;
  workload: Workload;
  target: string;
  check: (ours: Measurement, reference: Measurement) => boolean;
  extra?: (ours: Measurement, reference: Measurement) => string;
}

const rows: Row[] = [
  { key: "sequentialSteps", workload: sequentialSteps, target: "time ≤ 0.25×", check: (o, r) => o.ms <= 0.25 * r.ms },
  { key: "sequentialIoSteps", workload: sequentialIoSteps, target: "1 call per step (reference: 2)", check: (o) => o.calls === 1000 },
  { key: "replay10k", workload: replay10k, target: "time ≤ 0.1×, heap ≤ 0.5×", check: (o, r) => o.ms <= 0.1 * r.ms && o.heapMb <= 0.5 * r.heapMb },
  {
    key: "fiftyWaits",
    workload: fiftyWaits,
    target: "≤ 2 ms SDK time per suspension",
    check: (o) => o.ms / o.invocations <= 2,
    extra: (o, r) => `per suspension: ours ${(o.ms / o.invocations).toFixed(2)} ms, reference ${(r.ms / r.invocations).toFixed(2)} ms`,
  },
  { key: "mapThousand", workload: mapThousand, target: "time ≤ 0.5×, calls ≤ reference", check: (o, r) => o.ms <= 0.5 * r.ms && o.calls <= r.calls },
  { key: "parallelTwoHundred", workload: parallelTwoHundred, target: "time ≤ 0.5×, calls ≤ reference", check: (o, r) => o.ms <= 0.5 * r.ms && o.calls <= r.calls },
];

const flags = benchFlags("npm run bench [-- --only <substring>] [-- --markdown]", { only: { type: "string" }, markdown: { type: "boolean" } });
const only = flags.only;
const markdown = flags.markdown === true;

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const lines: string[] = [];
lines.push("| workload | ours ms | reference ms | time ratio | ours calls | reference calls | ours heap MB | reference heap MB | target | holds |");
lines.push("|---|---|---|---|---|---|---|---|---|---|");
let failures = 0;
const notes: string[] = [];
for (const row of rows) {
  if (only && !row.workload.name.includes(only)) continue;
  let result;
  try {
    result = await compareWorkload(row.key, row.workload);
  } catch (error) {
    failures++;
    lines.push(`| ${row.workload.name} | error: ${(error as Error).message.slice(0, 120)} | | | | | | | ${row.target} | no |`);
    continue;
  }
  const { ours, reference } = result;
  const holds = row.check(ours, reference);
  if (!holds) failures++;
  lines.push(
    `| ${row.workload.name} | ${fmt(ours.ms)} | ${fmt(reference.ms)} | ${fmt(ours.ms / reference.ms, 3)} | ${ours.calls} | ${reference.calls} | ${fmt(ours.heapMb)} | ${fmt(reference.heapMb)} | ${row.target} | ${holds ? "yes" : "NO"} |`,
  );
  if (row.extra) notes.push(`- ${row.workload.name}: ${row.extra(ours, reference)}`);
  if (!markdown) console.error(lines[lines.length - 1]);
}
// The test runners: end-to-end run() time, each runner in its own process with its own SDK.
const runnerRow = "1000 sequential steps through the test runner with skipTime";
if (!only || runnerRow.includes(only)) {
  const target = "≥ 50× faster (end-to-end run())";
  try {
    const { ours, reference } = await compareTestRunners(1000);
    const speedup = reference.ms / ours.ms;
    const holds = speedup >= 50;
    if (!holds) failures++;
    lines.push(`| ${runnerRow} | ${fmt(ours.ms)} | ${fmt(reference.ms)} | ${fmt(ours.ms / reference.ms, 3)} | – | – | – | – | ${target} | ${holds ? "yes" : "NO"} |`);
    notes.push(
      `- ${runnerRow}: ours ${fmt(ours.ms)} ms (median of ${ours.runs.length} runs), reference ${fmt(reference.ms)} ms (one run): ${fmt(speedup, 0)}× faster`,
    );
  } catch (error) {
    failures++;
    lines.push(`| ${runnerRow} | error: ${(error as Error).message.slice(0, 120)} | | | | | | | ${target} | no |`);
  }
  if (!markdown) console.error(lines[lines.length - 1]);
}
console.log(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
console.log(lines.join("\n"));
if (notes.length) console.log(`\n${notes.join("\n")}`);
console.log(`\n${failures === 0 ? "All targets hold." : `${failures} target(s) missed.`}`);
process.exitCode = failures === 0 ? 0 : 1;
