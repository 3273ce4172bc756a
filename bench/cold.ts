/**
 * `npm run bench:cold`: what a Lambda cold start pays, on the reference SDK and on ours in one run.
 * Every sample is a fresh `node` process (no loader: the child is bundled to plain JS first) that
 * imports the SDK and runs one workload to completion against the in-memory service; samples of the two
 * SDKs are interleaved so load on the machine hits both alike. Reported per workload: medians of the
 * import time, the handler's time, the wall time from just before the import to the end, the process's
 * CPU time over that span, its peak RSS, the peak V8 heap growth and the minor page faults taken while
 * the handler ran — and whether each target holds. Before the samples, a probe times the first touch of
 * a fresh page on this machine (printed in the header): a cold start touches thousands, so that cost
 * scales every cold figure, and it differs from machine to machine (BENCHMARKS.md, fifteenth session).
 * The child lives in a project with both SDKs installed (bench/installed.ts) and imports each by package
 * name, as a handler does. Under the 1000-step workload a third kind of sample replays the checkpoint
 * calls ours made against the in-memory service with no SDK loaded: the floor both SDKs pay, printed
 * after the table with each SDK's time above it (the target itself is on the whole handler time).
 * Each target's ratio is also printed with a 90% bootstrap interval over both SDKs' samples
 * (bench/stats.ts), which says whether it holds with room, misses, or sits at the line. The step
 * workloads also run on the yardstick (bench/yardstick-sdk.mjs: the protocol's share done plainly, nothing
 * else), reported after the table as how far above it ours sits. Last, per workload, where the handler
 * time went on the main thread (Linux): running, or ready and waiting for a CPU held by other threads;
 * and, for the workloads with a heap target, how much of each SDK's heap stays reachable once the run is
 * over (after a full collection), which separates the data kept from the garbage in the peak reading.
 *
 *   npm run bench:cold [-- --samples 21] [-- --markdown]
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchFlags, builtEntry, wholeNumberFlag } from "./args.js";
import { buildColdChild, installedProject, runColdChild, SDK_PACKAGES } from "./installed.js";
import { median, ratioInterval } from "./stats.js";

const flags = benchFlags("npm run bench:cold [-- --samples 21] [-- --markdown]", { samples: { type: "string" }, markdown: { type: "boolean" } });
const samples = wholeNumberFlag("samples", flags.samples, 21);
const markdown = flags.markdown === true;
builtEntry("bench:cold");

const child = await buildColdChild();

type SdkName = keyof typeof SDK_PACKAGES;

interface Sample {
  importMs: number;
  handlerMs: number;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  heapMb: number;
  /** The heap in use once the run is over and a full collection has run, in MB (absolute; null where not measured). */
  collectedMb: number | null;
  /** How much of the peak heap reading was garbage not yet collected: the peak level less {@link collectedMb}. */
  garbageMb: number | null;
  /** Minor page faults (every thread) while the handler ran: fresh pages touched. */
  faults: number;
  /** While the handler ran, the main thread's time on a CPU and its time ready but waiting for one (null off Linux). */
  mainRunMs: number | null;
  mainWaitMs: number | null;
  calls: number;
  result: unknown;
}

/** One fresh child process (`cold-child.ts` takes: workload key, ours|reference|yardstick|service, specifier): its sample line. */
function runChild(args: [key: string, kind: SdkName | "service" | "yardstick", specifier: string], env: NodeJS.ProcessEnv = process.env): Sample {
  return runColdChild<Sample>(child, args, env);
}

/** One fresh process running `key` on `sdk`; `record` also saves the checkpoint calls it made there. */
const sample = (key: string, sdk: SdkName, record?: string): Sample =>
  runChild([key, sdk, SDK_PACKAGES[sdk]], record ? { ...process.env, COLD_RECORD: record } : process.env);

/** One fresh process sending the calls recorded in `calls` to the in-memory service, with no SDK: the floor under a workload. */
const serviceSample = (key: string, calls: string): Sample => runChild([key, "service", calls]);

