/**
 * The stall watch (src/testing/stall-watch.ts): an invocation that stays alive with no progress and
 * nothing pending — the handler, or a step body, awaits a promise that never settles — ends the run
 * with an InvocationStalledError after setupTestEnvironment's stallTimeout (default 3 s of real
 * time), instead of waiting for Lambda's 15-minute invocation timeout. The reference runner's
 * behaviour (run() never settles) is pinned in runner-edges.reference.test.ts.
 *
 * Pending work, never a stall: a wait, retry, callback or invoke in the service; a timer or immediate
 * the invocation's own code set (not the test's, the framework's or the runner's); I/O of the process
 * opened since the run started (Node's getActiveResourcesInfo: sockets, child processes, fs and DNS
 * requests); a long synchronous computation (the thread is busy). The HTTP server runs in a child
 * process, so that its timers are not this process's.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withDurableExecution, type DurableContext } from "../../src/index.js";
import { DurableTestRunnerError, InvocationStalledError, LocalDurableTestRunner, TestRunnerUsageError } from "../../src/testing.js";
import { httpGetText, startSlowServer, type SlowServer } from "../support/slow-server.js";

afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

const durable = (fn: (event: unknown, context: DurableContext) => Promise<unknown>) => withDurableExecution(fn as never);
const never = () => new Promise<never>(() => undefined);
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** run()'s outcome, and the real time it took. */
async function timedRun(runner: LocalDurableTestRunner): Promise<{ ms: number; status?: string; result?: unknown; error?: unknown }> {
  const started = Date.now();
  try {
    const result = await runner.run();
    return { ms: Date.now() - started, status: result.getStatus(), result: result.getStatus() === "SUCCEEDED" ? result.getResult() : undefined };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

for (const skipTime of [true, false]) {
  describe(`skipTime: ${skipTime}`, () => {
    it("a handler awaiting a promise that never settles, after a step: run() rejects after stallTimeout naming the cause and the last operation", async () => {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime, stallTimeout: 400 });
      const runner = new LocalDurableTestRunner({
        handlerFunction: durable(async (_event, context) => {
          await context.step("load", async () => 1);
          return never();
        }),
      });
      const { ms, error } = await timedRun(runner);
      expect(error).toBeInstanceOf(InvocationStalledError);
      expect(error).toBeInstanceOf(DurableTestRunnerError);
      expect((error as InvocationStalledError).functionName).toBe("durable-test-function");
      expect((error as Error).message).toMatch(
        /^run\(\): the handler under test stalled: its invocation is still running but has made no progress for \d+\.\d s \(no checkpoint; no step running; no wait, retry, callback or invoke pending; no socket, file, DNS or child-process request, timer, immediate or worker thread of its own open\); the last operation it reached is "load" \(STEP SUCCEEDED\)\. It is awaiting a promise that never settles .*Make that promise settle, or give it longer with LocalDurableTestRunner\.setupTestEnvironment\(\{ stallTimeout: ms \}\)$/,
      );
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThan(5_000);
    });
  });
}

describe("what is no stall", () => {
  it("a step body that takes longer than stallTimeout (its real timer is pending work)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 200 });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => context.step("slow", async () => realDelay(900).then(() => "done"))),
    });
    expect(await timedRun(runner)).toMatchObject({ status: "SUCCEEDED", result: "done" });
  });

  it("a synchronous computation longer than stallTimeout outside any step (the thread is busy, not waiting)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 200 });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.step("first", async () => 1);
        await realDelay(100); // the watch sees the step's checkpoint: no progress from here on
        await new Promise((resolve) => setImmediate(resolve));
        const until = Date.now() + 900;
        while (Date.now() < until);
        // A timer before the next checkpoint: the watch's overdue timer runs first.
        await realDelay(0);
        return context.step("second", async () => 2);
      }),
    });
    expect(await timedRun(runner)).toMatchObject({ status: "SUCCEEDED", result: 2 });
  });

  it("stallTimeout: Infinity turns the check off (the run stays pending)", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: Number.POSITIVE_INFINITY });
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async () => never()) });
    const settled = await Promise.race([runner.run().then(() => "resolved", () => "rejected"), realDelay(1_000).then(() => "pending")]);
    expect(settled).toBe("pending");
    await LocalDurableTestRunner.teardownTestEnvironment();
  });
});

