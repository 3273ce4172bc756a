/**
 * The generated surface behaves: createOperationMethods resolves names and validates arguments (the real
 * src/generated output), DurableValidationError names the field and the fix, and errors rebuild and
 * brand correctly, also across two copies of the errors module.
 */
import { describe, expect, it, vi } from "vitest";
import {
  CallbackError,
  CallbackTimeoutError,
  DurableOperationError,
  DurableValidationError,
  StepError,
  createOperationMethods,
  errorFromErrorObject,
  type DurablePromise,
  type OperationArgs,
  type OperationName,
} from "../../src/generated/index";
import { thrownValidationError } from "../../test/support/validation";

/** Operation methods around a dispatcher that records its calls instead of running anything. */
function recorder() {
  const calls: [OperationName, unknown][] = [];
  const methods = createOperationMethods(<K extends OperationName>(operation: K, args: OperationArgs[K]) => {
    calls.push([operation, args]);
    return Promise.resolve() as unknown as DurablePromise<unknown>;
  });
  return { calls, methods };
}

const fn = async () => 1;

describe("createOperationMethods", () => {
  it("resolves the optional leading name", () => {
    const { calls, methods } = recorder();
    methods.step("n", fn);
    methods.step(fn);
    methods.step(undefined, fn);
    expect(calls).toEqual([
      ["step", { name: "n", fn, config: undefined }],
      ["step", { name: undefined, fn, config: undefined }],
      ["step", { name: undefined, fn, config: undefined }],
    ]);
  });

  it("takes invoke's name only when the second argument is a string", () => {
    const { calls, methods } = recorder();
    methods.invoke("a", "b");
    methods.invoke("fn", { x: 1 });
    expect(calls).toEqual([
      ["invoke", { name: "a", funcId: "b", input: undefined, config: undefined }],
      ["invoke", { name: undefined, funcId: "fn", input: { x: 1 }, config: undefined }],
    ]);
  });

  it("hands the runtime the caller's own objects", () => {
    const { calls, methods } = recorder();
    const serdes = { serialize: async () => "", deserialize: async () => 1 };
    const config = { serdes };
    methods.step("n", fn, config);
    const args = calls[0]![1] as OperationArgs["step"];
    expect(args.config).toBe(config);
    expect(args.config!.serdes).toBe(serdes);
  });
});

describe("DurableValidationError", () => {
  type Methods = ReturnType<typeof recorder>["methods"];
  /** Calls with deliberately wrong arguments, so their types are loosened. */
  const loose = (method: unknown) => method as (...args: unknown[]) => unknown;
  /** A Duration's messages are the Duration rule's own: the unit at fault and its value, or the total. */
  const durationMessage = (where: string, problem: string) => `${where} ${problem}. Use a Duration such as { seconds: 30 } or { minutes: 5 }.`;
  const cases: { name: string; call: (m: Methods) => unknown; field: string; message: string }[] = [
    {
      name: "maxConcurrency 0",
      call: (m) => m.map([1, 2], async () => 1, { maxConcurrency: 0 }),
      field: "map.config.maxConcurrency",
      message:
        "map(): config.maxConcurrency must be a whole number of at least 1, or Infinity (received number 0). Use a whole number of at least 1, or Infinity (or leave it out) for unlimited concurrency.",
    },
    {
      name: "thresholds combined with shouldComplete",
      call: (m) => m.map([], async () => 1, { completionConfig: { minSuccessful: 1, shouldComplete: () => ({ complete: false }) } }),
      field: "map.config.completionConfig.shouldComplete",
      message:
        "map(): config.completionConfig.shouldComplete: shouldComplete cannot be combined with minSuccessful. Pass a function (status) => completeBatch(outcome) | continueBatch(), and remove the threshold fields.",
    },
    {
      name: "a map function that is not a function",
      call: (m) => loose(m.map.bind(m))([], "notfn"),
      field: "map.mapFunc",
      message: 'map(): mapFunc must be a function (received "notfn"). Pass a function.',
    },
    {
      name: "waitForCondition without initialState",
      call: (m) => loose(m.waitForCondition.bind(m))(async () => 1, { waitStrategy: () => ({ shouldContinue: false }) }),
      field: "waitForCondition.config.initialState",
      message:
        "waitForCondition(): config.initialState must be a value other than undefined (received undefined). Pass the state the first check starts from (null is allowed, undefined is not).",
    },
    { name: "a negative duration", call: (m) => m.wait({ seconds: -5 }), field: "wait.duration.seconds", message: durationMessage("wait(): duration.seconds", "must be a number of 0 or more, got number -5") },
    { name: "a NaN duration", call: (m) => m.wait({ seconds: Number.NaN }), field: "wait.duration.seconds", message: durationMessage("wait(): duration.seconds", "must be a number of 0 or more, got number NaN") },
    { name: "a string amount", call: (m) => loose(m.wait.bind(m))({ seconds: "5" }), field: "wait.duration.seconds", message: durationMessage("wait(): duration.seconds", 'must be a number of 0 or more, got "5"') },
    { name: "an unknown unit", call: (m) => loose(m.wait.bind(m))({ millis: 5 }), field: "wait.duration.millis", message: durationMessage("wait(): duration.millis", "is not a Duration unit") },
    { name: "an empty duration", call: (m) => loose(m.wait.bind(m))({}), field: "wait.duration", message: durationMessage("wait(): duration", "must set at least one of days, hours, minutes or seconds") },
    { name: "a number for a duration", call: (m) => loose(m.wait.bind(m))(5), field: "wait.duration", message: durationMessage("wait(): duration", "must be a Duration object, got number 5") },
    { name: "a duration too long in total", call: (m) => m.wait({ days: 400 }), field: "wait.duration", message: durationMessage("wait(): duration", "is 34560000 seconds; at most 31622400 (366 days) are allowed") },
    {
      name: "a negative unit of a config's Duration",
      call: (m) => m.createCallback({ timeout: { minutes: -1 } }),
      field: "createCallback.config.timeout.minutes",
      message: durationMessage("createCallback(): config.timeout.minutes", "must be a number of 0 or more, got number -1"),
    },
    {
      name: "an unknown config key",
      call: (m) => loose(m.step.bind(m))(fn, { retry: 1 }),
      field: "step.config",
      message: 'step(): config has unknown option "retry". Remove it or use one of: retryStrategy, semantics, serdes.',
    },
  ];

  it.each(cases)("names the field and the fix: $name", ({ call, field, message }) => {
    const { calls, methods } = recorder();
    const error = thrownValidationError(() => call(methods));
    expect({ field: error.field, message: error.message }).toEqual({ field, message });
    expect(error.message.endsWith(error.fix)).toBe(true);
    expect(error.operation).toBe(field.split(".")[0]);
    expect(error.name).toBe("DurableValidationError");
    expect(calls).toEqual([]);
  });
});

