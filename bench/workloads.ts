/** The benchmark workloads (same handler for both SDKs). */
import type { Operation } from "../src/generated/index.js";
import { toWireId } from "../src/runtime/ids.js";
import { FakeDurableService } from "../test/support/fake-service.js";
import type { Workload } from "./harness.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export const sequentialSteps: Workload = {
  name: "1000 sequential steps, synchronous bodies",
  warmup: 30,
  repeat: 11,
  handler: async (_e, ctx) => {
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += await ctx.step(async () => i);
    return sum;
  },
};

export const sequentialIoSteps: Workload = {
  name: "1000 sequential steps, asynchronous-I/O bodies",
  warmup: 30,
  repeat: 11,
  handler: async (_e, ctx) => {
    let sum = 0;
    for (let i = 0; i < 1000; i++)
      sum += await ctx.step(async () => {
        await tick();
        return i;
      });
    return sum;
  },
};

/** A service whose history already holds 10 000 succeeded steps. */
function recorded(count: number): () => FakeDurableService {
  return () => {
    const service = new FakeDurableService({});
    for (let i = 1; i <= count; i++) {
      const op: Operation = { Id: toWireId(String(i)), Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StartTimestamp: undefined, StepDetails: { Attempt: 1, Result: String(i) } };
      service.ops.set(op.Id!, op);
    }
    return service;
  };
}

export const replay10k: Workload = {
  name: "replay a 10 000-step history in one invocation",
  service: recorded(10_000),
  repeat: 3,
  handler: async (_e, ctx) => {
    let sum = 0;
    for (let i = 1; i <= 10_000; i++) sum += await ctx.step(async () => i);
    return sum;
  },
};

export const fiftyWaits: Workload = {
  name: "50 waits (one suspension each)",
  handler: async (_e, ctx) => {
    for (let i = 0; i < 50; i++) await ctx.wait({ seconds: 1 });
    return "done";
  },
};

export const mapThousand: Workload = {
  name: "map over 1000 items (maxConcurrency 50, one step each)",
  warmup: 30,
  repeat: 11,
  handler: async (_e, ctx) => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const result = await ctx.map(items, async (child: any, item: number) => child.step(async () => item * 2), { maxConcurrency: 50 });
    return result.getResults().reduce((a: number, b: number) => a + b, 0);
  },
};

export const parallelTwoHundred: Workload = {
  name: "parallel over 200 branches (one step each)",
  warmup: 100,
  repeat: 21,
  handler: async (_e, ctx) => {
    const branches = Array.from({ length: 200 }, (_, i) => async (child: any) => child.step(async () => i));
    const result = await ctx.parallel(branches);
    return result.getResults().reduce((a: number, b: number) => a + b, 0);
  },
};

/** Every workload by key (the key is what bench/measure.ts receives). */
export const WORKLOADS: Record<string, Workload> = {
  sequentialSteps,
  sequentialIoSteps,
  replay10k,
  fiftyWaits,
  mapThousand,
  parallelTwoHundred,
};
