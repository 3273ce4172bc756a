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
 * Hooks no plugin defines cost nothing: the runner leaves them out (undefined), and the runtime checks
 * each hook before building its information object or awaiting anything. With no plugin registered, or
 * only plugins that define no hook, there is no runner at all (`createPluginRunner` returns undefined).
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

/**
 * What the runtime calls when at least one plugin defines a hook. A hook is present only when some
 * plugin defines it: check it before building its information object.
 */
export interface PluginRunner {
  readonly plugins: readonly DurableInstrumentationPlugin[];
  readonly onInvocationStart?: (info: InvocationInfo) => Promise<void>;
  readonly wrapInvocation?: (info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>) => Promise<DurableExecutionInvocationOutput>;
  readonly onInvocationEnd?: (info: InvocationEndInfo) => Promise<void>;
  readonly onOperationStart?: (info: OperationInfo) => Promise<void>;
  readonly wrapChildContextFn?: (info: OperationInfo, fn: CustomerFn) => CustomerFnResult;
  readonly onOperationEnd?: (info: OperationEndInfo) => Promise<void>;
  readonly onOperationAttemptStart?: (info: AttemptInfo) => Promise<void>;
  readonly wrapOperationAttemptFn?: (info: AttemptInfo, fn: CustomerFn) => CustomerFnResult;
  readonly onOperationAttemptEnd?: (info: AttemptEndInfo) => Promise<void>;
  readonly onOperationChange?: (info: OperationChangeInfo) => Promise<void>;
  readonly enrichLogContext?: () => Record<string, string | number | boolean>;
}

const HOOKS = [
  "onInvocationStart",
  "wrapInvocation",
  "onInvocationEnd",
  "onOperationStart",
  "wrapChildContextFn",
  "onOperationEnd",
  "onOperationAttemptStart",
  "wrapOperationAttemptFn",
  "onOperationAttemptEnd",
  "onOperationChange",
  "enrichLogContext",
] as const;

const isWrapHook = (hook: string): hook is WrapHook => hook.startsWith("wrap");

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";

/** Builds the runner for `plugins`, or undefined when none defines a hook (the zero-cost path). */
export function createPluginRunner(plugins: readonly DurableInstrumentationPlugin[]): PluginRunner | undefined {
  const list = [...plugins];
  const defines = (hook: (typeof HOOKS)[number]) => list.some((plugin) => typeof plugin[hook] === "function");
  if (!HOOKS.some(defines)) return undefined;
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

  /** One plugin's hook, its failure reported and swallowed. */
  const runOne = async (hook: OnHook, index: number, info: unknown): Promise<void> => {
    const plugin = list[index]!;
    try {
      const result = (plugin[hook] as (info: unknown) => unknown).call(plugin, info);
      if (isThenable(result)) await result;
    } catch (error) {
      report(index, hook, error);
    }
  };
  /** An on* hook: the plugins that define it, concurrently; undefined when none does. */
  const on = <Info>(hook: OnHook): ((info: Info) => Promise<void>) | undefined => {
    const indexes = list.flatMap((plugin, index) => (typeof plugin[hook] === "function" ? [index] : []));
    if (indexes.length === 0) return undefined;
    if (indexes.length === 1) return (info) => runOne(hook, indexes[0]!, info);
    return async (info) => {
      await Promise.all(indexes.map((index) => runOne(hook, index, info)));
    };
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

  // The members in HOOKS order, each hook's name written once (HOOKS): an on* hook dispatches to the
  // plugins that define it, a wrap* hook nests their wrappers; absent when no plugin defines it.
  const runner: { -readonly [K in keyof PluginRunner]: PluginRunner[K] } = { plugins: list };
  const members = runner as Record<string, unknown>;
  for (const hook of HOOKS) {
    if (isWrapHook(hook)) members[hook] = defines(hook) ? (info: unknown, fn: () => unknown) => wrap(hook, info, fn) : undefined;
    else if (hook !== "enrichLogContext") members[hook] = on(hook);
  }
  if (!defines("enrichLogContext")) return runner;
  runner.enrichLogContext = () => {
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
  };
  return runner;
}