describe("errors", () => {
  it("rebuilds the class named by ErrorType, with its bases", () => {
    const error = errorFromErrorObject({ ErrorType: "CallbackTimeoutError", ErrorMessage: "x" });
    expect(error).toBeInstanceOf(CallbackTimeoutError);
    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toBeInstanceOf(DurableOperationError);
    expect(error).not.toBeInstanceOf(StepError);
    expect([error.name, error.message, error.errorType]).toEqual(["CallbackTimeoutError", "x", "CallbackTimeoutError"]);
    expect(errorFromErrorObject(error.toErrorObject())).toBeInstanceOf(CallbackTimeoutError);
  });

  it("rebuilds an unknown ErrorType as a StepError whose cause carries the type and message", () => {
    const error = errorFromErrorObject({ ErrorType: "PaymentDeclined", ErrorMessage: "card expired" });
    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toBe("card expired");
    expect(error.cause).toBeInstanceOf(Error);
    expect([error.cause!.name, error.cause!.message]).toEqual(["PaymentDeclined", "card expired"]);
  });

  it("keeps instanceof working across two copies of the errors module", async () => {
    vi.resetModules();
    const a = await import("../../src/generated/errors");
    vi.resetModules();
    const b = await import("../../src/generated/errors");
    expect(b.CallbackTimeoutError).not.toBe(a.CallbackTimeoutError);

    const timeout = new a.CallbackTimeoutError("x");
    expect(Object.getPrototypeOf(timeout)).not.toBe(b.CallbackTimeoutError.prototype);
    expect(timeout instanceof b.CallbackTimeoutError).toBe(true);
    expect(timeout instanceof b.CallbackError).toBe(true);
    expect(timeout instanceof b.DurableOperationError).toBe(true);
    expect(timeout instanceof b.StepError).toBe(false);
    expect(b.isCallbackError(timeout)).toBe(true);
    expect(new a.SerdesFailedError() instanceof b.UnrecoverableInvocationError).toBe(true);
    expect(new a.SerdesFailedError() instanceof b.UnrecoverableExecutionError).toBe(false);
    expect(new a.StepInterruptedError("1") instanceof b.StepInterruptedError).toBe(true);
    expect({ name: "StepError", message: "x" } instanceof b.StepError).toBe(false);

    // A user's subclass is branded with its generated bases and keeps ordinary instanceof for itself.
    class PaymentError extends a.StepError {}
    const payment = new PaymentError("declined");
    expect(payment.name).toBe("PaymentError");
    expect(payment instanceof b.StepError).toBe(true);
    expect(payment instanceof PaymentError).toBe(true);
    expect(new b.StepError() instanceof PaymentError).toBe(false);
  });
});
