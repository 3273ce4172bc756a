/**
 * The default message of an error class (`message || default`) is applied by the nearest constructor above
 * it, from the generated DEFAULT_MESSAGES (most classes have no constructor of their own): an empty or
 * missing message takes the default of the nearest class that has one, also under a user's subclass; a
 * class without a default keeps the message as given (an empty one stays an own `message` of "", a missing
 * one none); and the instance's own keys come in the same order as with a constructor per class.
 */
import { describe, expect, it } from "vitest";
import {
  CallbackError,
  CallbackExternalError,
  CallbackTimeoutError,
  CheckpointUnrecoverableExecutionError,
  DurableOperationError,
  NonDeterministicExecutionError,
  SerdesFailedError,
  StepError,
  UnrecoverableInvocationError,
} from "../../src/generated/errors";

const OPERATION_KEYS = ["stack", "message", "cause", "errorData", "stackTrace", "name", "errorType"];

describe("error default messages", () => {
  it("an empty or missing message takes the class's default; a given one is kept", () => {
    for (const message of [undefined, ""]) {
      expect(new StepError(message).message).toBe("Step failed");
      expect(new CallbackTimeoutError(message).message).toBe("Callback timed out");
      expect(new SerdesFailedError(message).message).toBe("[Unrecoverable Invocation] Serdes operation failed");
      expect(new NonDeterministicExecutionError(message).message).toBe("[Unrecoverable Execution] Non-deterministic execution detected");
      expect(new CheckpointUnrecoverableExecutionError(message).message).toBe("[Unrecoverable Execution] Checkpoint operation failed");
    }
    expect(new StepError("boom").message).toBe("boom");
    expect(new SerdesFailedError("boom").message).toBe("[Unrecoverable Invocation] boom");
  });

  it("a class whose default is its parent's (CallbackExternalError) and a user's subclass take the nearest default", () => {
    expect(new CallbackExternalError().message).toBe("Callback failed");
    class Declined extends CallbackTimeoutError {}
    class Rejected extends CallbackError {
      constructor() {
        super("");
      }
    }
    expect(new Declined().message).toBe("Callback timed out");
    expect(new Rejected().message).toBe("Callback failed");
    expect(new Declined().errorType).toBe("CallbackTimeoutError");
  });

  it("a user's error under a base without a default keeps the message as given", () => {
    class Custom extends DurableOperationError {
      readonly errorType = "Custom";
    }
    class Ended extends UnrecoverableInvocationError {
      readonly terminationReason = "CUSTOM";
    }
    expect(Object.getOwnPropertyDescriptor(new Custom(""), "message")?.value).toBe("");
    expect(Object.hasOwn(new Custom(undefined as unknown as string), "message")).toBe(false);
    expect(new Ended(undefined as unknown as string).message).toBe("[Unrecoverable Invocation] undefined");
    expect(new Ended("").message).toBe("[Unrecoverable Invocation] ");
  });

  it("keeps the own keys in constructor order: message first, errorType after name", () => {
    const keys = (error: object) => Reflect.ownKeys(error).filter((key) => typeof key === "string");
    expect(keys(new StepError())).toEqual(OPERATION_KEYS);
    expect(keys(new CallbackExternalError("x", new Error("c"), "d"))).toEqual(OPERATION_KEYS);
    expect(keys(new SerdesFailedError())).toEqual(["stack", "message", "isUnrecoverable", "originalError", "name", "isUnrecoverableInvocation", "terminationReason"]);
    expect(new StepError("", new Error("c"), "d").toErrorObject()).toEqual({ ErrorType: "StepError", ErrorMessage: "Step failed", ErrorData: "d", StackTrace: undefined });
  });
});
