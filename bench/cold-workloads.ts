/** Workloads for the cold (fresh process per sample) benchmark: same handler text for both SDKs. */
import type { Workload } from "./harness.js";
import { replay10k, sequentialSteps } from "./workloads.js";

export const threeSteps: Workload = {
  name: "a 3-step handler, one invocation",
  handler: async (event, ctx) => {
    const order = await ctx.step("load", async () => ({ id: event?.id ?? "o-1", total: 42 }));
    const charged = await ctx.step("charge", async () => order.total * 100);
    return ctx.step("confirm", async () => `${order.id}:${charged}`);
  },
};

export const COLD_WORKLOADS: Record<string, Workload> = { threeSteps, sequentialSteps, replay10k };
