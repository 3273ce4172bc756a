/**
 * Benchmark harness: runs the same workload on the reference SDK and on ours, each driven through
 * `durableExecutionClient`-style injection by the same in-memory service, and reports time,
 * checkpoint calls and heap. Time is the time spent inside the Lambda handler (building each
 * invocation's event and advancing timers is the service's work and is not counted).
 */
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

async function measureOnce(sdk: SdkUnderTest, workload: Workload): Promise<Measurement> {
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
  return { ms, calls: service.calls.filter((c) => c.updates.length > 0 || true).length, heapMb: (peak - heapBefore) / 1_048_576, invocations, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function compareWorkload(workload: Workload): Promise<{ ours: Measurement; reference: Measurement }> {
  const out: Record<string, Measurement[]> = { ours: [], reference: [] };
  const repeat = workload.repeat ?? 5;
  // Warm-up (JIT), then alternate so both see the same machine state.
  for (let i = 0; i < (workload.warmup ?? 5); i++) {
    await measureOnce(ours(workload.handler), workload);
    await measureOnce(reference(workload.handler), workload);
  }
  for (let i = 0; i < repeat; i++) {
    out.reference!.push(await measureOnce(reference(workload.handler), workload));
    out.ours!.push(await measureOnce(ours(workload.handler), workload));
  }
  const pick = (list: Measurement[]): Measurement => ({
    ms: median(list.map((m) => m.ms)),
    calls: list[0]!.calls,
    heapMb: median(list.map((m) => m.heapMb)),
    invocations: list[0]!.invocations,
    result: list[0]!.result,
  });
  const result = { ours: pick(out.ours!), reference: pick(out.reference!) };
  if (JSON.stringify(result.ours.result) !== JSON.stringify(result.reference.result)) {
    throw new Error(`${workload.name}: results differ: ours ${JSON.stringify(result.ours.result)?.slice(0, 200)} vs reference ${JSON.stringify(result.reference.result)?.slice(0, 200)}`);
  }
  return result;
}
