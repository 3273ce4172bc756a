/**
 * Root-level step bodies and waitForCondition checks run with a synchronous scope marker instead of
 * the async-local store where entering a store costs promise hooks (src/runtime/execution/async-context.ts,
 * docs/guide/internals-operations.md#shared-machinery). What stays the same as in the reference: the
 * misuse messages, full detection inside child contexts, and the step logger's metadata after an await.
 */
import { describe, expect, it } from "vitest";
import { activeContext, storeCostsHooks } from "../../src/runtime/execution/async-context.js";
import { FakeDurableService, lambdaContext, runToCompletion, type SdkUnderTest } from "../support/fake-service.js";
import { ours, reference } from "../support/sdks.js";

type Handler = (event: any, ctx: any) => Promise<unknown>;

async function once(sdk: SdkUnderTest) {
  const service = new FakeDurableService({});
  return sdk.handler(service.event(sdk), lambdaContext);
}

const errorMessage = (output: unknown) => (output as { Error?: { ErrorMessage?: string } }).Error?.ErrorMessage ?? "";
const USAGE_ERROR = 'Context usage error in "wait": You are using a parent or sibling context instead of the current child context.';
/** Our whole message: the reference's first sentence and context ids (root is "root"), then what to do. */
const usageError = (expected: string, used: string) =>
  `${USAGE_ERROR} Expected context ID: "${expected}", but got: "${used}". Use the context a child context's function receives; a step body cannot start durable operations.`;

describe("which runtimes get the marker", () => {
  it("detects an async-hooks AsyncLocalStorage from the runtime version and flags", () => {
    const major = Number(process.versions.node.split(".")[0]);
    const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
    const frames = major >= 24 ? !flags.includes("--no-async-context-frame") : flags.includes("--experimental-async-context-frame");
    expect(storeCostsHooks).toBe(!frames);
  });
});

describe("the context-usage guard with the marker", () => {
  it("a durable call in the synchronous part of a root step body fails with the reference's message", async () => {
    const handler: Handler = async (_e, ctx) => ctx.step("outer", async () => ctx.wait({ seconds: 1 }));
    const [mine, theirs] = [await once(ours(handler)), await once(reference(handler))];
    expect(mine.Status).toBe("FAILED");
    expect(theirs.Status).toBe("FAILED");
    // The reference's first sentence and expected id; the reference writes the root context as "undefined".
    expect(errorMessage(mine)).toBe(usageError("1", "root"));
    expect(errorMessage(theirs).startsWith(`${USAGE_ERROR} Expected context ID: "1", but got: "undefined".`)).toBe(true);
  });

  it("a durable call after an await inside a child context's step body still fails, as in the reference", async () => {
    const handler: Handler = async (_e, ctx) =>
      ctx.runInChildContext("child", async (child: any) =>
        child.step("inner", async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return child.wait({ seconds: 1 });
        }),
      );
    const [mine, theirs] = [await once(ours(handler)), await once(reference(handler))];
    expect(mine.Status).toBe("FAILED");
    expect(theirs.Status).toBe("FAILED");
    // The reference's first sentence and both context ids (the step "inner" is 1-1, its child context 1).
    expect(errorMessage(mine)).toBe(usageError("1-1", "1"));
    expect(errorMessage(theirs).startsWith(`${USAGE_ERROR} Expected context ID: "1-1", but got: "1".`)).toBe(true);
  });

  it("a handler that only runs steps at root never enters the async-local store", async () => {
    const seen: unknown[] = [];
    const output = await once(
      ours(async (_e, ctx) => {
        const a = await ctx.step("a", async () => {
          seen.push(activeContext.getStore());
          await new Promise((resolve) => setImmediate(resolve));
          seen.push(activeContext.getStore());
          return 1;
        });
        const b = await ctx.waitForCondition(
          async (state: number) => {
            seen.push(activeContext.getStore());
            return state + a;
          },
          { initialState: 1, waitStrategy: () => ({ shouldContinue: false }) },
        );
        seen.push(activeContext.getStore());
        return b;
      }),
    );
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "2" });
    if (storeCostsHooks) expect(seen).toEqual([undefined, undefined, undefined, undefined]);
    else expect(seen.slice(0, 3).map((s) => (s as { operationName?: string } | undefined)?.operationName)).toEqual(["a", "a", undefined]);
  });

  it("a step body inside a child context runs in the store", async () => {
    let inner: { operationName?: string } | undefined;
    const output = await once(
      ours(async (_e, ctx) =>
        ctx.runInChildContext("child", async (child: any) =>
          child.step("inner", async () => {
            await new Promise((resolve) => setImmediate(resolve));
            inner = activeContext.getStore();
            return 3;
          }),
        ),
      ),
    );
    expect(output).toEqual({ Status: "SUCCEEDED", Result: "3" });
    expect(inner?.operationName).toBe("inner");
  });
});

describe("the step logger's metadata", () => {
  function recordingLogger() {
    const lines: { message: unknown; data?: Record<string, unknown> }[] = [];
    let loggingContext: { getDurableLogData(): Record<string, unknown> } | undefined;
    const at = () => (message: unknown) => lines.push({ message, data: loggingContext?.getDurableLogData() });
    const logger = {
      info: at(),
      warn: at(),
      error: at(),
      debug: at(),
      configureDurableLoggingContext: (c: typeof loggingContext) => (loggingContext = c),
    };
    return { lines, logger };
  }

  it("a line logged after an await inside a root step body carries the same fields as in the reference", async () => {
    const runs = [];
    for (const make of [ours, reference]) {
      const { lines, logger } = recordingLogger();
      const sdk = make(async (_e, ctx) => {
        ctx.configureLogger({ customLogger: logger });
        return ctx.step("greet", async (step: any) => {
          step.logger.info("before await");
          await new Promise((resolve) => setImmediate(resolve));
          step.logger.info("after await");
          step.logger.warn("after await, warn");
          return "ok";
        });
      });
      const { last } = await runToCompletion(sdk, {});
      expect(last, sdk.name).toEqual({ Status: "SUCCEEDED", Result: JSON.stringify("ok") });
      runs.push(lines);
    }
    const [mine, theirs] = runs as [ReturnType<typeof recordingLogger>["lines"], ReturnType<typeof recordingLogger>["lines"]];
    expect(mine.map((l) => l.message)).toEqual(["before await", "after await", "after await, warn"]);
    expect(mine.map((l) => l.message)).toEqual(theirs.map((l) => l.message));
    for (const [i, line] of mine.entries()) {
      expect(line.data, String(line.message)).toMatchObject({ operationName: "greet", attempt: 1, operationId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      // The same metadata (the reference also lists tenantId when it is undefined; ids are the same hash).
      const defined = (data: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(data ?? {}).filter(([, v]) => v !== undefined));
      expect(defined(line.data), String(line.message)).toEqual(defined(theirs[i]!.data));
    }
  });
});
