/**
 * The replay-aware wrapper exposed as `ctx.logger`.
 *
 * @module
 */
import type { DurableContextLogger, DurableLogger } from "../../generated/index.js";
import { normaliseLevel } from "./log-level.js";

type AnyMethod = (...params: unknown[]) => unknown;

type LevelName = "error" | "warn" | "info" | "debug";

/**
 * A logger whose every call goes through `around`, then — with its return value — to the logger
 * `getLogger()` returns at that moment. `log(level, …)` forwards to the logger's own `log` when it has
 * one, and otherwise to the method named by the level (unknown levels go to `info`). The shared shape of
 * the replay-aware `ctx.logger` (below) and a step body's scoped logger (scoped-logger.ts).
 *
 * @param getLogger - Returns the logger to forward to.
 * @param around - Runs each forwarded call (it may drop it by not calling it, or set up a scope first).
 */
export function createForwardingLogger<L extends DurableLogger>(
  getLogger: () => L,
  around: (call: () => unknown) => unknown,
): DurableContextLogger<L> {
  const forward =
    (name: LevelName): AnyMethod =>
    (...params) =>
      around(() => {
        const logger = getLogger();
        return (logger[name] as AnyMethod).apply(logger, params);
      });
  // The reference's key order (Object.keys(context.logger) lists them so).
  const wrapper = {
    warn: forward("warn"),
    debug: forward("debug"),
    info: forward("info"),
    error: forward("error"),
    log: (level: unknown, ...params: unknown[]) =>
      around(() => {
        const logger = getLogger();
        if (typeof logger.log === "function") return (logger.log as AnyMethod).call(logger, level, ...params);
        const name = normaliseLevel(level).toLowerCase() as LevelName;
        return (logger[name] as AnyMethod).apply(logger, params);
      }),
  };
  // Justified cast: DurableContextLogger<L> is Pick<L, …> of a caller-chosen logger type L, whose method
  // signatures TypeScript cannot relate to these forwarders (they call L's own methods with the same
  // arguments and return their result, so the shapes agree at run time).
  return wrapper as unknown as DurableContextLogger<L>;
}

/**
 * Wraps a logger so that each call is dropped while `shouldSuppress()` is true (during replay), and
 * otherwise forwarded to the logger `getLogger()` returns at that moment (see
 * {@link createForwardingLogger}). Reading the logger per call means a later
 * `configureLogger({ customLogger })` takes effect on wrappers already handed out.
 *
 * @param getLogger - Returns the logger to forward to.
 * @param shouldSuppress - Returns true when the current call must be dropped.
 */
export function createModeAwareLogger<L extends DurableLogger>(
  getLogger: () => L,
  shouldSuppress: () => boolean,
): DurableContextLogger<L> {
  return createForwardingLogger(getLogger, (call) => (shouldSuppress() ? undefined : call()));
}
