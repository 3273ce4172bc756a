/**
 * Scenarios for the side-by-side sweep of what a test sees through the runner (results-shape.reference.test.ts):
 * one handler body per operation kind and outcome, the test's actions on its callbacks, and
 * `observe`, which reads every observable of the TestResult and of each operation, normalizing only
 * what must differ between the two runs.
 */

export interface ShapeSdk {
  withDurableExecution: (handler: any) => any;
}

export interface ShapeTesting {
  LocalDurableTestRunner: any;
  WaitingOperationStatus: { STARTED: string; SUBMITTED: string; COMPLETED: string };
}

export interface ShapeCase {
  /** The handler body; `run` is a fresh object for each run (state that outlives one invocation). */
  body: (event: any, context: any, run: Record<string, number>) => Promise<unknown>;
  /** Waits or retry delays end between invocations: under skipTime the reference runner ends them inside one (see the pins). */
  timers?: boolean;
  /** Functions the runner registers for context.invoke. */
  register?: (runner: any, sdk: ShapeSdk) => void;
  /** What the test does while the run goes on (answer callbacks). */
  drive?: (runner: any, testing: ShapeTesting) => Promise<void>;
  /** Operation names to look up with runner.getOperation / getOperationByNameAndIndex. */
  names?: string[];
}

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const retryTwice = { retryStrategy: (_error: unknown, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) };

