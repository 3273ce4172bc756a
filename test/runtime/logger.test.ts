import { Writable } from "node:stream";
import {
  DurableExecutionInvocationInputWithClient,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DurableLogData, DurableLogLevel } from "../../src/generated/index.js";
import {
  createDefaultLogger,
  formatLogRecord,
  isLevelEnabled,
  normaliseLevel,
  resolveLogLevel,
} from "../../src/runtime/logger/index.js";

/** A writable that collects each written line (without its newline). */
function captureStream(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split("\n")) if (line !== "") lines.push(line);
      callback();
    },
  });
  return { stream, lines };
}

const NOW = () => new Date("2025-01-02T03:04:05.678Z");
const DATA: DurableLogData = { requestId: "req-1", executionArn: "arn:test" };

function setup(options: Parameters<typeof createDefaultLogger>[0] = {}) {
  const out = captureStream();
  const err = captureStream();
  const logger = createDefaultLogger({ stdout: out.stream, stderr: err.stream, now: NOW, env: {}, ...options });
  logger.configureDurableLoggingContext({ getDurableLogData: () => DATA });
  return { logger, out: out.lines, err: err.lines };
}

describe("formatLogRecord", () => {
  it("writes keys in the documented order", () => {
    const line = formatLogRecord(
      "info",
      {
        attempt: 2,
        operationName: "st",
        operationId: "c4ca4238a0b92382",
        tenantId: "t",
        executionArn: "arn:x",
        requestId: "r",
      },
      ["hi"],
      { now: NOW, enrich: () => ({ traceId: "abc" }) },
    );
    expect(Object.keys(JSON.parse(line))).toEqual([
      "requestId",
      "timestamp",
      "level",
      "executionArn",
      "tenantId",
      "operationId",
      "operationName",
      "attempt",
      "traceId",
      "message",
    ]);
    expect(line).toBe(
      '{"requestId":"r","timestamp":"2025-01-02T03:04:05.678Z","level":"INFO","executionArn":"arn:x","tenantId":"t",' +
        '"operationId":"c4ca4238a0b92382","operationName":"st","attempt":2,"traceId":"abc","message":"hi"}',
    );
  });

  it("omits absent optional fields and a null tenant", () => {
    const record = JSON.parse(formatLogRecord("WARN", { ...DATA, tenantId: null as never }, ["x"], { now: NOW }));
    expect(Object.keys(record)).toEqual(["requestId", "timestamp", "level", "executionArn", "message"]);
  });

  it("keeps a single structured argument structured", () => {
    const record = JSON.parse(formatLogRecord("INFO", DATA, [{ a: [1, { b: 2 }] }], { now: NOW }));
    expect(record.message).toEqual({ a: [1, { b: 2 }] });
  });

  it("describes a single Error argument, own properties included", () => {
    const error = Object.assign(new RangeError("out"), { code: "E1" });
    const record = JSON.parse(formatLogRecord("ERROR", DATA, [error], { now: NOW }));
    expect(record.message).toEqual({
      errorType: "RangeError",
      errorMessage: "out",
      stackTrace: (error.stack as string).split("\n"),
      code: "E1",
    });
  });

  it("falls back to util.format when the single argument cannot be JSON-encoded", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const record = JSON.parse(formatLogRecord("INFO", DATA, [cyclic], { now: NOW }));
    expect(record.message).toBe("<ref *1> { name: 'loop', self: [Circular *1] }");
    expect(JSON.parse(formatLogRecord("INFO", DATA, [10n], { now: NOW })).message).toBe("10n");
  });

  it("formats several arguments on one line and lifts the first Error", () => {
    const first = new TypeError("first");
    const record = JSON.parse(
      formatLogRecord("WARN", DATA, ["n=%d", 5, { deep: { deeper: { deepest: { x: 1 } } } }, first, new Error("2nd")], {
        now: NOW,
      }),
    );
    expect(record.message.split("\n")[0]).toBe("n=5 { deep: { deeper: { deepest: [Object] } } } TypeError: first");
    expect(record.errorType).toBe("TypeError");
    expect(record.errorMessage).toBe("first");
    expect(record.stackTrace).toEqual((first.stack as string).split("\n"));
  });

  it("keeps long objects on one line", () => {
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i]));
    const record = JSON.parse(formatLogRecord("INFO", DATA, ["wide", wide], { now: NOW }));
    expect(record.message).not.toContain("\n");
  });

  it("ignores a failing enricher", () => {
    const line = formatLogRecord("INFO", DATA, ["x"], {
      now: NOW,
      enrich: () => {
        throw new Error("plugin bug");
      },
    });
    expect(JSON.parse(line).message).toBe("x");
  });
});

