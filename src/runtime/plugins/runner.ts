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
import type { DurableInstrumentationPlugin } from "./types.js";
import { thrownText } from "../text.js";

/**
 * The hooks of the plugin contract, in the order the runner builds its members. Compile-time checks
 * (types only: nothing of them reaches the bundle) hold the list to the contract: `satisfies` refuses a
 * name the contract does not have, and {@link EveryHookListed} one of its hooks left out (never run).
 */
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
] as const satisfies readonly (keyof DurableInstrumentationPlugin)[];

/**
 * A hook of HOOKS. Declared through {@link EveryHookListed}, so a contract hook that HOOKS leaves out is
 * a type error here, naming the hook.
 */
type Hook = EveryHookListed<(typeof HOOKS)[number], Exclude<keyof DurableInstrumentationPlugin, (typeof HOOKS)[number]>>;
type EveryHookListed<Listed, Missing extends never> = Listed;
type OnHook = Extract<Hook, `on${string}`>;
type WrapHook = Extract<Hook, `wrap${string}`>;

/** Hook `K` of the plugin contract as a function type: compared strictly, not bivariantly as a method is. */
type ContractHook<K extends keyof DurableInstrumentationPlugin> = (
  ...args: Parameters<NonNullable<DurableInstrumentationPlugin[K]>>
) => ReturnType<NonNullable<DurableInstrumentationPlugin[K]>>;

/**
 * What the runtime calls when at least one plugin defines a hook: every hook of the plugin contract,
 * with the contract's signature, present only when some plugin defines it: check it before building its
 * information object.
 */
export interface PluginRunner extends ContractHooks {
  readonly plugins: readonly DurableInstrumentationPlugin[];
}
type ContractHooks = { readonly [K in keyof DurableInstrumentationPlugin]?: ContractHook<K> };

/** What the runner builds for an on* hook: the plugins' hooks given `info`, run concurrently and awaited. */
type OnMember = (info: unknown) => Promise<void>;
/** What it builds for a wrap* hook: the plugins' wrappers nested around `fn`, answering what `fn` answers. */
type WrapMember = <Output>(info: unknown, fn: () => Output) => Output;
/**
 * The runner as createPluginRunner builds it: one member type per kind of hook (enrichLogContext's
 * merges every plugin's fields), each held to the contract's signatures where it is returned.
 */
type RunnerMembers = { plugins: PluginRunner["plugins"]; enrichLogContext?: () => Record<string, string | number | boolean> } & {
  [K in OnHook]?: OnMember;
} & { [K in WrapHook]?: WrapMember };

const isWrapHook = (hook: string): hook is WrapHook => hook.startsWith("wrap");

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";

/** Builds the runner for `plugins`, or undefined when none defines a hook (the zero-cost path). */
export function createPluginRunner(plugins: readonly DurableInstrumentationPlugin[]): PluginRunner | undefined {
  const list = [...plugins];
  const defines = (hook: Hook) => list.some((plugin) => typeof plugin[hook] === "function");
  if (!HOOKS.some(defines)) return undefined;
  const reported = new Set<string>();
  const report = (index: number, hook: string, error: unknown): void => {
    const key = `${index}:${hook}`;
    if (reported.has(key)) return;
    reported.add(key);
    const name = (list[index] as { constructor?: { name?: string } }).constructor?.name ?? "plugin";
    process.emitWarning(
      `Instrumentation plugin ${name} (#${index + 1}) failed in ${hook}: ${thrownText(error instanceof Error ? error.message : error)}. The error was ignored; further failures of this hook are not reported.`,
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
  const on = (hook: OnHook): OnMember | undefined => {
    const indexes = list.flatMap((plugin, index) => (typeof plugin[hook] === "function" ? [index] : []));
    if (indexes.length === 0) return undefined;
    if (indexes.length === 1) return (info) => runOne(hook, indexes[0]!, info);
    return async (info) => {
      await Promise.all(indexes.map((index) => runOne(hook, index, info)));
    };
  };

  /** The wrap* member's work (see {@link WrapMember}). */
  const wrap = <Output>(hook: WrapHook, info: unknown, fn: () => Output): Output => {
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
    // A wrapper answers what its `fn` answers (the contract): the settled chain is `fn`'s answer.
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
      ) as Output;
    }
    if (failure) throw failure.error;
    return result as Output;
  };

  // The members in HOOKS order, each hook's name written once (HOOKS): an on* hook dispatches to the
  // plugins that define it, a wrap* hook nests their wrappers; absent when no plugin defines it. The
  // compiler checks each member against its kind's type (RunnerMembers), and those against the
  // contract's signatures where the runner is returned as a PluginRunner (ContractHook).
  const runner: RunnerMembers = { plugins: list };
  for (const hook of HOOKS) {
    if (isWrapHook(hook)) runner[hook] = defines(hook) ? (info, fn) => wrap(hook, info, fn) : undefined;
    else if (hook !== "enrichLogContext") runner[hook] = on(hook);
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