export const shapeCases: Record<string, ShapeCase> = {
  "step succeeds": {
    body: async (_event, context) => context.step("fetch", async () => ({ id: 7 })),
  },
  "step fails after retries, uncaught": {
    timers: true,
    body: async (_event, context) =>
      context.step("flaky", async () => {
        throw new TypeError("always broken");
      }, retryTwice),
  },
  "step throws a non-Error, caught": {
    body: async (_event, context) => {
      try {
        return await context.step("odd", async () => {
          throw "a plain string";
        }, noRetry);
      } catch (error: any) {
        return { caught: error.name, message: error.message };
      }
    },
  },
  "step throws an object with fields, uncaught": {
    body: async (_event, context) =>
      context.step("obj", async () => {
        throw Object.assign(new Error("with data"), { code: "E42" });
      }, noRetry),
  },
  "step succeeds on the 2nd attempt": {
    timers: true,
    body: async (_event, context, run) =>
      context.step("second-time", async () => {
        run.calls = (run.calls ?? 0) + 1;
        if (run.calls < 2) throw new Error("first fails");
        return run.calls;
      }, retryTwice),
  },
  "named and unnamed waits": {
    timers: true,
    body: async (_event, context) => {
      await context.wait("pause", { seconds: 3 });
      await context.wait({ seconds: 2 });
      return "waited";
    },
  },
  "createCallback answered": {
    body: async (_event, context) => {
      const [promise, callbackId] = await context.createCallback("approval", { timeout: { minutes: 5 } });
      return { answer: await promise, idType: typeof callbackId };
    },
    drive: async (runner) => {
      const op = runner.getOperation("approval");
      await op.waitForData();
      await op.sendCallbackSuccess(JSON.stringify({ ok: true }));
    },
  },
  "createCallback heartbeat then answered": {
    body: async (_event, context) => {
      const [promise] = await context.createCallback("beat", { timeout: { minutes: 5 }, heartbeatTimeout: { minutes: 1 } });
      return await promise;
    },
    drive: async (runner) => {
      const op = runner.getOperation("beat");
      await op.waitForData();
      await op.sendCallbackHeartbeat();
      await op.sendCallbackSuccess("plain text");
    },
  },
  "createCallback failed, uncaught": {
    body: async (_event, context) => {
      const [promise] = await context.createCallback("approval", { timeout: { minutes: 5 } });
      return await promise;
    },
    drive: async (runner) => {
      const op = runner.getOperation("approval");
      await op.waitForData();
      await op.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "no way", ErrorData: "{\"why\":1}", StackTrace: ["at a", "at b"] });
    },
  },
  "createCallback timed out, caught": {
    body: async (_event, context) => {
      const [promise] = await context.createCallback("late", { timeout: { seconds: 1 } });
      try {
        return await promise;
      } catch (error: any) {
        return { caught: error.name, message: error.message };
      }
    },
  },
  "waitForCallback answered": {
    body: async (_event, context) =>
      context.waitForCallback("approve", async (_callbackId: string) => undefined, { timeout: { minutes: 5 } }),
    drive: async (runner, testing) => {
      const op = runner.getOperation("approve");
      await op.waitForData(testing.WaitingOperationStatus.SUBMITTED);
      await op.sendCallbackSuccess(JSON.stringify(["yes"]));
    },
  },
  "waitForCallback failed, caught": {
    body: async (_event, context) => {
      try {
        return await context.waitForCallback("approve", async () => undefined, { timeout: { minutes: 5 } });
      } catch (error: any) {
        return { caught: error.name, message: error.message };
      }
    },
    drive: async (runner, testing) => {
      const op = runner.getOperation("approve");
      await op.waitForData(testing.WaitingOperationStatus.SUBMITTED);
      await op.sendCallbackFailure({ ErrorType: "Denied", ErrorMessage: "denied" });
    },
  },
  "waitForCallback submitter fails": {
    body: async (_event, context) =>
      context.waitForCallback("approve", async () => {
        throw new Error("cannot submit");
      }, { timeout: { minutes: 5 }, retryStrategy: () => ({ shouldRetry: false }) }),
  },
  "child contexts: success, failure, nested": {
    body: async (_event, context) => {
      const ok = await context.runInChildContext("ok-child", async (child: any) => child.step("inner", async () => 1));
      let failed: unknown;
      try {
        await context.runInChildContext("bad-child", async (child: any) => {
          await child.step("inner-bad", async () => {
            throw new RangeError("inner broke");
          }, noRetry);
        });
      } catch (error: any) {
        failed = { name: error.name, message: error.message };
      }
      const nested = await context.runInChildContext("outer", async (child: any) =>
        child.runInChildContext("middle", async (grandchild: any) => {
          await grandchild.wait("nap", { seconds: 1 });
          return grandchild.step("deep", async () => "deep");
        }),
      );
      return { ok, failed, nested };
    },
    names: ["ok-child", "bad-child", "outer", "middle", "deep", "inner"],
    timers: true,
  },
  "child context fails, uncaught": {
    body: async (_event, context) =>
      context.runInChildContext("bad-child", async () => {
        throw new Error("child threw");
      }),
  },
  "map with a failing item": {
    body: async (_event, context) => {
      const batch = await context.map("items", [1, 2, 3], async (child: any, item: number) =>
        child.step(`item-${item}`, async () => {
          if (item === 2) throw new Error("two is bad");
          return item * 10;
        }, noRetry), { completionConfig: { toleratedFailureCount: 1 } });
      return { statuses: batch.all.map((entry: any) => entry.status), status: batch.status, reason: batch.completionReason };
    },
  },
  "parallel with a failing branch, uncaught": {
    body: async (_event, context) => {
      const batch = await context.parallel("branches", [
        async (child: any) => child.step("a", async () => "A"),
        { name: "b-branch", func: async (child: any) => child.step("b", async () => {
          throw new Error("b fails");
        }, noRetry) },
      ]);
      return batch.throwIfError();
    },
  },
  "waitForCondition": {
    timers: true,
    body: async (_event, context) =>
      context.waitForCondition("poll", async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: (state: number) => (state >= 3 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 2 } }),
      }),
  },
  "promise combinators": {
    body: async (_event, context) => {
      const all = await context.promise.all("all", [context.step("p1", async () => 1), context.step("p2", async () => 2)]);
      const settled = await context.promise.allSettled("settled", [
        context.step("s1", async () => 1),
        context.step("s2", async () => {
          // After a timer: the combinator's START is checkpointed first on both SDKs (without it, the order of
          // the two within one checkpoint batch is the microtask difference switching.md describes).
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error("s2 fails");
        }, noRetry),
      ]);
      const any = await context.promise.any("any", [context.step("y1", async () => "y1")]);
      return { all, settled: settled.map((entry: any) => entry.status), any };
    },
  },
  "promise.race with a wait": {
    timers: true,
    body: async (_event, context) => context.promise.race("race", [context.wait("rw", { seconds: 1 }).then(() => "waited")]),
  },
  "invoke registered functions": {
    timers: true,
    body: async (_event, context) => {
      const durable = await context.invoke("call-durable", "durable-target", { n: 4 });
      const plain = await context.invoke("call-plain", "plain-target", { n: 5 });
      let failure: unknown;
      try {
        await context.invoke("call-failing", "failing-target", {});
      } catch (error: any) {
        failure = { name: error.name, message: error.message, cause: error.cause?.message };
      }
      return { durable, plain, failure };
    },
    register: (runner, sdk) => {
      runner.registerDurableFunction("durable-target", sdk.withDurableExecution(async (event: { n: number }, context: any) =>
        context.step("double", async () => event.n * 2)));
      runner.registerFunction("plain-target", async (event: { n: number }) => ({ plain: event.n }));
      runner.registerFunction("failing-target", async () => {
        throw new Error("target failed");
      });
    },
  },
  "execution fails uncaught with an Error": {
    body: async (_event, context) => {
      await context.step("before", async () => "x");
      throw new SyntaxError("handler gave up");
    },
  },
  "execution fails uncaught with a non-Error": {
    body: async () => {
      throw { some: "object" };
    },
  },
  "two operations with the same name": {
    body: async (_event, context) => {
      await context.step("same", async () => 1);
      await context.step("same", async () => 2);
      return "ok";
    },
  },
};

