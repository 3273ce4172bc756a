/**
 * Records the plugin hook calls an SDK makes (hook name + info, Dates and Errors tagged so they survive
 * JSON), and replays a recording into a plugin. Used to show that a plugin's span ids depend only on what
 * the SDK tells it: a fresh process replaying the same calls produces the same ids.
 */
import type { DurableInstrumentationPlugin } from "../../src/index.js";

export interface HookCall {
  hook: string;
  info: unknown;
}

const ON_HOOKS = [
  "onInvocationStart",
  "onInvocationEnd",
  "onOperationStart",
  "onOperationEnd",
  "onOperationAttemptStart",
  "onOperationAttemptEnd",
  "onOperationChange",
] as const;

/** A plugin that records every hook call, in order. */
export function recordingPlugin(calls: HookCall[]): DurableInstrumentationPlugin {
  const plugin: Record<string, unknown> = {};
  for (const hook of ON_HOOKS) plugin[hook] = async (info: unknown) => void calls.push({ hook, info: structuredClone(info) });
  plugin.wrapChildContextFn = (info: unknown, fn: () => unknown) => (calls.push({ hook: "wrapChildContextFn", info: structuredClone(info) }), fn());
  plugin.wrapOperationAttemptFn = (info: unknown, fn: () => unknown) => (calls.push({ hook: "wrapOperationAttemptFn", info: structuredClone(info) }), fn());
  return plugin as DurableInstrumentationPlugin;
}

export function serialize(calls: HookCall[]): string {
  return JSON.stringify(calls, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Error) return { $error: raw.message, name: raw.name };
    return value;
  });
}

export function deserialize(text: string): HookCall[] {
  return JSON.parse(text, (_key, value) => {
    if (value && typeof value === "object" && "$date" in value) return new Date(value.$date);
    if (value && typeof value === "object" && "$error" in value) return Object.assign(new Error(value.$error), { name: value.name });
    return value;
  });
}

/** Replays calls into `plugin`, one after another; wrap hooks get a function that does nothing. */
export async function replay(calls: HookCall[], plugin: DurableInstrumentationPlugin): Promise<void> {
  for (const { hook, info } of calls) {
    const fn = (plugin as Record<string, unknown>)[hook];
    if (typeof fn !== "function") continue;
    if (hook.startsWith("wrap")) fn.call(plugin, info, () => undefined);
    else await fn.call(plugin, info);
  }
}