/** The yardstick: the least an SDK must do on the step workloads (see bench/yardstick-sdk.mjs). */
const YARDSTICK = pathToFileURL(join(import.meta.dirname, "yardstick-sdk.mjs")).href;
const yardstickSample = (key: string): Sample => runChild([key, "yardstick", YARDSTICK]);

type Metric = Exclude<keyof Sample, "calls" | "result" | "mainRunMs" | "mainWaitMs" | "collectedMb" | "garbageMb">;
const METRICS: Metric[] = ["importMs", "handlerMs", "wallMs", "cpuMs", "rssMb", "heapMb", "faults"];

interface Row {
  key: string;
  name: string;
  /** The target: for each metric named, the most ours may take as a share of the reference's (medians). */
  limits: Partial<Record<Metric, number>>;
  /** Also time the in-memory service alone under the calls ours made (reported, not part of the target). */
  floor?: boolean;
  /** Also run the yardstick SDK (bench/yardstick-sdk.mjs), the protocol's share done plainly (reported, not part of the target). */
  yardstick?: boolean;
}

const rows: Row[] = [
  { key: "threeSteps", name: "a 3-step handler (import + one invocation)", limits: { importMs: 1, cpuMs: 1, rssMb: 1 } },
  { key: "sequentialSteps", name: "1000 sequential synchronous steps", limits: { handlerMs: 0.25 }, floor: true, yardstick: true },
  { key: "replay10k", name: "replay a 10 000-step history", limits: { handlerMs: 0.1, heapMb: 0.5 }, yardstick: true },
];

const METRIC_NAMES: Record<Metric, string> = { importMs: "import", handlerMs: "handler time", wallMs: "wall time", cpuMs: "CPU", rssMb: "peak RSS", heapMb: "heap", faults: "page faults" };
const targetText = (limits: Row["limits"]) =>
  Object.entries(limits)
    .map(([k, limit]) => `${METRIC_NAMES[k as Metric]} ≤ ${limit}×`)
    .join(", ");

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const lines = [
  "| workload (fresh process per sample) | SDK | import ms | handler ms | wall ms | CPU ms | peak RSS MB | heap growth MB | handler page faults | ratio ours/ref (import · handler · CPU · RSS · heap) | target | holds |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
];

/**
 * What the first touch of a fresh 4 KiB page costs on this machine (median of 5 fresh processes), in
 * µs. A VM whose guest memory is handed back to the host when free (virtio-balloon free page
 * reporting) pays a host fault on each: 10–14 µs on the fifteenth session's machine.
 */