describe("the default and the option", () => {
  it("by default (no stallTimeout) a handler that never settles before its first operation is stopped after about 3 s", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const { ms, error } = await timedRun(new LocalDurableTestRunner({ handlerFunction: durable(async () => never()) }));
    expect(error).toBeInstanceOf(InvocationStalledError);
    expect((error as Error).message).toContain("; it has not reached any operation. It is awaiting a promise that never settles");
    expect(ms).toBeGreaterThanOrEqual(3_000);
    expect(ms).toBeLessThan(8_000);
  });

  it("a registered durable function that stalls is named; the parent's pending invoke does not hide it", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: 300 });
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async (_event, context) => context.invoke("child", "child-fn", {})) });
    runner.registerDurableFunction("child-fn", durable(async () => never()));
    const { error } = await timedRun(runner);
    expect(error).toBeInstanceOf(InvocationStalledError);
    expect((error as InvocationStalledError).functionName).toBe("child-fn");
    expect((error as Error).message).toMatch(/^run\(\): the durable function "child-fn" stalled: /);
  });

  it("stallTimeout that is not a positive number is refused naming the option", async () => {
    for (const bad of [0, -1, "1000", Number.NaN, null]) {
      await expect(LocalDurableTestRunner.setupTestEnvironment({ stallTimeout: bad as never })).rejects.toThrow(
        new TestRunnerUsageError(
          `setupTestEnvironment(params): stallTimeout must be a positive number of milliseconds, or Infinity to turn the check off (received ${bad === null ? "null" : typeof bad === "string" ? `"${bad}"` : `number ${bad}`})`,
        ),
      );
    }
  });
});

/** The slow server (test/support/slow-server.ts), started before any run: its process and pipes are the test's own. */
let server: SlowServer | undefined;
async function slowServer(): Promise<SlowServer> {
  return (server ??= await startSlowServer());
}
afterAll(async () => {
  await server?.stop();
});

// The real timers, whatever fake timers a test installs.
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis;

/** run()'s outcome within `ms` of real time: "pending" when it has not settled by then. */
async function outcomeWithin(runner: LocalDurableTestRunner, ms: number): Promise<{ status?: string; result?: unknown; error?: unknown } | "pending"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"pending">((resolve) => (timer = realSetTimeout(() => resolve("pending"), ms)));
  try {
    return await Promise.race([timedRun(runner), late]);
  } finally {
    realClearTimeout(timer);
  }
}

const STALL_MS = 250;

describe("work of the process is pending: no stall while the handler awaits real I/O or a real timer", () => {
  beforeAll(() => slowServer());

  for (const skipTime of [true, false]) {
    it(`skipTime ${skipTime}: outside any step, a fetch to a local server that answers after 4 × stallTimeout`, async () => {
      const { url } = await slowServer();
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime, stallTimeout: STALL_MS });
      const runner = new LocalDurableTestRunner({
        handlerFunction: durable(async (_event, context) => {
          await context.step("before", async () => 1);
          const body = await (await fetch(`${url}?ms=${4 * STALL_MS}`)).text();
          return context.step("after", async () => body);
        }),
      });
      expect(await outcomeWithin(runner, 15_000)).toMatchObject({ status: "SUCCEEDED", result: `slow ${4 * STALL_MS}` });
    });

    it(`skipTime ${skipTime}: outside any step, a real setTimeout sleep of 4 × stallTimeout`, async () => {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime, stallTimeout: STALL_MS });
      const runner = new LocalDurableTestRunner({
        handlerFunction: durable(async (_event, context) => {
          await realDelay(4 * STALL_MS);
          await context.step("first", async () => 1);
          await realDelay(4 * STALL_MS);
          return "slept";
        }),
      });
      expect(await outcomeWithin(runner, 15_000)).toMatchObject({ status: "SUCCEEDED", result: "slept" });
    });
  }

  it("outside any step, a child process that runs for 4 × stallTimeout", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async () => {
        const child = spawn(process.execPath, ["-e", `setTimeout(() => process.exit(3), ${4 * STALL_MS})`], { stdio: "ignore" });
        const [code] = await once(child, "exit");
        return code;
      }),
    });
    expect(await outcomeWithin(runner, 15_000)).toMatchObject({ status: "SUCCEEDED", result: 3 });
  });

  // Awaited through a "message" listener, a worker's port is listed by getActiveResourcesInfo; awaited
  // through its exit, nothing of it is: the watch counts the workers the invocation's code starts.
  it("a step body awaiting the exit of a worker thread (which Node does not list as a resource) that runs for 4 × stallTimeout", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) =>
        context.step("compute", async () => {
          const worker = new Worker(`setTimeout(() => process.exit(7), ${4 * STALL_MS})`, { eval: true });
          const [code] = await once(worker, "exit");
          return code as number;
        }),
      ),
    });
    expect(await outcomeWithin(runner, 15_000)).toMatchObject({ status: "SUCCEEDED", result: 7 });
  });

  it("a worker thread that has exited is no longer work: a step body awaiting a promise that never settles after it is a stall", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) =>
        context.step("compute", async () => {
          const worker = new Worker("process.exit(0)", { eval: true });
          await once(worker, "exit");
          return never();
        }),
      ),
    });
    const outcome = await outcomeWithin(runner, 15_000);
    expect((outcome as { error?: Error }).error).toBeInstanceOf(InvocationStalledError);
    expect((outcome as { error?: Error }).error?.message).toMatch(/^run\(\): the handler under test stalled: the body of step "compute" is awaiting/);
  });

  it("a step body awaiting a node:http request (no timer of its own: only its socket is open) to a server that answers after 4 × stallTimeout", async () => {
    const { url } = await slowServer();
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) =>
        context.step("charge", () => httpGetText(`${url}?ms=${4 * STALL_MS}`)),
      ),
    });
    expect(await outcomeWithin(runner, 15_000)).toMatchObject({ status: "SUCCEEDED", result: `slow ${4 * STALL_MS}` });
  });
});

