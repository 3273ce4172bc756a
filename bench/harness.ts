/**
 * Benchmark harness: runs the same workload on the reference SDK and on ours, each driven through
 * `durableExecutionClient`-style injection by the same in-memory service, and reports time,
 * checkpoint calls and heap. Time is the time spent inside the Lambda handler (building each
 * invocation's event and advancing timers is the service's work and is not counted).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { FakeDurableService, lambdaContext, type SdkUnderTest } from "../test/support/fake-service.js";
import { ours, reference } from "../test/support/sdks.js";

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

export async function measureOnce(sdk: SdkUnderTest, workload: Workload): Promise<Measurement> {
  const service = workload.service ? workload.service() : new FakeDurableService({});
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
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
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, calls: service.calls.length, heapMb: (peak - heapBefore) / 1_048_576, invocations, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Measures one SDK on one workload in this process: warm-up runs, then `repeat` measured runs. */
export async function measureInProcess(sdkName: "ours" | "reference", workload: Workload): Promise<Measurement[]> {
  const make = () => (sdkName === "ours" ? ours(workload.handler) : reference(workload.handler));
  for (let i = 0; i < (workload.warmup ?? 5); i++) await measureOnce(make(), workload);
  const out: Measurement[] = [];
  for (let i = 0; i < (workload.repeat ?? 5); i++) out.push(await measureOnce(make(), workload));
  return out;
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