/** Reads `thunk`, or that it threw an Error (classes and messages are each runner's own: pinned separately). */
function read(thunk: () => unknown): unknown {
  try {
    return thunk();
  } catch (error) {
    return { threw: error instanceof Error };
  }
}

/**
 * What differs between two runs of the same handler whatever the runner: times, generated ids and
 * ARNs, callback ids, request ids, and stack lines (they name each package's files). Operation ids
 * become "op#n" by first appearance; their equality across the two runs is compared separately.
 */
export function normalizer(): (value: unknown, key?: string) => unknown {
  const ids = new Map<string, string>();
  const id = (raw: string) => {
    if (!ids.has(raw)) ids.set(raw, `op#${ids.size}`);
    return ids.get(raw)!;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (value instanceof Date) return "<Date>";
    if (Array.isArray(value)) {
      if (key === "StackTrace" || key === "stackTrace") return value.length > 0 ? "<stack>" : "<empty stack>";
      return value.map((item) => walk(item));
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    if (typeof value === "string") {
      if (key === "Id" || key === "ParentId") return id(value);
      if (key === "CallbackId" || key === "callbackId") return "<callbackId>";
      if (key === "RequestId" || key === "requestId") return "<requestId>";
      if (/^\d{4}-\d\d-\d\dT/.test(value)) return "<iso>";
      if (key === "stack") return "<stack>";
      // A stored batch result holds serialized errors whose stacks name each SDK's files.
      if (value.includes('"stack":"')) return value.replace(/"stack":"(?:[^"\\]|\\.)*"/g, '"stack":"<stack>"');
      if (value.startsWith("arn:")) return "<arn>";
    }
    return value;
  };
  return walk;
}

const STATUSES = ["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"];

function observeOperation(op: any, n: (value: unknown, key?: string) => unknown): Record<string, unknown> {
  const kind = (value: unknown) => (value instanceof Date ? "Date" : value === undefined ? "undefined" : typeof value);
  return {
    id: n(op.getId(), "Id"),
    parentId: n(op.getParentId(), "ParentId"),
    name: op.getName(),
    type: op.getType(),
    subType: op.getSubType(),
    status: op.getStatus(),
    start: kind(op.getStartTimestamp()),
    end: kind(op.getEndTimestamp()),
    isCallback: op.isCallback(),
    isWaitForCallback: op.isWaitForCallback(),
    step: n(read(() => op.getStepDetails())),
    wait: n(read(() => op.getWaitDetails())),
    callback: n(read(() => op.getCallbackDetails())),
    context: n(read(() => op.getContextDetails())),
    invoke: n(read(() => op.getChainedInvokeDetails())),
    children: read(() => op.getChildOperations()?.map((child: any) => child.getName() ?? n(child.getId(), "Id"))),
    // Key order (what JSON.stringify and console.log show) of the typed details and their error.
    detailKeys: read(() => {
      const getter = { STEP: "getStepDetails", WAIT: "getWaitDetails", CALLBACK: "getCallbackDetails", CONTEXT: "getContextDetails", CHAINED_INVOKE: "getChainedInvokeDetails" }[op.getType() as string];
      const details = getter && (op.getSubType() === "WaitForCallback" ? op.getCallbackDetails() : op[getter]());
      return details && [Object.keys(details), details.error && Object.keys(details.error)];
    }),
    data: n(op.getOperationData()),
    events: n(op.getEvents()),
  };
}

/** Every observable of a finished run, normalized. */
export function observe(runner: any, result: any, names: string[]): Record<string, unknown> {
  const n = normalizer();
  const operations = result.getOperations();
  // Ids first, in start order, so "op#n" means the same operation on both sides.
  for (const op of operations) n(op.getId(), "Id");
  const byStatus = Object.fromEntries(
    STATUSES.map((status) => [status, result.getOperations({ status }).map((op: any) => op.getName() ?? n(op.getId(), "Id"))]),
  );
  return {
    status: result.getStatus(),
    result: n(read(() => result.getResult())),
    error: n(read(() => result.getError())),
    errorKeys: read(() => Object.keys(result.getError())),
    invocations: n(result.getInvocations()),
    invocationKeys: result.getInvocations().map((invocation: any) => [Object.keys(invocation), invocation.error && Object.keys(invocation.error)]),
    history: n(result.getHistoryEvents()),
    operations: operations.map((op: any) => observeOperation(op, n)),
    byStatus,
    byIndex: operations.map((_: unknown, index: number) => observeOperation(runner.getOperationByIndex(index), n)),
    byId: operations.map((op: any) => runner.getOperationById(op.getId()).getName()),
    byName: names.map((name) => [observeOperation(runner.getOperation(name), n), read(() => runner.getOperationByNameAndIndex(name, 1).getName())]),
  };
}
