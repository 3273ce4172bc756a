import { describe, expect, it, vi } from "vitest";
import type { DurableLogger } from "../../src/generated/index.js";
import { createContextLogger, createModeAwareLogger } from "../../src/runtime/logger/index.js";

function fakeLogger(withLog = true) {
  const logger = {
    error: vi.fn(() => "error-result"),
    warn: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    log: withLog ? vi.fn(() => "log-result") : undefined,
    configureDurableLoggingContext: vi.fn(),
  };
  if (!withLog) delete (logger as { log?: unknown }).log;
  return logger;
}

describe("createModeAwareLogger", () => {
  it("forwards calls, arguments and return values while not suppressed", () => {
    const inner = fakeLogger();
    const wrapped = createModeAwareLogger(() => inner as DurableLogger, () => false);
    expect(wrapped.error("e", 1)).toBe("error-result");
    wrapped.warn("w");
    wrapped.info("i", { a: 1 });
    wrapped.debug();
    expect(wrapped.log?.("WARN", "x")).toBe("log-result");
    expect(inner.error).toHaveBeenCalledWith("e", 1);
    expect(inner.warn).toHaveBeenCalledWith("w");
    expect(inner.info).toHaveBeenCalledWith("i", { a: 1 });
    expect(inner.debug).toHaveBeenCalledWith();
    expect(inner.log).toHaveBeenCalledWith("WARN", "x");
  });

  it("drops every call while suppressed", () => {
    const inner = fakeLogger();
    const wrapped = createModeAwareLogger(() => inner as DurableLogger, () => true);
    expect(wrapped.error("e")).toBeUndefined();
    wrapped.warn("w");
    wrapped.info("i");
    wrapped.debug("d");
    wrapped.log?.("INFO", "l");
    for (const fn of [inner.error, inner.warn, inner.info, inner.debug, inner.log]) expect(fn).not.toHaveBeenCalled();
  });

  it("re-evaluates suppression and the target logger on every call", () => {
    const first = fakeLogger();
    const second = fakeLogger();
    let target = first;
    let replaying = true;
    const wrapped = createModeAwareLogger(() => target as DurableLogger, () => replaying);
    wrapped.info("dropped");
    replaying = false;
    wrapped.info("kept");
    target = second;
    wrapped.info("to second");
    expect(first.info.mock.calls).toEqual([["kept"]]);
    expect(second.info.mock.calls).toEqual([["to second"]]);
  });

  it("maps log(level, …) onto the level methods when the logger has no log()", () => {
    const inner = fakeLogger(false);
    const wrapped = createModeAwareLogger(() => inner as DurableLogger, () => false);
    wrapped.log?.("ERROR", "e");
    wrapped.log?.("DEBUG", "d");
    wrapped.log?.("bogus" as never, "i");
    expect(inner.error).toHaveBeenCalledWith("e");
    expect(inner.debug).toHaveBeenCalledWith("d");
    expect(inner.info).toHaveBeenCalledWith("i");
  });

  it("keeps `this` bound to the logger", () => {
    const seen: unknown[] = [];
    const inner = {
      prefix: "p",
      error(m: string) {
        seen.push(`${(this as { prefix: string }).prefix}:${m}`);
      },
      warn() {},
      info() {},
      debug() {},
    };
    createModeAwareLogger(() => inner, () => false).error("x");
    expect(seen).toEqual(["p:x"]);
  });
});

describe("createContextLogger / configureLogger", () => {
  it("suppresses only when mode-aware and replaying", () => {
    const inner = fakeLogger();
    let replaying = true;
    const state = createContextLogger({ logger: inner as DurableLogger, isReplaying: () => replaying });
    expect(state.isModeAware()).toBe(true);
    state.logger.info("a");
    state.configureLogger({ modeAware: false });
    state.logger.info("b");
    state.configureLogger({ modeAware: true });
    state.logger.info("c");
    replaying = false;
    state.logger.info("d");
    expect(inner.info.mock.calls).toEqual([["b"], ["d"]]);
  });

  it("changes only the supplied fields", () => {
    const first = fakeLogger();
    const second = fakeLogger();
    const loggingContext = { getDurableLogData: () => ({ requestId: "r", executionArn: "a" }) };
    const state = createContextLogger({
      logger: first as DurableLogger,
      modeAware: false,
      loggingContext,
      isReplaying: () => true,
    });
    const wrapper = state.logger;
    state.configureLogger({ customLogger: second as DurableLogger });
    expect(state.current()).toBe(second);
    expect(state.isModeAware()).toBe(false);
    expect(second.configureDurableLoggingContext).toHaveBeenCalledWith(loggingContext);
    state.configureLogger({ modeAware: true });
    expect(state.current()).toBe(second);
    state.configureLogger({});
    state.configureLogger({ customLogger: undefined, modeAware: undefined });
    expect(state.current()).toBe(second);
    expect(state.isModeAware()).toBe(true);
    expect(state.logger).toBe(wrapper);
  });

  it("routes through the newest custom logger", () => {
    const first = fakeLogger();
    const second = fakeLogger();
    const state = createContextLogger({ logger: first as DurableLogger, isReplaying: () => false });
    state.logger.warn("one");
    state.configureLogger({ customLogger: second as DurableLogger });
    state.logger.warn("two");
    expect(first.warn.mock.calls).toEqual([["one"]]);
    expect(second.warn.mock.calls).toEqual([["two"]]);
  });

  it("accepts console as a custom logger", () => {
    const state = createContextLogger<DurableLogger>({ logger: fakeLogger() as DurableLogger, isReplaying: () => false });
    expect(() => state.configureLogger({ customLogger: console })).not.toThrow();
  });

  it.each([
    [null, "config"],
    [{ modeAware: "yes" }, "modeAware"],
    [{ customLogger: { info() {}, warn() {}, error() {} } }, "customLogger.debug"],
  ])("rejects the config %o at %s", (config, field) => {
    const state = createContextLogger({ logger: fakeLogger() as DurableLogger, isReplaying: () => false });
    expect(() => state.configureLogger(config as never)).toThrow(
      expect.objectContaining({ name: "DurableValidationError", field: `configureLogger.${field}` }),
    );
  });
});
