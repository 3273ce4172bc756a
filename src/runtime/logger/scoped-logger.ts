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
import { normaliseLevel } from "./log-level.js";

type AnyMethod = (...params: unknown[]) => unknown;
type LevelName = "error" | "warn" | "info" | "debug";

class ScopedLogger {
  readonly #target: DurableLogger;
  readonly #scope: ActiveContext;

  constructor(target: DurableLogger, scope: ActiveContext) {
    this.#target = target;
    this.#scope = scope;
  }

  #call(name: LevelName, params: unknown[]): unknown {
    const target = this.#target;
    return runMarked(this.#scope, () => (target[name] as AnyMethod).apply(target, params));
  }

  error(...params: unknown[]): unknown {
    return this.#call("error", params);
  }
  warn(...params: unknown[]): unknown {
    return this.#call("warn", params);
  }
  info(...params: unknown[]): unknown {
    return this.#call("info", params);
  }
  debug(...params: unknown[]): unknown {
    return this.#call("debug", params);
  }
  /** Forwards to the logger's own `log` when it has one, else to the method the level names (unknown levels go to `info`). */
  log(level: unknown, ...params: unknown[]): unknown {
    const target = this.#target;
    if (typeof target.log === "function") return runMarked(this.#scope, () => (target.log as AnyMethod).call(target, level, ...params));
    return this.#call(normaliseLevel(level).toLowerCase() as LevelName, params);
  }
}

/** `logger` with `scope` marked during each call. */
export function scopedLogger<L extends DurableLogger>(logger: L, scope: ActiveContext): DurableContextLogger<L> {
  // Justified cast: DurableContextLogger<L> is Pick<L, …> of a caller-chosen logger type L, whose method
  // signatures TypeScript cannot relate to these forwarders (they call L's own methods with the same
  // arguments and return their result, so the shapes agree at run time).
  return new ScopedLogger(logger, scope) as unknown as DurableContextLogger<L>;
}
