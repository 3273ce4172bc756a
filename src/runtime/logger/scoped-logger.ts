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

/**
 * `logger` bound to `scope` (as {@link scopedLogger}), built on first use: the methods are getters
 * that build the bound logger the first time one is read. Most bodies never log, and building a bound
 * logger (a closure per level) is the costliest part of starting a body in a fresh process; this
 * object costs one allocation. Reading a method — `logger.info(…)` or `const { info } = logger` —
 * gives a function that works unbound, as the eager logger's do.
 */
class LazyScopedLogger<L extends DurableLogger> {
  readonly #logger: L;
  readonly #scope: ActiveContext;
  #bound: DurableContextLogger<L> | undefined;

  constructor(logger: L, scope: ActiveContext) {
    this.#logger = logger;
    this.#scope = scope;
  }

  #get(): DurableContextLogger<L> {
    return (this.#bound ??= scopedLogger(this.#logger, this.#scope));
  }

  get error() {
    return this.#get().error;
  }
  get warn() {
    return this.#get().warn;
  }
  get info() {
    return this.#get().info;
  }
  get debug() {
    return this.#get().debug;
  }
  get log() {
    return this.#get().log;
  }
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
