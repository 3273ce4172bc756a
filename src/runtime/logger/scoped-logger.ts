/**
 * The logger handed to a root-level step body (or waitForCondition check) that runs with the scope
 * marker instead of the async-local store (see src/runtime/execution/async-context.ts): each call
 * marks the operation's scope while it runs, so the log line carries the operation's metadata
 * (operationId, operationName, attempt) even when logged after an `await` in the body.
 *
 * @module
 */
import type { DurableContextLogger, DurableLogger } from "../../generated/index.js";
import { runMarked, type ActiveContext } from "../execution/async-context.js";
import { createForwardingLogger } from "./mode-aware-logger.js";

const LOGGER = Symbol("logger");
const SCOPE = Symbol("scope");
const BOUND = Symbol("bound");

/**
 * `logger` bound to `scope` (as {@link scopedLogger}), built on first use: the methods are getters
 * that build the bound logger the first time one is read. Most bodies never log, and building a bound
 * logger (a closure per level) is the costliest part of starting a body in a fresh process; this
 * object costs one allocation. Reading a method — `logger.info(…)` or `const { info } = logger` —
 * gives a function that works unbound, as the eager logger's do.
 */
class LazyScopedLogger<L extends DurableLogger> {
  // Symbol-keyed slots set by the constructor, not class fields: a class with fields runs an extra
  // initializer function per instance, and a cold start makes one of these per step.
  declare readonly [LOGGER]: L;
  declare readonly [SCOPE]: ActiveContext;
  declare [BOUND]: DurableContextLogger<L> | undefined;

  constructor(logger: L, scope: ActiveContext) {
    this[LOGGER] = logger;
    this[SCOPE] = scope;
    this[BOUND] = undefined;
  }

  get error() {
    return bound(this).error;
  }
  get warn() {
    return bound(this).warn;
  }
  get info() {
    return bound(this).info;
  }
  get debug() {
    return bound(this).debug;
  }
  get log() {
    return bound(this).log;
  }
}

/** The bound logger of `lazy`, built on its first call (a function, not a private method: those also cost an initializer). */
function bound<L extends DurableLogger>(lazy: LazyScopedLogger<L>): DurableContextLogger<L> {
  return (lazy[BOUND] ??= scopedLogger(lazy[LOGGER], lazy[SCOPE]));
}

/** The logger of a root-level step body or waitForCondition check: `logger` bound to `scope`, built on first use. */
export function lazyScopedLogger<L extends DurableLogger>(logger: L, scope: ActiveContext): DurableContextLogger<L> {
  // Justified cast: the getters return exactly the bound logger's methods, so the shapes agree at run time.
  return new LazyScopedLogger(logger, scope) as unknown as DurableContextLogger<L>;
}

/** `logger` with `scope` marked during each call. */
export function scopedLogger<L extends DurableLogger>(logger: L, scope: ActiveContext): DurableContextLogger<L> {
  return createForwardingLogger(() => logger, (call) => runMarked(scope, call));
}
