/**
 * One cold sample (bundled to plain JS by bench/cold.ts and run as a fresh `node` process, as a Lambda
 * cold start): imports the SDK given by package name (or file URL), wraps the workload's handler, runs
 * it to completion once against the in-memory service, and prints one JSON line with what this process
 * paid from just before the import: wall time, CPU time (user + system), the handler's own time, peak
 * RSS and peak V8 heap growth, and the minor page faults the process took (every thread) while the
 * handler ran: each is a fresh page touched for the first time, whose cost depends on the machine
 * (bench/cold.ts measures it and prints it with the results). On Linux it also gives the main thread's
 * time on a CPU and its time waiting for one while the handler ran (`mainRunMs`, `mainWaitMs`; null
 * elsewhere). Last, once everything is measured, it runs a full garbage collection and reports the heap
 * then in use (`collectedMb`, absolute: what Node, the import and the run left reachable) and how much of
 * the peak reading was garbage no collection had reclaimed yet (`garbageMb`: the peak level less the
 * collected one). How much garbage a process holds when its peak is read depends on when its young
 * generation last filled, which differs between Node versions (BENCHMARKS.md, thirty-third session).
 * Both are null in a process whose instructions are counted (COLD_HEAP_SAMPLER=off), which would count
 * the collection.
 *
 *   node cold-child.mjs page-fault-probe                 # µs per first touch of a fresh page, on this machine
 *
 *   node cold-child.mjs <workload key> <ours|reference|yardstick> <sdk package name or module URL>
 *   COLD_RECORD=<file> node cold-child.mjs …          # also writes the checkpoint calls made to <file>
 *   COLD_HEAP_SAMPLER=off node cold-child.mjs …       # no clock-driven heap sampling (bench:instructions)
 *   node cold-child.mjs <workload key> service <file>  # the in-memory service alone: replays the calls
 *
 * The last form measures the floor under a workload: the same checkpoint calls, in the same order and
 * batches, sent straight to a fresh in-memory service with no SDK (import and heap figures are then 0).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ARN, FakeDurableService, lambdaContext, type RecordedCall, type SdkUnderTest } from "../test/support/fake-service.js";
import { COLD_WORKLOADS } from "./cold-workloads.js";

interface SdkModule {
  withDurableExecution: (handler: never) => SdkUnderTest["handler"];
  DurableExecutionInvocationInputWithClient: new (event: unknown, client: never) => unknown;
}

/** Minor page faults of this process so far (all threads). */
const faultsSoFar = (): number => process.resourceUsage().minorPageFault;

/**
 * This (the main) thread's scheduler account so far, in ns: the time it ran on a CPU and the time it
 * was ready to run but waited for one (Linux's /proc/thread-self/schedstat); undefined where the file
 * is missing (not Linux, or a kernel without schedstats). A handler's wall time is about the sum of the
 * two plus the time the thread slept in the event loop: the wait shows when other threads (V8's
 * compiler and GC helpers) held the CPUs the handler needed.
 */
function mainThreadSoFar(): { runNs: number; waitNs: number } | undefined {
  let fields: number[];
  try {
    fields = readFileSync("/proc/thread-self/schedstat", "utf8").trim().split(/\s+/).map(Number);
  } catch {
    return undefined;
  }
  const [runNs, waitNs] = fields;
  return Number.isFinite(runNs) && Number.isFinite(waitNs) ? { runNs: runNs!, waitNs: waitNs! } : undefined;
}

/** The main thread's run and run-queue time summed over spans (`start()` … `stop()`), in ms; null where unavailable. */
function mainThreadAccount(): { start(): void; stop(): void; figures(): { mainRunMs: number | null; mainWaitMs: number | null } } {
  let runNs = 0;
  let waitNs = 0;
  let available = true;
  let before: ReturnType<typeof mainThreadSoFar>;
  return {
    start: () => {
      before = mainThreadSoFar();
    },
    stop: () => {
      const after = mainThreadSoFar();
      if (!before || !after) available = false;
      else {
        runNs += after.runNs - before.runNs;
        waitNs += after.waitNs - before.waitNs;
      }
    },
    figures: () => (available ? { mainRunMs: runNs / 1e6, mainWaitMs: waitNs / 1e6 } : { mainRunMs: null, mainWaitMs: null }),
  };
}

/**
 * The cost of touching a fresh page on this machine: 64 MiB of new anonymous memory written one byte
 * per 4 KiB page, timed. A cold start touches thousands of fresh pages (heap, code, compiler zones),
 * so this one figure scales every cold sample; it is printed with them so runs on different machines
 * can be compared.
 */
function pageFaultProbe(): string {
  const bytes = 64 * 1024 * 1024;
  const before = faultsSoFar();
  const started = process.hrtime.bigint();
  const memory = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) memory[i] = 1;
  const ns = Number(process.hrtime.bigint() - started);
  const faults = faultsSoFar() - before;
  return `${JSON.stringify({ faults, usPerFault: faults > 0 ? ns / 1000 / faults : 0 })}\n`;
}

