/**
 * The plugin runner: one object with every hook that dispatches to all registered plugins in order.
 *
 * - `on*` hooks run on every plugin concurrently; the runner resolves once all have settled. A hook
 *   that throws or rejects is swallowed (and reported once per plugin and hook as a process warning, code
 *   DURABLE_PLUGIN_HOOK_FAILED), so
 *   instrumentation never changes an execution's outcome.
 * - `wrap*` hooks nest: the first plugin's wrapper is the outermost. The user function runs exactly
 *   once even if a wrapper calls it twice or not at all; a wrapper that throws falls through to the
 *   inner function; an error thrown by the user function always reaches the SDK, even if a wrapper
 *   swallowed it.
 * - `enrichLogContext` merges every plugin's fields, later plugins overriding earlier ones.
 *
 * With no plugin registered there is no runner at all (`createPluginRunner([])` is undefined): the
 * runtime checks for it once and builds no information objects.
 */
import type {
  AttemptEndInfo,
  AttemptInfo,
  CustomerFn,
  CustomerFnResult,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationChangeInfo,
  OperationEndInfo,
  OperationInfo,
} from "./types.js";
import type { DurableExecutionInvocationOutput } from "../../generated/index.js";

type OnHook =
  | "onInvocationStart"
  | "onInvocationEnd"
  | "onOperationStart"
  | "onOperationEnd"
  | "onOperationAttemptStart"
  | "onOperationAttemptEnd"
  | "onOperationChange";
type WrapHook = "wrapInvocation" | "wrapChildContextFn" | "wrapOperationAttemptFn";

/** Every hook, always present: what the runtime calls when at least one plugin is registered. */
export interface PluginRunner {
  readonly plugins: readonly DurableInstrumentationPlugin[];
  onInvocationStart(info: InvocationInfo): Promise<void>;
  wrapInvocation(info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>): Promise<DurableExecutionInvocationOutput>;
  onInvocationEnd(info: InvocationEndInfo): Promise<void>;
  onOperationStart(info: OperationInfo): Promise<void>;
  wrapChildContextFn(info: OperationInfo, fn: CustomerFn): CustomerFnResult;
  onOperationEnd(info: OperationEndInfo): Promise<void>;
  onOperationAttemptStart(info: AttemptInfo): Promise<void>;
  wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult;
  onOperationAttemptEnd(info: AttemptEndInfo): Promise<void>;
  onOperationChange(info: OperationChangeInfo): Promise<void>;
  enrichLogContext(): Record<string, string | number | boolean>;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";

/** Builds the runner for `plugins`, or undefined when there are none (the zero-cost path). */
export function createPluginRunner(plugins: readonly DurableInstrumentationPlugin[]): PluginRunner | undefined {
  if (plugins.length === 0) return undefined;
  const list = [...plugins];
  const reported = new Set<string>();
  const report = (index: number, hook: string, error: unknown): void => {
    const key = `${index}:${hook}`;
    if (reported.has(key)) return;
    reported.add(key);
    const name = (list[index] as { constructor?: { name?: string } }).constructor?.name ?? "plugin";
    process.emitWarning(
      `Instrumentation plugin ${name} (#${index + 1}) failed in ${hook}: ${error instanceof Error ? error.message : String(error)}. The error was ignored; further failures of this hook are not reported.`,
      { code: "DURABLE_PLUGIN_HOOK_FAILED" },
    );
  };

  const run = async (hook: OnHook, info: unknown): Promise<void> => {
    await Promise.allSettled(
      list.map(async (plugin, index) => {
        const fn = plugin[hook] as ((info: unknown) => unknown) | undefined;
        if (typeof fn !== "function") return;
        try {
          const result = fn.call(plugin, info);
          if (isThenable(result)) await result;
        } catch (error) {
          report(index, hook, error);
        }
      }),
    );
  };

  const wrap = (hook: WrapHook, info: unknown, fn: () => unknown): unknown => {
    let called = false;
    let output: unknown;
    let failure: { error: unknown } | undefined;
    // The user function runs once, whatever the wrappers do; its own errors are remembered so that a
    // wrapper that swallows them cannot turn a failure into a success.
    const guarded = (): unknown => {
      if (called) return output;
      called = true;
      try {
        const result = fn();
        output = isThenable(result)
          ? Promise.resolve(result).catch((error: unknown) => {
              failure = { error };
              throw error;
            })
          : result;
        return output;
      } catch (error) {
        failure = { error };
        throw error;
      }
    };
    // reduceRight: plugin 0 ends up outermost, each wrapper's `fn` being the next plugin's wrapper.
    const chain = list.reduceRight<() => unknown>(
      (next, plugin, index) => () => {
        const hookFn = plugin[hook] as ((info: unknown, fn: () => unknown) => unknown) | undefined;
        if (typeof hookFn !== "function") return next();
        try {
          return hookFn.call(plugin, info, next);
        } catch (error) {
          if (failure) throw failure.error;
          report(index, hook, error);
          return next();
        }
      },
      guarded,
    );
    let result: unknown;
    try {
      result = chain();
    } catch (error) {
      if (failure) throw failure.error;
      report(0, hook, error);
      result = guarded();
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => {
          if (failure) throw failure.error;
          return value;
        },
        (error: unknown) => {
          if (failure) throw failure.error;
          // A wrapper's own rejection never fails the user's work: fall back to the function's outcome.
          report(0, hook, error);
          return guarded();
        },
      );
    }
    if (failure) throw failure.error;
    return result;
  };

  return {
    plugins: list,
    onInvocationStart: (info) => run("onInvocationStart", info),
    wrapInvocation: (info, fn) => wrap("wrapInvocation", info, fn) as Promise<DurableExecutionInvocationOutput>,
    onInvocationEnd: (info) => run("onInvocationEnd", info),
    onOperationStart: (info) => run("onOperationStart", info),
    wrapChildContextFn: (info, fn) => wrap("wrapChildContextFn", info, fn),
    onOperationEnd: (info) => run("onOperationEnd", info),
    onOperationAttemptStart: (info) => run("onOperationAttemptStart", info),
    wrapOperationAttemptFn: (info, fn) => wrap("wrapOperationAttemptFn", info, fn),
    onOperationAttemptEnd: (info) => run("onOperationAttemptEnd", info),
    onOperationChange: (info) => run("onOperationChange", info),
    enrichLogContext: () => {
      const fields: Record<string, string | number | boolean> = {};
      list.forEach((plugin, index) => {
        if (typeof plugin.enrichLogContext !== "function") return;
        try {
          Object.assign(fields, plugin.enrichLogContext());
        } catch (error) {
          report(index, "enrichLogContext", error);
        }
      });
      return fields;
    },
  };
}
