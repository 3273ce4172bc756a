/**
 * The context logger side by side with the reference SDK: each case runs one handler on both SDKs
 * through the fake service, across all its invocations, and records in order everything a logger sees:
 * each call on a custom logger (`configureLogger({ customLogger })`) — which logger, which method, the
 * arguments, `this`, and the SDK's log data at the call (`getDurableLogData()`, keys in order, undefined
 * ones included) — each `configureDurableLoggingContext` call, and each line the default logger writes
 * to stdout or stderr (every field, key order included), plus notes the handler takes (`ctx.logger`'s
 * keys, identities, return values). Both records must be equal, invocation markers and statuses included.
 *
 * Normalised, not dropped: a default-logger `timestamp` in ISO form becomes "<iso>" (any other form is
 * kept, so it fails), and stack frames (`at …` lines, which name each SDK's files) become "<frames>".
 * The ARN and request id are the fake service's, the same on both.
 *
 * Where ours differs on purpose, the case names the differing observations (`pinned`): they are taken
 * out of the comparison and each side's are checked exactly, with the reason.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { storeCostsHooks } from "../../src/runtime/execution/async-context.js";
import { ARN, FakeDurableService, lambdaContext, type SdkUnderTest } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Observation = Record<string, unknown>;

/** An argument as a logger received it (Errors by class, message and own keys). */
function argView(value: unknown): unknown {
  if (value instanceof Error) return { error: value.constructor.name, message: value.message, keys: Object.keys(value) };
  if (value === undefined) return "<undefined>";
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return "<not JSON>";
  }
}

/** getDurableLogData() as a logger spreading it would show it: keys in order, undefined values kept. */
const dataView = (data: Record<string, unknown>) => Object.entries(data).map(([key, value]) => `${key}=${String(value)}`).join(" ");

const maskFrames = (text: string) => text.replace(/(\n\s+at [^\n]*)+/g, "\n<frames>");

/** A default-logger line: its fields in order, the timestamp and stack frames normalised. */
function lineView(line: string): unknown {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line);
  } catch {
    return { notJson: line };
  }
  if (typeof record.timestamp === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(record.timestamp)) record.timestamp = "<iso>";
  if (Array.isArray(record.stackTrace)) record.stackTrace = [record.stackTrace[0], "<frames>"];
  if (typeof record.message === "string") record.message = maskFrames(record.message);
  const message = record.message as { stackTrace?: unknown } | undefined;
  if (message && typeof message === "object" && Array.isArray(message.stackTrace)) message.stackTrace = "<frames>";
  return Object.entries(record);
}

interface Tools {
  /** A custom logger recording its calls under `tag` (`log: false`: without a `log` method). */
  logger(tag: string, options?: { log?: boolean }): Record<string, unknown>;
  note(label: string, value: unknown): void;
  /** One macrotask (an `await` that leaves the current synchronous scope). */
  tick(): Promise<void>;
}

interface Case {
  name: string;
  /** Configure a recording custom logger "A" before the body runs. */
  customLogger?: true;
  /** The handler's body (the handler then returns "done"). */
  body(ctx: any, tools: Tools): Promise<unknown>;
  onPending?(service: FakeDurableService): void;
  lambdaContext?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Observations that differ on purpose: left out of the comparison, each side's checked exactly. */
  pinned?: { why: string; select(o: Observation): boolean; reference: Observation[]; ours: Observation[] };
}