describe("log levels", () => {
  it("reads AWS_LAMBDA_LOG_LEVEL case-insensitively, defaulting to DEBUG", () => {
    expect(resolveLogLevel("warn")).toBe(DurableLogLevel.WARN);
    expect(resolveLogLevel("Error")).toBe(DurableLogLevel.ERROR);
    expect(resolveLogLevel(undefined)).toBe(DurableLogLevel.DEBUG);
    expect(resolveLogLevel("TRACE")).toBe(DurableLogLevel.DEBUG);
    expect(isLevelEnabled(DurableLogLevel.INFO, DurableLogLevel.WARN)).toBe(false);
    expect(isLevelEnabled(DurableLogLevel.ERROR, DurableLogLevel.WARN)).toBe(true);
    expect(normaliseLevel("nope")).toBe(DurableLogLevel.INFO);
  });

  it("takes only the level names themselves, not names the priority table inherits, nor other case in log(level)", () => {
    for (const inherited of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(resolveLogLevel(inherited)).toBe(DurableLogLevel.DEBUG);
      expect(normaliseLevel(inherited)).toBe(DurableLogLevel.INFO);
    }
    expect(resolveLogLevel(" error ")).toBe(DurableLogLevel.ERROR);
    expect(normaliseLevel("WARN")).toBe(DurableLogLevel.WARN);
    expect(normaliseLevel("warn")).toBe(DurableLogLevel.INFO);
    expect(normaliseLevel(4)).toBe(DurableLogLevel.INFO);
  });
});

describe("createDefaultLogger", () => {
  it("routes debug/info to stdout and warn/error to stderr", () => {
    const { logger, out, err } = setup();
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(out.map((l) => JSON.parse(l).level)).toEqual(["DEBUG", "INFO"]);
    expect(err.map((l) => JSON.parse(l).level)).toEqual(["WARN", "ERROR"]);
    expect(JSON.parse(out[0])).toEqual({
      requestId: "req-1",
      timestamp: "2025-01-02T03:04:05.678Z",
      level: "DEBUG",
      executionArn: "arn:test",
      message: "d",
    });
  });

  it("silences levels below AWS_LAMBDA_LOG_LEVEL", () => {
    const { logger, out, err } = setup({ env: { AWS_LAMBDA_LOG_LEVEL: "warn" } });
    expect(logger.level).toBe(DurableLogLevel.WARN);
    logger.debug("d");
    logger.info("i");
    logger.log("INFO", "via log");
    logger.warn("w");
    logger.log("ERROR", "e");
    expect(out).toEqual([]);
    expect(err.map((l) => JSON.parse(l).message)).toEqual(["w", "e"]);
    expect(setup({ env: { AWS_LAMBDA_LOG_LEVEL: "ERROR" }, logLevel: "debug" }).logger.level).toBe(DurableLogLevel.DEBUG);
  });

  it("dispatches log(level, …) and sends unknown levels to info", () => {
    const { logger, out, err } = setup();
    logger.log("WARN", "w", 1);
    logger.log("whatever" as never, "x");
    expect(JSON.parse(err[0])).toMatchObject({ level: "WARN", message: "w 1" });
    expect(JSON.parse(out[0])).toMatchObject({ level: "INFO", message: "x" });
  });

  it("drops a leading undefined argument", () => {
    const { logger, out } = setup();
    logger.info(undefined, "x");
    logger.info();
    expect(out.map((l) => JSON.parse(l).message)).toEqual(["x", ""]);
  });

  it("uses the installed logging context on every call", () => {
    const { logger, out } = setup();
    let attempt = 1;
    logger.configureDurableLoggingContext({ getDurableLogData: () => ({ ...DATA, operationId: "abc", attempt }) });
    logger.info("a");
    attempt = 2;
    logger.info("b");
    expect(out.map((l) => JSON.parse(l).attempt)).toEqual([1, 2]);
  });

  it("falls back to the execution context, then to no metadata", () => {
    const out = captureStream();
    const early = createDefaultLogger({
      stdout: out.stream,
      env: {},
      now: NOW,
      executionContext: { durableExecutionArn: "arn:e", requestId: "r0", tenantId: "ten" },
    });
    early.info("x");
    createDefaultLogger({ stdout: out.stream, env: {}, now: NOW }).info("y");
    expect(JSON.parse(out.lines[0])).toMatchObject({ requestId: "r0", executionArn: "arn:e", tenantId: "ten" });
    expect(Object.keys(JSON.parse(out.lines[1]))).toEqual(["timestamp", "level", "message"]);
  });

  it("passes enricher fields through", () => {
    const { logger, out } = setup({ enrichLogContext: () => ({ traceId: "t-1", sampled: true }) });
    logger.info("x");
    expect(JSON.parse(out[0])).toMatchObject({ traceId: "t-1", sampled: true, message: "x" });
  });

  it("on the process streams: touches process.stdout only when it writes (a logger made after a swap writes to the new stream)", () => {
    const real = Object.getOwnPropertyDescriptor(process, "stdout")!;
    const first = captureStream();
    const second = captureStream();
    let current: Writable = first.stream;
    let reads = 0;
    Object.defineProperty(process, "stdout", {
      configurable: true,
      get: () => {
        reads++;
        return current;
      },
    });
    try {
      const logger = createDefaultLogger({ env: {}, now: NOW });
      expect(reads).toBe(0);
      logger.debug("one");
      expect(reads).toBeGreaterThan(0);
      current = second.stream;
      createDefaultLogger({ env: {}, now: NOW }).info("two");
      logger.info("three");
      createDefaultLogger({ env: {}, now: NOW }).info("four");
    } finally {
      Object.defineProperty(process, "stdout", real);
    }
    expect(first.lines.map((line) => JSON.parse(line).message)).toEqual(["one", "three"]);
    expect(second.lines.map((line) => JSON.parse(line).message)).toEqual(["two", "four"]);
  });
});