if (process.argv[2] === "page-fault-probe") {
  process.stdout.write(pageFaultProbe());
  process.exit(0);
}

const [key, name, specifier] = process.argv.slice(2) as [string, "ours" | "reference" | "yardstick" | "service", string];
const workload = COLD_WORKLOADS[key];
if (!workload) throw new Error(`unknown cold workload ${key}; known: ${Object.keys(COLD_WORKLOADS).join(", ")}`);
const service: FakeDurableService = workload.service ? workload.service() : new FakeDurableService({});

/**
 * Runs a full garbage collection. Node's `gc` is switched on here, after every measurement, rather
 * than by a flag on the sample's command line, so no measured part of the process runs with a
 * different setting; a context made after the switch has `gc` as a global.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** The in-memory service alone: the calls recorded in `file`, in order, with no SDK. */
async function replayCalls(file: string): Promise<string> {
  const calls = JSON.parse(readFileSync(file, "utf8")) as RecordedCall[];
  const cpuStart = process.cpuUsage();
  const main = mainThreadAccount();
  main.start();
  const started = process.hrtime.bigint();
  let token = "token-0";
  const faultsBefore = faultsSoFar();
  for (const call of calls) {
    const response = await service.client.checkpoint({ DurableExecutionArn: ARN, CheckpointToken: token, Updates: call.updates });
    token = response.CheckpointToken ?? token;
  }
  const handlerMs = Number(process.hrtime.bigint() - started) / 1e6;
  main.stop();
  const faults = faultsSoFar() - faultsBefore;
  const cpu = process.cpuUsage(cpuStart);
  const sample = { importMs: 0, handlerMs, wallMs: handlerMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, heapMb: 0, collectedMb: null, garbageMb: null, faults, ...main.figures() };
  return `${JSON.stringify({ ...sample, calls: service.calls.length, result: null })}\n`;
}

/** The workload on the SDK `specifier`, from its import to the handler's last invocation. */
async function runWorkload(): Promise<string> {
  const heapUsed = () => getHeapStatistics().used_heap_size;
  const heapBefore = heapUsed();
  let heapPeak = heapBefore;
  // The heap is also sampled every 2 ms while the handler runs, except in a process whose instructions
  // are counted (COLD_HEAP_SAMPLER=off, bench:instructions): under Valgrind a clock-driven sampler fires
  // as often as the slowed-down, load-dependent run lasts, and its work would be counted with the SDK's.
  let heapSamples = 0;
  const sampler =
    process.env.COLD_HEAP_SAMPLER === "off"
      ? undefined
      : setInterval(() => {
          heapSamples++;
          heapPeak = Math.max(heapPeak, heapUsed());
        }, 2);

  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const sdk = (await import(specifier)) as SdkModule;
  const importMs = performance.now() - wallStart;
  const underTest: SdkUnderTest = {
    name,
    handler: sdk.withDurableExecution(workload.handler as never),
    wrapEvent: (event, client) => new sdk.DurableExecutionInvocationInputWithClient(event, client as never) as never,
  };
  let handlerNs = 0n;
  let faults = 0;
  const main = mainThreadAccount();
  let output: Awaited<ReturnType<SdkUnderTest["handler"]>>;
  for (let invocations = 0; ; invocations++) {
    const event = service.event(underTest);
    const faultsBefore = faultsSoFar();
    main.start();
    const started = process.hrtime.bigint();
    output = await underTest.handler(event, lambdaContext);
    handlerNs += process.hrtime.bigint() - started;
    main.stop();
    faults += faultsSoFar() - faultsBefore;
    heapPeak = Math.max(heapPeak, heapUsed());
    if (output.Status !== "PENDING" || invocations > 10_000 || !service.advance()) break;
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  // After every measurement, so writing the record costs the sample nothing.
  if (process.env.COLD_RECORD) writeFileSync(process.env.COLD_RECORD, JSON.stringify(service.calls));
  const result = output.Status === "SUCCEEDED" ? output.Result : output.Status;
  // Not in a process whose instructions are counted (bench:instructions counts the whole process).
  let collectedMb: number | null = null;
  let garbageMb: number | null = null;
  if (sampler) {
    collectGarbage();
    const collected = heapUsed();
    collectedMb = collected / 1_048_576;
    garbageMb = Math.max(0, heapPeak - collected) / 1_048_576;
  }
  return `${JSON.stringify({
    importMs,
    handlerMs: Number(handlerNs) / 1e6,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: (heapPeak - heapBefore) / 1_048_576,
    collectedMb,
    garbageMb,
    faults,
    ...main.figures(),
    heapSamples,
    calls: service.calls.length,
    result,
  })}\n`;
}

process.stdout.write(name === "service" ? await replayCalls(specifier) : await runWorkload());