async function observe(make: (handler: any) => SdkUnderTest, scenario: Case) {
  const seen: Observation[] = [];
  const tools: Tools = {
    logger(tag, options = {}) {
      let loggingContext: { getDurableLogData(): Record<string, unknown> } | undefined;
      const method = (name: string) =>
        function (this: unknown, ...args: unknown[]) {
          seen.push({ logger: tag, method: name, args: args.map(argView), data: loggingContext ? dataView(loggingContext.getDurableLogData()) : "none", thisIsLogger: this === logger });
          return `${tag}.${name} returned`;
        };
      const logger: Record<string, unknown> = {
        info: method("info"),
        warn: method("warn"),
        error: method("error"),
        debug: method("debug"),
        extra: "a member of the logger's own",
        configureDurableLoggingContext(context: typeof loggingContext) {
          loggingContext = context;
          seen.push({ logger: tag, method: "configureDurableLoggingContext" });
        },
      };
      if (options.log !== false) logger.log = method("log");
      return logger;
    },
    note: (label, value) => void seen.push({ note: label, value }),
    tick: () => new Promise((resolve) => setImmediate(resolve)),
  };
  const write = (stream: string) => (chunk: unknown) => {
    for (const line of String(chunk).split("\n")) if (line !== "") seen.push({ stream, line: lineView(line) });
    return true;
  };
  const saved = Object.fromEntries(Object.keys(scenario.env ?? {}).map((key) => [key, process.env[key]]));
  Object.assign(process.env, scenario.env);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(write("stdout") as never);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(write("stderr") as never);
  const sdk = make(async (_event: unknown, ctx: any) => {
    if (scenario.customLogger) ctx.configureLogger({ customLogger: tools.logger("A") });
    await scenario.body(ctx, tools);
    return "done";
  });
  const service = new FakeDurableService({});
  const statuses: string[] = [];
  try {
    for (let invocation = 1; invocation <= 10; invocation++) {
      seen.push({ invocation });
      const output = await sdk.handler(service.event(sdk), { ...lambdaContext, ...scenario.lambdaContext });
      statuses.push(output.Status);
      if (output.Status !== "PENDING") break;
      if (scenario.onPending) scenario.onPending(service);
      else service.advance();
    }
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { statuses, seen };
}

const completeCallbacks = (service: FakeDurableService) => {
  for (const op of service.ops.values())
    if (op.Type === "CALLBACK" && op.Status === "STARTED") service.completeCallback(op.CallbackDetails!.CallbackId!, { result: '"approved"' });
};

/** Over 256 KiB: a child context returning it is stored with its children and run again on replay. */
const LARGE = "x".repeat(300 * 1024);

const ARGUMENTS: unknown[][] = [
  ["text"],
  ["several", 1, { a: { b: [1, 2] } }],
  ["n=%d s=%s", 5, "five", "extra"],
  [{ structured: true, nested: { deeper: { deepest: { x: 1 } } } }],
  [new TypeError("bad input")],
  [Object.assign(new RangeError("out of range"), { code: "E_RANGE" })],
  ["with an error", new Error("first"), new Error("second")],
  [undefined, "after a leading undefined"],
  [],
  [null],
  [["an", "array"]],
  [10n],
];

const cases: Case[] = [
  {
    name: "default logger: every level and argument shape, at root and in a step (before and after an await)",
    async body(ctx, t) {
      t.note("ctx.logger keys", Object.keys(ctx.logger));
      for (const [i, args] of ARGUMENTS.entries()) ctx.logger[(["info", "warn", "error", "debug"] as const)[i % 4]](...args);
      const cycle: Record<string, unknown> = { name: "loop" };
      cycle.self = cycle;
      ctx.logger.info(cycle);
      ctx.logger.log("WARN", "through log", 3);
      ctx.logger.log("DEBUG", "through log at debug");
      ctx.logger.log("NOT_A_LEVEL", "an unknown level");
      await ctx.step("step", async (step: any) => {
        t.note("step.logger.log", typeof step.logger.log);
        step.logger.info("in the step", { k: 1 });
        await t.tick();
        step.logger.error("after an await", new Error("in step"));
        step.logger.log("INFO", "log in the step");
      });
    },
  },
  {
    name: "default logger: AWS_LAMBDA_LOG_LEVEL=warn silences debug and info, log() included",
    env: { AWS_LAMBDA_LOG_LEVEL: "warn" },
    async body(ctx) {
      ctx.logger.debug("d");
      ctx.logger.info("i");
      ctx.logger.warn("w");
      ctx.logger.error("e");
      ctx.logger.log("INFO", "log info");
      ctx.logger.log("ERROR", "log error");
      await ctx.step("s", async (step: any) => {
        step.logger.info("step info");
        step.logger.warn("step warn");
      });
    },
  },
  {
    name: "default logger: lines before a wait are not written again on the replay",
    async body(ctx) {
      ctx.logger.info("before");
      await ctx.step("s1", async (step: any) => step.logger.info("step 1"));
      await ctx.wait({ seconds: 1 });
      ctx.logger.warn("after");
      await ctx.step("s2", async (step: any) => step.logger.info("step 2"));
    },
  },
  {
    name: "default logger and custom logger: tenantId from the Lambda context",
    lambdaContext: { tenantId: "tenant-7" },
    async body(ctx, t) {
      ctx.logger.info("default");
      await ctx.step("s", async (step: any) => step.logger.warn("in the step"));
      ctx.configureLogger({ customLogger: t.logger("A") });
      ctx.logger.info("custom");
      await ctx.step("s2", async (step: any) => step.logger.warn("custom in the step"));
    },
  },
  {
    name: "custom logger: methods, arguments, this, return values and log data at root",
    customLogger: true,
    async body(ctx, t) {
      t.note("ctx.logger keys", Object.keys(ctx.logger));
      t.note("same ctx.logger on each read", ctx.logger === ctx.logger);
      for (const [i, args] of ARGUMENTS.entries()) ctx.logger[(["info", "warn", "error", "debug"] as const)[i % 4]](...args);
      t.note("info returns", ctx.logger.info("r"));
      t.note("log returns", ctx.logger.log("WARN", "through log", { x: 1 }));
      const { warn } = ctx.logger;
      warn("called unbound");
    },
  },
  {
    name: "custom logger: replayed lines suppressed (modeAware default), steps not re-run",
    customLogger: true,
    async body(ctx, t) {
      ctx.logger.debug("before the first wait");
      const first = await ctx.step("s1", async (step: any) => (step.logger.info("step 1"), 1));
      await ctx.wait({ seconds: 1 });
      ctx.logger.log("WARN", "between the waits", first);
      await ctx.wait("second", { seconds: 1 });
      ctx.logger.error("after both waits", new Error("logged once"));
    },
  },
  {
    name: "custom logger: modeAware false keeps replayed lines; switched back on mid-run",
    async body(ctx, t) {
      ctx.configureLogger({ customLogger: t.logger("A"), modeAware: false });
      ctx.logger.info("every invocation");
      ctx.configureLogger({ modeAware: true });
      ctx.logger.info("once");
      await ctx.wait({ seconds: 1 });
      ctx.configureLogger({ modeAware: false });
      ctx.logger.info("after the wait");
      await ctx.wait({ seconds: 1 });
    },
  },
  {
    name: "configureLogger: partial updates, mid-run replacement, the default logger until then",
    async body(ctx, t) {
      ctx.logger.info("to the default logger");
      ctx.configureLogger({ customLogger: t.logger("A") });
      ctx.logger.info("to A");
      ctx.configureLogger({});
      ctx.configureLogger({ modeAware: undefined, customLogger: undefined });
      ctx.logger.info("still to A");
      await ctx.step("s", async (step: any) => step.logger.info("A in the step"));
      ctx.configureLogger({ customLogger: t.logger("B") });
      ctx.logger.info("to B");
      await ctx.step("s2", async (step: any) => step.logger.info("B in the step"));
      await ctx.wait({ seconds: 1 });
      ctx.logger.info("B after the wait");
    },
  },
  {
    name: "step: logger across retries (attempt), the root logger in the body's synchronous part",
    customLogger: true,
    async body(ctx, t) {
      await ctx.step(
        "retried",
        async (step: any) => {
          step.logger.info("attempt", step.attempt);
          ctx.logger.warn("root logger, synchronous part");
          await t.tick();
          step.logger.warn("after an await");
          if (step.attempt < 3) throw new Error(`attempt ${step.attempt} failed`);
          return "ok";
        },
        { retryStrategy: (_error: unknown, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
      );
      ctx.logger.info("after the step");
    },
  },
  {
    name: "waitForCondition: the check's logger on each attempt, before and after an await",
    customLogger: true,
    async body(ctx, t) {
      const state = await ctx.waitForCondition(
        "poll",
        async (value: number, check: any) => {
          check.logger.info("check", value, check.attempt);
          await t.tick();
          check.logger.debug("after an await");
          return value + 1;
        },
        { initialState: 0, waitStrategy: (value: number) => (value < 3 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false }) },
      );
      ctx.logger.info("state", state);
    },
  },
  {
    name: "child contexts: named, unnamed, nested, virtual, their steps; the root logger inside a child",
    customLogger: true,
    async body(ctx, t) {
      await ctx.runInChildContext("named", async (child: any) => {
        child.logger.info("in named");
        ctx.logger.info("root logger in named");
        await child.step("inner", async (step: any) => {
          step.logger.info("inner step");
          await t.tick();
          step.logger.info("inner step after an await");
        });
        await child.runInChildContext(async (grandchild: any) => grandchild.logger.warn("unnamed grandchild"));
        child.logger.info("end of named");
      });
      await ctx.runInChildContext("virtual", async (child: any) => child.logger.info("in virtual"), { virtualContext: true });
      ctx.logger.info("root");
    },
  },
  {
    name: "child context with a wait inside: resumed children run in execution mode (their lines again)",
    customLogger: true,
    async body(ctx, t) {
      await ctx.runInChildContext("c", async (child: any) => {
        child.logger.info("child before the wait");
        await child.wait({ seconds: 1 });
        child.logger.info("child after the wait");
        await child.step("s", async (step: any) => step.logger.info("child step"));
      });
      ctx.logger.info("root after the child");
    },
  },
  {
    name: "child context stored with its children (over 256 KiB) runs again replaying: its lines suppressed",
    customLogger: true,
    async body(ctx, t) {
      const value = await ctx.runInChildContext("large", async (child: any) => {
        child.logger.info("child logger");
        ctx.logger.info("root logger in the child");
        await child.step("s", async (step: any) => step.logger.info("child step"));
        return LARGE;
      });
      await ctx.wait({ seconds: 1 });
      ctx.logger.info("length", value.length);
    },
  },
  {
    name: "configureLogger inside a child: that child's logger gets the logging context; the root keeps its own",
    async body(ctx, t) {
      await ctx.runInChildContext("c", async (child: any) => {
        child.configureLogger({ customLogger: t.logger("C") });
        await child.runInChildContext("grandchild", async (grandchild: any) => grandchild.logger.info("in the grandchild"));
        const attempt = await child.step("s", async (step: any) => (step.logger.debug("child step"), step.attempt));
        child.logger.info("in the child, after its step's attempt", attempt);
      });
      ctx.logger.info("root: default logger");
    },
  },
  {
    name: "configureLogger at root while a child runs: the child keeps the logger it started with",
    customLogger: true,
    async body(ctx, t) {
      const child = ctx.runInChildContext("c", async (c: any) => {
        c.logger.info("child, first");
        await t.tick();
        c.logger.info("child, after root switched");
      });
      ctx.configureLogger({ customLogger: t.logger("B") });
      ctx.logger.info("root, switched");
      await child;
    },
  },
  {
    name: "map items and parallel branches: their loggers and nested steps, across a wait",
    customLogger: true,
    async body(ctx, t) {
      await ctx.map(
        "items",
        [1, 2],
        async (item: any, n: number) => {
          item.logger.info("item", n);
          await item.step("st", async (step: any) => step.logger.info("item step", n));
        },
        { itemNamer: (n: number) => `item-${n}`, maxConcurrency: 1 },
      );
      await ctx.parallel("branches", [
        async (branch: any) => branch.logger.info("branch 0"),
        {
          name: "waiting",
          func: async (branch: any) => {
            branch.logger.info("waiting branch");
            await branch.wait({ seconds: 1 });
            branch.logger.info("waiting branch after the wait");
          },
        },
      ]);
      ctx.logger.info("root");
    },
  },
  {
    name: "waitForCallback: the submitter's logger, before and after an await; the result logged on resume",
    async body(ctx, t) {
      const logger = t.logger("A");
      ctx.configureLogger({ customLogger: logger });
      const result = await ctx.waitForCallback("approval", async (callbackId: string, submitter: any) => {
        t.note("submitter.logger is the custom logger", submitter.logger === logger);
        submitter.logger.info("submitting", typeof callbackId);
        await t.tick();
        submitter.logger.info("submitted");
      });
      ctx.logger.info("approved with", result);
    },
    onPending: completeCallbacks,
  },
];

/**
 * On Node 20 and 22 (AsyncLocalStorage on async hooks) a root-level step body or waitForCondition check
 * runs with the scope marker instead of the store (src/runtime/execution/async-context.ts): its logger
 * is then a wrapper that marks the operation's scope around each call, and the root `ctx.logger` after
 * an await in the body no longer sees the operation. On runtimes where the store costs no hooks, ours
 * behaves as the reference.
 */
const marker = storeCostsHooks;
/** The log data every line carries (the fake service's ARN and request id), then that of root code. */
const DATA = `executionArn=${ARN} requestId=req-1 tenantId=undefined`;
const ROOT_DATA = `${DATA} operationId=undefined`;

const pinnedCases: Case[] = [
  {
    name: "ctx.logger follows configureLogger: one object, a copy taken before still reaches the newest logger",
    async body(ctx, t) {
      const first = ctx.logger;
      ctx.configureLogger({ customLogger: t.logger("A") });
      t.note("pin: same ctx.logger after configureLogger", first === ctx.logger);
      const captured = ctx.logger;
      ctx.configureLogger({ customLogger: t.logger("B") });
      ctx.logger.info("through ctx.logger");
      captured.info("through the copy taken before");
      const current = ctx.logger;
      ctx.configureLogger({ modeAware: false });
      t.note("same ctx.logger after configureLogger({ modeAware })", current === ctx.logger);
    },
    pinned: {
      why:
        "The reference builds a new ctx.logger for each custom logger, so a copy kept (a helper given ctx.logger at the start) " +
        "keeps writing to the logger it was built for; ours is one object that always writes to the logger configured last.",
      select: (o) => String(o.note).startsWith("pin:") || (o.args as unknown[] | undefined)?.[0] === "through the copy taken before",
      reference: [
        { note: "pin: same ctx.logger after configureLogger", value: false },
        { logger: "A", method: "info", args: ["through the copy taken before"], data: ROOT_DATA, thisIsLogger: true },
      ],
      ours: [
        { note: "pin: same ctx.logger after configureLogger", value: true },
        { logger: "B", method: "info", args: ["through the copy taken before"], data: ROOT_DATA, thisIsLogger: true },
      ],
    },
  },
  {
    name: "a custom logger without log(): ctx.logger.log is there and writes at the named level",
    async body(ctx, t) {
      ctx.configureLogger({ customLogger: t.logger("A", { log: false }) });
      t.note("ctx.logger keys", Object.keys(ctx.logger));
      ctx.logger.log?.("WARN", "log() without a log method");
      ctx.logger.info("info");
    },
    pinned: {
      why:
        "The reference's ctx.logger has no log() when the custom logger has none, so `ctx.logger.log?.(…)` drops the line; " +
        "ours always has log() and sends it to the method the level names.",
      select: (o) => o.note === "ctx.logger keys" || o.method === "warn",
      reference: [{ note: "ctx.logger keys", value: ["warn", "debug", "info", "error"] }],
      ours: [
        { note: "ctx.logger keys", value: ["warn", "debug", "info", "error", "log"] },
        { logger: "A", method: "warn", args: ["log() without a log method"], data: ROOT_DATA, thisIsLogger: true },
      ],
    },
  },
  {
    name: "a root-level step body's and condition check's logger (Node 20 and 22: a wrapper, not the logger itself)",
    async body(ctx, t) {
      const logger = t.logger("A", { log: false });
      ctx.configureLogger({ customLogger: logger });
      const inspect = (label: string, given: any) => {
        t.note(`pin: ${label} is the custom logger`, given === logger);
        t.note(`pin: ${label} keys`, Object.keys(given));
        t.note(`pin: ${label} has the logger's own members`, given.extra);
        t.note(`pin: ${label}.log`, typeof given.log);
      };
      await ctx.step("s", async (step: any) => {
        inspect("step.logger", step.logger);
        step.logger.info("in the step");
      });
      await ctx.waitForCondition("poll", async (value: number, check: any) => {
        inspect("check.logger", check.logger);
        return value;
      }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });
      await ctx.runInChildContext("child", async (child: any) =>
        child.step("in child", async (step: any) => t.note("step.logger in a child context is the custom logger", step.logger === logger)),
      );
    },
    pinned: {
      why:
        "On Node 20 and 22 a root-level body gets a wrapper that marks its operation around each call (so the line has the " +
        "operation's fields without entering AsyncLocalStorage, which would slow every later promise): it has the five level methods only. " +
        "The reference hands the custom logger itself. Inside a child context, and on Node 24, ours does too.",
      select: (o) => String(o.note).startsWith("pin:"),
      reference: ["step.logger", "check.logger"].flatMap((label): Observation[] => [
        { note: `pin: ${label} is the custom logger`, value: true },
        { note: `pin: ${label} keys`, value: ["info", "warn", "error", "debug", "extra", "configureDurableLoggingContext"] },
        { note: `pin: ${label} has the logger's own members`, value: "a member of the logger's own" },
        { note: `pin: ${label}.log`, value: "undefined" },
      ]),
      ours: ["step.logger", "check.logger"].flatMap((label): Observation[] =>
        marker
          ? [
              { note: `pin: ${label} is the custom logger`, value: false },
              { note: `pin: ${label} keys`, value: [] },
              { note: `pin: ${label} has the logger's own members`, value: undefined },
              { note: `pin: ${label}.log`, value: "function" },
            ]
          : [
              { note: `pin: ${label} is the custom logger`, value: true },
              { note: `pin: ${label} keys`, value: ["info", "warn", "error", "debug", "extra", "configureDurableLoggingContext"] },
              { note: `pin: ${label} has the logger's own members`, value: "a member of the logger's own" },
              { note: `pin: ${label}.log`, value: "undefined" },
            ],
      ),
    },
  },
  {
    name: "the root ctx.logger after an await inside a root-level step body (Node 20 and 22: without the operation's fields)",
    customLogger: true,
    async body(ctx, t) {
      await ctx.step("s", async (step: any) => {
        ctx.logger.info("root logger before the await");
        await t.tick();
        ctx.logger.info("root logger after the await");
        step.logger.info("step logger after the await");
      });
    },
    pinned: {
      why: "See the switching guide: the marker covers the body's synchronous part and its own logger, not ctx.logger after an await.",
      select: (o) => (o.args as unknown[] | undefined)?.[0] === "root logger after the await",
      reference: [{ logger: "A", method: "info", args: ["root logger after the await"], data: `${DATA} operationId=c4ca4238a0b92382 operationName=s attempt=1`, thisIsLogger: true }],
      ours: [
        {
          logger: "A",
          method: "info",
          args: ["root logger after the await"],
          data: marker
            ? ROOT_DATA
            : `${DATA} operationId=c4ca4238a0b92382 operationName=s attempt=1`,
          thisIsLogger: true,
        },
      ],
    },
  },
  {
    name: "configureLogger({ modeAware: false }) at root reaches child contexts (a child run again replaying)",
    async body(ctx, t) {
      ctx.configureLogger({ customLogger: t.logger("A"), modeAware: false });
      await ctx.runInChildContext("large", async (child: any) => {
        child.logger.info("child logger");
        ctx.logger.info("root logger in the child");
        return LARGE;
      });
      await ctx.wait({ seconds: 1 });
    },
    pinned: {
      why:
        "A reference child context inherits the custom logger but starts over with modeAware true, so on a replay its own logger " +
        "drops the line the root's logger writes from the same place; ours inherits both settings.",
      select: (o) => (o.args as unknown[] | undefined)?.[0] === "child logger",
      reference: [{ logger: "A", method: "info", args: ["child logger"], data: `${DATA} operationId=c4ca4238a0b92382 operationName=large`, thisIsLogger: true }],
      ours: [
        { logger: "A", method: "info", args: ["child logger"], data: `${DATA} operationId=c4ca4238a0b92382 operationName=large`, thisIsLogger: true },
        { logger: "A", method: "info", args: ["child logger"], data: `${DATA} operationId=c4ca4238a0b92382 operationName=large`, thisIsLogger: true },
      ],
    },
  },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the context logger, side by side with the reference", () => {
  for (const scenario of cases)
    it(scenario.name, async () => {
      const theirs = await observe(reference, scenario);
      const mine = await observe(ours, scenario);
      expect(mine.statuses.at(-1)).toBe("SUCCEEDED");
      // Something was logged (the comparison cannot pass on two empty records).
      expect(mine.seen.some((o) => o.method !== undefined && o.method !== "configureDurableLoggingContext" || o.stream !== undefined)).toBe(true);
      expect(mine).toEqual(theirs);
    });
});

describe("differences kept, both behaviours pinned", () => {
  for (const scenario of pinnedCases)
    it(scenario.name, async () => {
      const pinned = scenario.pinned!;
      const theirs = await observe(reference, scenario);
      const mine = await observe(ours, scenario);
      const split = (run: typeof mine) => ({ statuses: run.statuses, rest: run.seen.filter((o) => !pinned.select(o)), pinned: run.seen.filter(pinned.select) });
      const [a, b] = [split(mine), split(theirs)];
      expect(a.statuses.at(-1)).toBe("SUCCEEDED");
      expect({ statuses: a.statuses, rest: a.rest }).toEqual({ statuses: b.statuses, rest: b.rest });
      expect(b.pinned, `reference: ${pinned.why}`).toEqual(pinned.reference);
      expect(a.pinned, `ours: ${pinned.why}`).toEqual(pinned.ours);
    });
});
