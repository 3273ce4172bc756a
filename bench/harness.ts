/**
 * Benchmark harness: runs the same workload on the reference SDK and on ours (the built package in
 * dist/, as users run it), each driven through
 * `durableExecutionClient`-style injection by the same in-memory service, and reports time,
 * checkpoint calls and heap. Time is the time spent inside the Lambda handler (building each
 * invocation's event and advancing timers is the service's work and is not counted).
 */
import { spawn } from "node:child_process";
import { getHeapStatistics } from "node:v8";
import { join } from "node:path";
import { FakeDurableService, lambdaContext, type SdkUnderTest } from "../test/support/fake-service.js";
import { builtOurs } from "./built-sdk.js";
import { reference } from "../test/support/sdks.js";
import { median } from "./stats.js";

export interface Measurement {
  ms: number;
  calls: number;
  heapMb: number;
  invocations: number;
  result: unknown;
}

export interface Workload {
  name: string;
  /** The handler, written against the API both SDKs share. */
  handler: (event: any, ctx: any) => Promise<unknown>;
  /** Builds the service (e.g. with a pre-recorded history); default: a fresh execution. */
  service?: () => FakeDurableService;
  /** Whether to advance timers and re-invoke on PENDING (default true). */
  reinvoke?: boolean;
  repeat?: number;
  warmup?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** V8's used heap size: cheap to read (process.memoryUsage() also measures RSS, which is not). */
const heapUsed = () => getHeapStatistics().used_heap_size;

/**
 * One run. With `trackHeap` the heap is collected first and its peak sampled during the run; such runs
 * are not timed (a forced full collection right before a run slows the next few milliseconds of any
 * code, which is the collection's cost, not the SDK's).
 */
export async function measureOnce(sdk: SdkUnderTest, workload: Workload, trackHeap = false): Promise<Measurement> {
  const service = workload.service ? workload.service() : new FakeDurableService({});
  if (trackHeap) gc?.();
  const heapBefore = heapUsed();
  let peak = heapBefore;
  const sampler = trackHeap ? setInterval(() => (peak = Math.max(peak, heapUsed())), 10) : undefined;
  let elapsed = 0n;
  let invocations = 0;
  let result: unknown;
  for (;;) {
    const event = service.event(sdk);
    const start = process.hrtime.bigint();
    const output = await sdk.handler(event, lambdaContext);
    elapsed += process.hrtime.bigint() - start;
    invocations++;
    result = output;
    if (output.Status !== "PENDING" || workload.reinvoke === false || invocations > 10_000) break;
    if (!service.advance()) break;
  }
  const ms = Number(elapsed) / 1e6;
  if (sampler) clearInterval(sampler);
  peak = Math.max(peak, heapUsed());
  return { ms, calls: service.calls.length, heapMb: (peak - heapBefore) / 1_048_576, invocations, result };
}

/** Measures one SDK on one workload in this process: warm-up runs, then `repeat` measured runs. */
export async function measureInProcess(sdkName: "ours" | "reference", workload: Workload): Promise<Measurement[]> {
  const make = () => (sdkName === "ours" ? builtOurs(workload.handler) : reference(workload.handler));
  for (let i = 0; i < (workload.warmup ?? 5); i++) await measureOnce(make(), workload);
  const timed: Measurement[] = [];
  for (let i = 0; i < (workload.repeat ?? 5); i++) timed.push(await measureOnce(make(), workload));
  const heaps: number[] = [];
  for (let i = 0; i < 3; i++) heaps.push((await measureOnce(make(), workload, true)).heapMb);
  heaps.sort((a, b) => a - b);
  return timed.map((m) => ({ ...m, heapMb: heaps[1]! }));
}

/** Runs `bench/measure.ts` in a fresh Node process, so the two SDKs never share a heap or JIT state. */
function measureInChild(sdkName: "ours" | "reference", key: string): Promise<Measurement[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "measure.ts"), key, sdkName], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`measuring ${sdkName} on ${key} exited with ${code}`));
      resolvePromise(JSON.parse(out.trim().split("\n").pop()!) as Measurement[]);
    });
  });
}

const pick = (list: Measurement[]): Measurement => ({
  ms: median(list.map((m) => m.ms)),
  calls: list[0]!.calls,
  heapMb: median(list.map((m) => m.heapMb)),
  invocations: list[0]!.invocations,
  result: list[0]!.result,
});

/**
 * Measures both SDKs on the workload registered under `key`, each in its own processes (two rounds,
 * alternating), and checks that both produced the same result.
 */
export async function compareWorkload(key: string, workload: Workload): Promise<{ ours: Measurement; reference: Measurement }> {
  const runs: Record<"ours" | "reference", Measurement[]> = { ours: [], reference: [] };
  for (let round = 0; round < 2; round++) {
    runs.reference.push(...(await measureInChild("reference", key)));
    runs.ours.push(...(await measureInChild("ours", key)));
  }
  const result = { ours: pick(runs.ours), reference: pick(runs.reference) };
  if (JSON.stringify(result.ours.result) !== JSON.stringify(result.reference.result)) {
    throw new Error(`${workload.name}: results differ: ours ${JSON.stringify(result.ours.result)?.slice(0, 200)} vs reference ${JSON.stringify(result.reference.result)?.slice(0, 200)}`);
  }
  return result;
}