describe("parity with the reference SDK's default logger", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs a one-step durable handler on the reference SDK and returns the JSON lines it logged. */
  async function referenceLines(log: (logger: Record<string, (...a: unknown[]) => void>) => void) {
    const written: string[] = [];
    const grab = (chunk: unknown) => {
      for (const line of String(chunk).split("\n")) if (line.startsWith("{\"requestId\"")) written.push(line);
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(grab as never);
    vi.spyOn(process.stderr, "write").mockImplementation(grab as never);
    const client = {
      checkpoint: async () => ({ CheckpointToken: "t2", NewExecutionState: { Operations: [] } }),
      getExecutionState: async () => ({ Operations: [] }),
    };
    const event = new DurableExecutionInvocationInputWithClient(
      {
        DurableExecutionArn: "arn:test",
        CheckpointToken: "t1",
        InitialExecutionState: {
          Operations: [{ Id: "exec", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: "{}" } }],
        },
      } as never,
      client as never,
    );
    const lambdaContext = { awsRequestId: "req-1", tenantId: "ten", getRemainingTimeInMillis: () => 60_000 };
    const handler = withDurableExecution(async (_event, ctx) => {
      log(ctx.logger as never);
      await ctx.step("st", async (step) => {
        step.logger.info("in step", 42);
      });
      return "ok";
    });
    const output = await handler(event, lambdaContext as never);
    vi.restoreAllMocks();
    expect(output.Status).toBe("SUCCEEDED");
    return written.map((line) => ({ ...JSON.parse(line), timestamp: "<ts>" }));
  }

  it("formats the same records (timestamps masked)", async () => {
    const typeError = new TypeError("bad thing");
    const rangeError = Object.assign(new RangeError("range"), { code: 7 });
    const calls: [string, unknown[]][] = [
      ["info", ["hello"]],
      ["warn", ["multi", { a: { b: { c: [1, 2, 3] } } }, typeError]],
      ["debug", [{ structured: true }, 5]],
      ["error", [rangeError]],
      ["info", [undefined, "after undefined"]],
    ];
    const theirs = await referenceLines((logger) => {
      for (const [method, args] of calls) logger[method](...args);
    });

    const out = captureStream();
    const ours = createDefaultLogger({ stdout: out.stream, stderr: out.stream, env: {} });
    const root = { requestId: "req-1", executionArn: "arn:test", tenantId: "ten" };
    ours.configureDurableLoggingContext({ getDurableLogData: () => root });
    for (const [method, args] of calls) (ours as never as Record<string, (...a: unknown[]) => void>)[method](...args);
    ours.configureDurableLoggingContext({
      getDurableLogData: () => ({ ...root, operationId: "c4ca4238a0b92382", operationName: "st", attempt: 1 }),
    });
    ours.info("in step", 42);

    // Compared as JSON text, so key order counts too; sorted because the reference interleaves two streams.
    const mine = out.lines.map((line) => JSON.stringify({ ...JSON.parse(line), timestamp: "<ts>" }));
    expect(mine.length).toBe(calls.length + 1);
    expect([...mine].sort()).toEqual(theirs.map((record) => JSON.stringify(record)).sort());
  });
});