describe("a step body awaiting a promise that never settles is a stall, named", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const skipTime of [true, false]) {
    it(`skipTime ${skipTime}: run() rejects with an InvocationStalledError naming the step and the option`, async () => {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime, stallTimeout: STALL_MS });
      const runner = new LocalDurableTestRunner({
        handlerFunction: durable(async (_event, context) => {
          await context.step("load", async () => 1);
          return context.step("charge", async () => never());
        }),
      });
      const outcome = await outcomeWithin(runner, 15_000);
      expect(outcome).not.toBe("pending");
      const { error } = outcome as { error?: unknown };
      expect(error).toBeInstanceOf(InvocationStalledError);
      expect((error as InvocationStalledError).functionName).toBe("durable-test-function");
      expect((error as Error).message).toMatch(
        /^run\(\): the handler under test stalled: the body of step "charge" is awaiting a promise that never settles: it has made no progress for \d+\.\d s \(no checkpoint; no wait, retry, callback or invoke pending; no socket, file, DNS or child-process request, timer, immediate or worker thread of its own open\)\. Make that promise settle \(a mocked dependency that never resolves, an event never emitted\), or give it longer with LocalDurableTestRunner\.setupTestEnvironment\(\{ stallTimeout: ms \}\)$/,
      );
    });
  }

  it("a real timer the test sets while run() is pending (racing it) is the test's, not the handler's: the stall is still reported", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => {
        await context.step("load", async () => 1);
        await context.step("charge", async () => never());
      }),
    });
    const running = timedRun(runner);
    await realDelay(STALL_MS / 5); // the invocation has begun
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"pending">((resolve) => (timer = setTimeout(() => resolve("pending"), 15_000)));
    const outcome = await Promise.race([running, late]);
    clearTimeout(timer);
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: Error }).error?.message).toMatch(/^run\(\): the handler under test stalled: the body of step "charge" is awaiting/);
  });

  it("a step body asleep on the test's fake timers (they open no real timer) that nobody advances", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) => context.step("nap", () => new Promise((resolve) => setTimeout(resolve, 60_000)))),
    });
    const outcome = await outcomeWithin(runner, 15_000);
    vi.useRealTimers();
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: Error }).error?.message).toMatch(/^run\(\): the handler under test stalled: the body of step "nap" is awaiting a promise that never settles/);
  });

  it("parallel steps that never settle are all named; an unnamed one by its id", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({
      handlerFunction: durable(async (_event, context) =>
        Promise.all([context.step("a", async () => never()), context.step(async () => never())]),
      ),
    });
    const outcome = await outcomeWithin(runner, 15_000);
    expect((outcome as { error?: Error }).error?.message).toMatch(/^run\(\): the handler under test stalled: the bodies of steps "a", \S+ are awaiting a promise that never settles: /);
  });
});

describe("where Node cannot list the process's resources (no getActiveResourcesInfo): the service's rule alone, as before", () => {
  const original = process.getActiveResourcesInfo;
  afterEach(() => {
    process.getActiveResourcesInfo = original;
  });

  it("a handler awaiting a promise that never settles outside any step is a stall (the message says what it can)", async () => {
    (process as { getActiveResourcesInfo?: unknown }).getActiveResourcesInfo = undefined;
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const { error } = await timedRun(new LocalDurableTestRunner({ handlerFunction: durable(async () => never()) }));
    expect((error as Error).message).toMatch(
      /^run\(\): the handler under test stalled: its invocation is still running but has made no progress for \d+\.\d s \(no checkpoint, no step running, no wait, retry, callback or invoke pending\); it has not reached any operation\. .* do slow work in context\.step; or give it longer with /,
    );
  });

  it("a running step body counts as pending work: a step that never settles is not reported", async () => {
    (process as { getActiveResourcesInfo?: unknown }).getActiveResourcesInfo = undefined;
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, stallTimeout: STALL_MS });
    const runner = new LocalDurableTestRunner({ handlerFunction: durable(async (_event, context) => context.step("charge", async () => never())) });
    expect(await outcomeWithin(runner, 6 * STALL_MS)).toBe("pending");
    await LocalDurableTestRunner.teardownTestEnvironment();
  });
});
