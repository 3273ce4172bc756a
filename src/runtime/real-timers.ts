/**
 * The real timers and clock, whatever a test has installed over them.
 *
 * A test may call `vi.useFakeTimers()` / `jest.useFakeTimers()` to control its handler's own
 * `Date.now()` and timers. The SDK's checkpoint machinery, the local service and the test runner
 * must keep running on real time regardless, or they would wait for a fake clock nobody advances.
 * So they take their timers from here: the functions found at module load, and — when fake timers
 * were already installed then (e.g. Jest's `fakeTimers.enableGlobally`) — the originals the fake
 * implementation keeps (`@sinonjs/fake-timers`, used by both Vitest and Jest, stores them on the
 * clock it hangs on each fake as `clock._<name>`), or Node's `timers` module.
 *
 * `new Date(ms)` needs no care: a fake Date given an argument builds an ordinary Date. Only the
 * current time (`Date.now()`, a monotonic clock) must come from here.
 */
import { builtin } from "./builtins.js";

type AnyFunction = (...args: never[]) => unknown;

/** The original a fake-timers function keeps, or the function itself when it is not a fake. */
function unwrap<T>(value: T, name: string): T {
  let current: unknown = value;
  for (let depth = 0; depth < 5; depth++) {
    const clock = (current as { clock?: Record<string, unknown> } | null | undefined)?.clock;
    const original = clock && typeof clock === "object" ? clock[`_${name}`] : undefined;
    if (original === undefined || original === current) break;
    current = original;
  }
  return current as T;
}

/** The real `fn` (a fake's original), bound to `self`; undefined when only a mock without one is there. */
function realFunction<T extends AnyFunction>(fn: T | undefined, name: string, self: unknown): T | undefined {
  const real = unwrap(fn, name);
  return typeof real === "function" && !isMock(real) && !("clock" in real) ? (real.bind(self) as T) : undefined;
}

/** Jest's legacy fake timers replace timers with mock functions; those have no original to find. */
function isMock(fn: unknown): boolean {
  return typeof fn === "function" && (fn as { _isMockFunction?: unknown })._isMockFunction === true;
}

function realTimer<T extends AnyFunction>(name: "setTimeout" | "clearTimeout" | "setImmediate" | "clearImmediate"): T {
  const fromGlobal = (globalThis as Record<string, unknown>)[name] as T;
  const real = realFunction(fromGlobal, name, globalThis);
  if (real) return real;
  // Node's timers module keeps the real ones (Jest's legacy fakes only replace the globals). It is read
  // only here: importing it statically also loads timers/promises, in every cold start.
  return unwrap(builtin("node:timers")[name] as unknown as T, name).bind(globalThis) as T;
}

export const realSetTimeout: typeof setTimeout = realTimer("setTimeout");
export const realClearTimeout: typeof clearTimeout = realTimer("clearTimeout");
export const realSetImmediate: typeof setImmediate = realTimer("setImmediate");
export const realClearImmediate: typeof clearImmediate = realTimer("clearImmediate");

/** A settled promise: a reaction to it is queued as soon as it is added. */
export const resolvedPromise = Promise.resolve();

/** The Date constructor as it was before any fake (same realm as the caller's own `Date`). */
export const RealDate: DateConstructor = unwrap(globalThis.Date, "Date");
// Pure: a bundle that never reads the clock through realNow or realMonotonicNow drops it.
const realDateNow: () => number = /* @__PURE__ */ RealDate.now.bind(RealDate);

/** The current time in epoch milliseconds, on the real clock. */
export function realNow(): number {
  return realDateNow();
}

// `process.hrtime`, not `performance.now()`: reading `globalThis.performance` makes Node load its
// perf_hooks modules, about a millisecond of every cold start for a clock this package only subtracts.
// Pure: a bundle that never reads the clock (the SDK's Lambda bundle) drops it. The lookup is inside an
// arrow called at once because bundlers keep the arguments of a pure call when they read properties
// (`globalThis.process?.hrtime` could be a getter): annotated as a plain call, it stayed in the bundle.
const realHrtime: (() => [number, number]) | undefined = /* @__PURE__ */ (() => realFunction(globalThis.process?.hrtime, "hrtime", globalThis.process))();

/** A monotonic millisecond counter on the real clock (`process.hrtime()` as it was before any fake; its origin is arbitrary: only differences mean anything). */
export function realMonotonicNow(): number {
  if (realHrtime === undefined) return realDateNow();
  const [seconds, nanoseconds] = realHrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** A promise that resolves after `ms` real milliseconds; `unref` lets the process exit meanwhile. */
export function realDelay(ms: number, unref = false): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = realSetTimeout(resolve, ms);
    if (unref) timer.unref?.();
  });
}

/** A promise that resolves after the current round of I/O (a real `setImmediate`). */
export function realYield(): Promise<void> {
  return new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** `performance` for code that only reads `performance.now()`, on the real clock. */
export const realPerformance: { now(): number } = { now: realMonotonicNow };