const probes = Array.from({ length: 5 }, () => runColdChild<{ usPerFault: number }>(child, ["page-fault-probe"]));
const usPerFault = median(probes.map((p) => p.usPerFault));
let failures = 0;
const floors: string[] = [];
const intervals: string[] = [];
const yardsticks: string[] = [];
const mainThreads: string[] = [];
const retained: string[] = [];
for (const row of rows) {
  const runs: Record<SdkName, Sample[]> = { ours: [], reference: [] };
  const floorRuns: Sample[] = [];
  const yardstickRuns: Sample[] = [];
  const calls = row.floor ? join(installedProject(), `${row.key}-calls.json`) : undefined;
  sample(row.key, "ours", calls); // warm the file cache for both before timing anything (and record ours' calls)
  sample(row.key, "reference");
  if (row.yardstick) yardstickSample(row.key);
  for (let i = 0; i < samples; i++) {
    for (const sdk of ["reference", "ours"] as const) runs[sdk].push(sample(row.key, sdk));
    if (calls) floorRuns.push(serviceSample(row.key, calls));
    if (row.yardstick) yardstickRuns.push(yardstickSample(row.key));
  }
  const results = new Set([...Object.values(runs), yardstickRuns].flatMap((list) => list.map((s) => JSON.stringify(s.result))));
  if (results.size !== 1) throw new Error(`${row.name}: the SDKs (or samples) disagree on the result: ${[...results].join(" vs ").slice(0, 300)}`);
  const m = (sdk: SdkName) => Object.fromEntries(METRICS.map((k) => [k, median(runs[sdk].map((s) => s[k]))])) as Record<Metric, number>;
  const ours = m("ours");
  const reference = m("reference");
  const targets = Object.entries(row.limits) as [Metric, number][];
  const holds = targets.every(([k, limit]) => ours[k] <= limit * reference[k]);
  if (!holds) failures++;
  for (const [k, limit] of targets) {
    const [low, high] = ratioInterval(
      runs.ours.map((s) => s[k]),
      runs.reference.map((s) => s[k]),
    );
    const verdict = high <= limit ? "holds with room" : low > limit ? "misses" : "at the line";
    intervals.push(`${row.name}, ${METRIC_NAMES[k]}: ${(ours[k] / reference[k]).toFixed(2)}× (90% interval ${low.toFixed(2)}–${high.toFixed(2)}; limit ${limit}×: ${verdict})`);
  }
  const ratio = (k: Metric) => (ours[k] / reference[k]).toFixed(2);
  const cells = (v: Record<Metric, number>) => METRICS.map((k) => (k === "faults" ? v[k].toFixed(0) : fmt(v[k]))).join(" | ");
  lines.push(`| ${row.name} | ours | ${cells(ours)} | ${["importMs", "handlerMs", "cpuMs", "rssMb", "heapMb"].map((k) => ratio(k as Metric)).join(" · ")} | ${targetText(row.limits)} | ${holds ? "yes" : "NO"} |`);
  lines.push(`| | reference | ${cells(reference)} | | | |`);
  /** The median of a main-thread figure over `sdk`'s samples; undefined unless every sample has it (Linux). */
  const mainMedian = (sdk: SdkName, key: "mainRunMs" | "mainWaitMs"): number | undefined => {
    const values = runs[sdk].flatMap((s) => s[key] ?? []);
    return values.length === runs[sdk].length ? median(values) : undefined;
  };
  const [oursRun, oursWait, referenceRun, referenceWait] = [mainMedian("ours", "mainRunMs"), mainMedian("ours", "mainWaitMs"), mainMedian("reference", "mainRunMs"), mainMedian("reference", "mainWaitMs")];
  if (oursRun !== undefined && oursWait !== undefined && referenceRun !== undefined && referenceWait !== undefined) {
    // Where the handler time went on the main thread: running, or ready to run and waiting for a CPU
    // that other threads (V8's background compilers and GC helpers) held. When the run-time ratio is
    // well under the handler-time ratio, the difference is waiting, which the machine's CPU count sets.
    mainThreads.push(
      `${row.name}: the main thread ran ${fmt(oursRun)} ms and waited ${fmt(oursWait)} ms for a CPU (ours), ` +
        `${fmt(referenceRun)} and ${fmt(referenceWait)} ms (reference): run time ${(oursRun / referenceRun).toFixed(2)}×, ` +
        `handler time ${(ours.handlerMs / reference.handlerMs).toFixed(2)}×.`,
    );
  }
  if (calls) {
    // The same calls with no SDK: what the in-memory service itself costs under this workload. Both
    // SDKs pay it in full, so it is shown apart from the target (which stays on the whole handler time).
    const floor = median(floorRuns.map((s) => s.handlerMs));
    const floorFaults = median(floorRuns.map((s) => s.faults));
    const above = (v: number) => Math.max(0, v - floor);
    floors.push(
      `${row.name}: the in-memory service alone (the ${floorRuns[0]!.calls} calls ours made, no SDK) takes ${fmt(floor)} ms and ${floorFaults.toFixed(0)} page faults; ` +
        `above it ours takes ${fmt(above(ours.handlerMs))} ms and the reference ${fmt(above(reference.handlerMs))} ms ` +
        `(${(above(ours.handlerMs) / above(reference.handlerMs)).toFixed(2)}×); the floor alone is ${(floor / reference.handlerMs).toFixed(2)}× the reference's handler time.`,
    );
  }
  if (row.yardstick) {
    // How far above the yardstick (the protocol's share done plainly) ours sits on this workload (see bench/yardstick-sdk.mjs).
    const handler = median(yardstickRuns.map((s) => s.handlerMs));
    const heap = median(yardstickRuns.map((s) => s.heapMb));
    const faults = median(yardstickRuns.map((s) => s.faults));
    const share = handler / reference.handlerMs;
    const limit = row.limits.handlerMs;
    // Whether the protocol done plainly would itself meet the handler-time target on this machine.
    const itself = limit === undefined ? "" : ` (${share <= limit ? "within" : "beyond"} the ${limit}× target)`;
    yardsticks.push(
      `${row.name}: the yardstick (the protocol's share done plainly, with native promises) takes ${fmt(handler)} ms, ${share.toFixed(2)}× the reference's handler time${itself}, ` +
        `grows the heap by ${fmt(heap)} MB and takes ${faults.toFixed(0)} page faults; ours takes ${(ours.handlerMs / handler).toFixed(1)}× its time, ${(ours.heapMb / heap).toFixed(1)}× its heap growth and ${(ours.faults / faults).toFixed(1)}× its page faults.`,
    );
  }
  if (row.limits.heapMb !== undefined && [...runs.ours, ...runs.reference].every((s) => s.collectedMb !== null && s.garbageMb !== null)) {
    // The heap target reads the peak growth: data the run keeps plus garbage not yet collected when the
    // peak was read. A full collection at the end separates the two. The collected level is absolute
    // (the level before the import held the setup's garbage, so growth from it would not be clean): the
    // difference between the SDKs is what one keeps reachable beyond the other.
    const med = (list: Sample[], key: "collectedMb" | "garbageMb") => median(list.flatMap((s) => s[key] ?? []));
    const yardstickPart = row.yardstick ? `; the yardstick ${fmt(med(yardstickRuns, "collectedMb"))} MB in use and ${fmt(med(yardstickRuns, "garbageMb"))} MB garbage` : "";
    const [oursKept, referenceKept] = [med(runs.ours, "collectedMb"), med(runs.reference, "collectedMb")];
    retained.push(
      `${row.name}: after a full collection at the end ours has ${fmt(oursKept)} MB in use, the reference ${fmt(referenceKept)} MB (${fmt(referenceKept - oursKept)} MB more); ` +
        `of the peak reading, ${fmt(med(runs.ours, "garbageMb"))} MB (ours) and ${fmt(med(runs.reference, "garbageMb"))} MB (reference) were garbage not yet collected${yardstickPart}.`,
    );
  }
  if (!markdown) console.error(lines.slice(-2).join("\n"));
}
console.log(`\nnode ${process.version}, ${new Date().toISOString()}, ${samples} interleaved samples per SDK and workload (medians)`);
console.log(`this machine: the first touch of a fresh 4 KiB page costs ${usPerFault.toFixed(2)} µs (median of ${probes.length} probes)\n`);
console.log(lines.join("\n"));
console.log(`\nEach target's ratio, with the spread its samples allow (bootstrap over both SDKs' samples):\n${intervals.map((line) => `- ${line}`).join("\n")}`);
if (floors.length > 0) console.log(`\n${floors.map((line) => `- ${line}`).join("\n")}`);
if (yardsticks.length > 0) console.log(`\n${yardsticks.map((line) => `- ${line}`).join("\n")}`);
if (retained.length > 0) console.log(`\nThe heap once the run is over (medians; not a target):\n${retained.map((line) => `- ${line}`).join("\n")}`);
if (mainThreads.length > 0) console.log(`\nThe handler's main thread (medians; Linux's per-thread scheduler account):\n${mainThreads.map((line) => `- ${line}`).join("\n")}`);
console.log(`\n${failures === 0 ? "All cold targets hold." : `${failures} cold target(s) missed.`}`);
process.exitCode = failures === 0 ? 0 : 1;
