/**
 * Which durable context (or step body) the current code runs in: the "active scope". Read by the
 * context-usage guard (see docs/guide/internals-operations.md#shared-machinery) and for log metadata.
 *
 * Two carriers hold it:
 * - the async-local store `activeContext`, which follows the code across `await`s, and
 * - a synchronous scope marker, set only while the synchronous part of a root-level step body (or
 *   waitForCondition check) runs and restored right after it.
 *
 * Why two: on runtimes whose AsyncLocalStorage is built on async hooks (Node 20, and 22 without
 * `--experimental-async-context-frame`), entering a store for the first time turns on promise hooks for
 * the rest of the process, and every promise then pays a hook call. Measured in a fresh process on
 * Node 20, 1000 sequential synchronous steps took about 140 ms with a store entered around each body
 * and 110 ms without (the reference: about 260 ms). Root code runs with no store at all, so a handler
 * that only runs steps at root never needs one: its step bodies get the marker instead. Code inside a child context already runs in a store (the hooks
 * are on anyway), so step bodies there keep entering the store. On AsyncContextFrame runtimes (Node 24
 * and later, or 22 with the flag) a store costs no hooks, and bodies always enter it.
 */
import { builtin } from "../builtins.js";

const { AsyncLocalStorage } = builtin("node:async_hooks");

/** Execution modes of a context (see docs/guide/internals-replay.md#execution-modes). They only affect log suppression and replay-only children. */
export const Mode = {
  Execution: "ExecutionMode",
  Replay: "ReplayMode",
  ReplaySucceededContext: "ReplaySucceededContext",
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export interface ActiveContext {
  /** `"root"`, or the raw id of the child context / step whose code is running. */
  readonly id: string;
  /** Wire Id of the active operation (absent at root). */
  readonly operationId?: string;
  readonly operationName?: string;
  readonly attempt?: number;
  /** Mode of the context when the code started; step bodies always run in ExecutionMode. */
  readonly mode: () => Mode;
}

export const activeContext = new AsyncLocalStorage<ActiveContext>();

/**
 * Whether this runtime's AsyncLocalStorage rides on async hooks. That implementation has the
 * `_propagate` method its init hook calls; the AsyncContextFrame one has no hooks and no such method.
 * Read once at load.
 */
export const storeCostsHooks: boolean = typeof (AsyncLocalStorage.prototype as { _propagate?: unknown })._propagate === "function";

/** The scope whose synchronous code runs right now without a store (see the module comment). */
let marked: ActiveContext | undefined;

/** The active scope: the synchronous marker first, then the async-local store; undefined in root code. */
export function currentScope(): ActiveContext | undefined {
  return marked ?? activeContext.getStore();
}

/**
 * Runs `fn` (given `arg`, if any) inside the store `scope`. The marker is cleared while its synchronous
 * part runs, so the store is what code there sees.
 */
export function runInStore<T>(scope: ActiveContext, fn: () => T): T;
export function runInStore<A, T>(scope: ActiveContext, fn: (arg: A) => T, arg: A): T;
export function runInStore<A, T>(scope: ActiveContext, fn: (arg?: A) => T, arg?: A): T {
  const outer = marked;
  marked = undefined;
  try {
    return activeContext.run(scope, fn, arg);
  } finally {
    marked = outer;
  }
}

/** Runs `fn` (given `arg`, if any) with `scope` as the marker while its synchronous part runs (nesting-safe). */
export function runMarked<T>(scope: ActiveContext, fn: () => T): T;
export function runMarked<A, T>(scope: ActiveContext, fn: (arg: A) => T, arg: A): T;
export function runMarked<A, T>(scope: ActiveContext, fn: (arg?: A) => T, arg?: A): T {
  const outer = marked;
  marked = scope;
  try {
    return fn(arg);
  } finally {
    marked = outer;
  }
}

/**
 * Whether an operation body starting now gets the marker instead of the store: when entering a store
 * would cost promise hooks and no scope is active (root code).
 */
export function bodyUsesMarker(): boolean {
  return storeCostsHooks && marked === undefined && activeContext.getStore() === undefined;
}

/** The mode of every step body and waitForCondition check. */
export const executionMode = (): Mode => Mode.Execution;
